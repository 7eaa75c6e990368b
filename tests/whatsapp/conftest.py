from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from cozum.config import Settings
from tests.attachments import media
from tests.attachments.pdf_ogg import ogg_opus, pdf
from tests.whatsapp.graph import PHONE_NUMBER_ID, TOKEN, GraphServer, Served
from tests.whatsapp.helpers import (
    APP_SECRET,
    AUDIO_ID,
    DOCUMENT_ID,
    IMAGE_ID,
    VERIFY_TOKEN,
    VIDEO_ID,
    Watcher,
    running_processor,
)


@pytest.fixture
def graph() -> Iterator[GraphServer]:
    """Serves the fixtures' media: a real JPEG, MP4 and PDF, and an Ogg Opus voice message."""
    server = GraphServer(media={
        IMAGE_ID: Served(media.jpeg((80, 60)), "image/jpeg"),
        VIDEO_ID: Served(media.mp4(), "video/mp4"),
        DOCUMENT_ID: Served(pdf(), "application/pdf"),
        AUDIO_ID: Served(ogg_opus(), "audio/ogg; codecs=opus"),
    })
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(graph: GraphServer, tmp_path: Path) -> Settings:
    """The line configured against the local Graph API, files in the test's own folder, the area
    around Elbistan, retries in milliseconds."""
    return Settings(
        COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_DATA_DIR=tmp_path, COZUM_BOUNDS=media.TEST_AREA, WHATSAPP_APP_SECRET=APP_SECRET,
        WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN, WHATSAPP_GRAPH_URL=graph.graph_url, WHATSAPP_ACCESS_TOKEN=TOKEN,
        WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID, COZUM_OUTBOX_RETRY_BASE_SECONDS=0.01,
        COZUM_OUTBOX_RETRY_MAX_SECONDS=0.05,
    )


@pytest.fixture
async def processor(database_url: str, settings: Settings) -> AsyncIterator[Watcher]:
    async with running_processor(database_url, settings) as watcher:
        yield watcher
