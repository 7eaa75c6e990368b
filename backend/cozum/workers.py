"""The background queues a process works on: in the app's lifespan by default, or in
`cozum worker` processes of their own (COZUM_WORKER=off on the servers)."""

from cozum.config import Settings
from cozum.kit.claim_loop import ClaimLoop
from cozum.notifications.worker import Worker
from cozum.webhooks.dispatcher import Dispatcher
from cozum.whatsapp.processor import Processor


def background_workers(database_url: str, settings: Settings) -> list[ClaimLoop]:  # type: ignore[type-arg]
    # Each with an engine of its own: their few connections never compete with requests'.
    return [
        Worker.for_database(database_url, settings),
        Processor.for_database(database_url, settings),
        Dispatcher.for_database(database_url, settings),
    ]


async def start_all(workers: list[ClaimLoop]) -> None:  # type: ignore[type-arg]
    for worker in workers:
        await worker.start()


async def stop_all(workers: list[ClaimLoop]) -> None:  # type: ignore[type-arg]
    for worker in reversed(workers):
        await worker.stop()
