from collections.abc import AsyncIterator
from typing import Any

import pytest

from cozum.config import Settings
from tests.edge.helpers import served


@pytest.fixture
async def server(app: Any, settings: Settings) -> AsyncIterator[tuple[str, int]]:
    """The test app on a real port, configured as `cozum serve` configures it."""
    async with served(app, settings) as address:
        yield address
