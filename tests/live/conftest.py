from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.fixtures.live import serving


@pytest.fixture
async def live(app: Any) -> AsyncIterator[str]:
    """The app served on a local port, hub running: its address for WebSocket clients."""
    async with serving(app) as base:
        yield base
