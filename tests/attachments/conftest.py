from pathlib import Path

import pytest

from cozum.config import Settings
from tests.attachments.media import TEST_AREA


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Files under this test's own folder; the municipality's area around Elbistan."""
    return Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_DATA_DIR=tmp_path, COZUM_BOUNDS=TEST_AREA)
