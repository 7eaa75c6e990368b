import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

os.environ.setdefault("COZUM_ENV", "test")
# No outbox worker unless a test starts one: it would record failed tries (no sender is
# configured) in every app, and in every `cozum serve` the tests start (they inherit this).
os.environ.setdefault("COZUM_WORKER", "off")
# pgserver asks platformdirs for a private runtime folder; give it one before anything imports it.
_runtime = os.path.join(tempfile.gettempdir(), f"cozum-tests-runtime-{os.getuid()}")
os.makedirs(_runtime, mode=0o700, exist_ok=True)
os.environ.setdefault("XDG_RUNTIME_DIR", _runtime)

from cozum.app import create_app  # noqa: E402
from cozum.auth.models import StaffRole  # noqa: E402
from cozum.auth.service import create_user  # noqa: E402
from cozum.config import Settings  # noqa: E402
from cozum.db import create_engine, create_sessionmaker, transaction  # noqa: E402
from tests.fixtures.database import (  # noqa: E402
    DatabasePool,
    build_template,
    drop_test_database,
    server_url,
    with_database,
)
from tests.fixtures.graphql import GraphQLClient  # noqa: E402

STAFF_PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    return server_url()


@pytest.fixture(scope="session")
def template_database(postgres_server: str) -> Iterator[str]:
    yield from build_template(postgres_server)


@pytest.fixture(scope="session")
async def database_pool(postgres_server: str, template_database: str) -> AsyncIterator[DatabasePool]:
    pool = DatabasePool(postgres_server)
    yield pool
    await pool.close()


@pytest.fixture
async def database_url(postgres_server: str, database_pool: DatabasePool) -> AsyncIterator[str]:
    """A fresh database, migrated and holding the default departments and categories."""
    name = await database_pool.take()
    yield with_database(postgres_server, name)
    await drop_test_database(postgres_server, name)


@pytest.fixture
def settings() -> Settings:
    return Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST")


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """A separate engine for tests to look at the database behind the app's back."""
    engine = create_engine(database_url, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with create_sessionmaker(engine)() as session:
        yield session


@pytest.fixture
async def app(database_url: str, settings: Settings) -> AsyncIterator[Any]:
    application = create_app(database_url, settings)
    yield application
    await application.state.engine.dispose()


def http_client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
async def http(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(app) as client:
        yield client


@pytest.fixture
def client(http: httpx.AsyncClient) -> GraphQLClient:
    """An anonymous client: a citizen, or an integrator without a key."""
    return GraphQLClient(http)


LOGIN = """
mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { user { id name } userErrors { code } }
}
"""


async def signed_in(
    app: Any, engine: AsyncEngine, email: str, name: str, role: StaffRole = StaffRole.OPERATOR,
    department: str | None = None,
) -> GraphQLClient:
    async with transaction(create_sessionmaker(engine)) as session:
        await create_user(session, email, STAFF_PASSWORD, role, name, department)
    client = GraphQLClient(http_client(app))
    payload = await client.mutate("login", LOGIN, {"email": email, "password": STAFF_PASSWORD})
    assert payload["user"]["name"] == name
    return client


@pytest.fixture
async def staff(app: Any, engine: AsyncEngine) -> AsyncIterator[GraphQLClient]:
    """A second client, signed in as a call-centre operator."""
    client = await signed_in(app, engine, "operator@example.org", "Ayşe Operatör")
    yield client
    await client.http.aclose()


class SqlLog:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def clear(self) -> None:
        self.statements.clear()


@pytest.fixture
def sql_log(app: Any) -> Iterator[SqlLog]:
    """Every statement the app's engine runs, to count queries."""
    log = SqlLog()
    sync_engine = app.state.engine.sync_engine

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        log.statements.append(statement)

    direct = app.state.shared.direct_reads.listeners  # the compiled read path's statements
    event.listen(sync_engine, "before_cursor_execute", record)
    direct.append(log.statements.append)
    yield log
    event.remove(sync_engine, "before_cursor_execute", record)
    direct.remove(log.statements.append)


async def count_rows(session: AsyncSession, table: str) -> int:
    return int((await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())
