"""The naive reference worker as a process of its own, like `cozum worker`: runs until SIGTERM.

    DATABASE_URL=… SMTP_URL=… SMS_GATEWAY_URL=… python bench/outbox_contender.py LOOPS
"""

import asyncio
import signal
import sys

from outbox_naive import NaiveWorker

from cozum.config import get_settings
from cozum.db import create_engine, create_sessionmaker
from cozum.notifications.senders.registry import senders_from


async def main(loops: int) -> None:
    settings = get_settings()
    assert settings.database_url is not None
    engine = create_engine(settings.database_url, pool_size=loops)
    worker = NaiveWorker(settings, create_sessionmaker(engine), senders_from(settings, 30.0), loops, engine=engine)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    await worker.start()
    await stop.wait()
    await worker.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
