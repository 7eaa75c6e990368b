"""The `cozum` command."""

import asyncio
import getpass
import os
from typing import Annotated, Any

import typer

from cozum.auth.models import StaffRole
from cozum.config import Settings, get_settings
from cozum.embedded import database_url

app = typer.Typer(help="Çözüm: citizen requests for municipalities.", no_args_is_help=True)


def _url() -> str:
    settings = get_settings()
    return database_url(settings.database_url, settings.data_dir)


def _migrate(url: str) -> None:
    from cozum.migrate import upgrade

    upgrade(url)
    loaded = asyncio.run(_first_deployment(url))
    if loaded is not None:
        typer.echo(f"First deployment: loaded {loaded[0]} default departments and {loaded[1]} categories.")


async def _first_deployment(url: str) -> tuple[int, int] | None:
    from cozum.db import create_engine, create_sessionmaker, transaction
    from cozum.departments.seed import load_defaults_if_empty

    engine = create_engine(url, pool_size=1)
    try:
        async with transaction(create_sessionmaker(engine)) as session:
            return await load_defaults_if_empty(session)
    finally:
        await engine.dispose()


@app.command()
def migrate() -> None:
    """Apply database migrations."""
    _migrate(_url())
    typer.echo("Database is up to date.")


@app.command()
def demo(
    tickets: Annotated[int, typer.Option(help="How many tickets to generate.")] = 3000,
    seed: Annotated[int, typer.Option(help="Random seed, for repeatable data.")] = 2019,
) -> None:
    """Load the default departments and categories and a realistic demo history."""
    url = _url()
    _migrate(url)
    summary = asyncio.run(_load_demo(url, tickets, seed))
    typer.echo(summary)


async def _load_demo(url: str, tickets: int, seed: int) -> str:
    from cozum.db import create_engine, create_sessionmaker
    from cozum.demo.generator import load_demo

    engine = create_engine(url, pool_size=2)
    try:
        return await load_demo(create_sessionmaker(engine), tickets=tickets, seed=seed)
    finally:
        await engine.dispose()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    with_demo: Annotated[bool, typer.Option("--demo", help="Load demo data first if the database is empty.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Processes serving requests, one per core.")] = 1,
) -> None:
    """Apply migrations and serve (an embedded PostgreSQL when DATABASE_URL is unset)."""
    import uvicorn

    settings = get_settings()
    url = _url()
    _migrate(url)
    if with_demo:
        typer.echo(asyncio.run(_load_demo(url, 3000, 2019)))
    typer.echo(f"Çözüm on http://{host}:{port}/ (GraphQL at /graphql), {workers} process(es)")
    if workers > 1:
        _serve_workers(url, settings, host, port, workers)
        return
    from cozum.app import create_app, settle_heap
    from cozum.edge.server import server_config

    application = create_app(url, settings)
    settle_heap()
    uvicorn.Server(server_config(application, settings, host, port, log_level="info")).run()


def _serve_workers(url: str, settings: Settings, host: str, port: int, workers: int) -> None:
    from uvicorn.supervisors import Multiprocess

    from cozum.edge.server import workers_config

    os.environ["DATABASE_URL"] = url  # the workers' database: an embedded one runs in this process
    config = workers_config(settings, host, port, workers, log_level="info")
    Multiprocess(config, sockets=[config.bind_socket()]).run()


@app.command()
def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="Messages sent at once (default COZUM_OUTBOX_CONCURRENCY).")
    ] = None,
) -> None:
    """Send the outbox and webhooks and process WhatsApp calls until SIGTERM or SIGINT; any number may run side by side.
    Applies no migrations (run `cozum migrate` first); set COZUM_WORKER=off on the servers."""
    typer.echo("Çözüm worker: sending and processing (SIGTERM or Ctrl-C stops it after the work under way).")
    asyncio.run(_run_worker(_url(), concurrency))
    typer.echo("Worker stopped.")


async def _run_worker(url: str, concurrency: int | None) -> None:
    import logging
    import signal

    from cozum.workers import background_workers, start_all, stop_all

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per message sent is no news
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    settings = get_settings()
    if concurrency is not None:
        settings = settings.model_copy(update={"outbox_concurrency": concurrency})
    workers = background_workers(url, settings)
    await start_all(workers)
    try:
        await stop.wait()
    finally:
        await stop_all(workers)


@app.command()
def createuser(
    email: Annotated[str | None, typer.Option(help="Login e-mail.")] = None,
    password: Annotated[str | None, typer.Option(help="At least 8 characters.")] = None,
    role: Annotated[StaffRole | None, typer.Option(case_sensitive=False)] = None,
    department: Annotated[str | None, typer.Option(help="Department code, e.g. FEN.")] = None,
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
) -> None:
    """Create a staff account (asks for what the flags leave out)."""
    email = email or typer.prompt("E-mail")
    password = password or getpass.getpass("Password: ")
    role = role or StaffRole(typer.prompt("Role", default="OPERATOR").upper())
    message = asyncio.run(_create_user(_url(), email, password, role, department, name))
    typer.echo(message)


async def _create_user(
    url: str, email: str, password: str, role: StaffRole, department: str | None, name: str | None
) -> str:
    from cozum.auth.service import create_user
    from cozum.db import create_engine, create_sessionmaker, transaction
    from cozum.kit.errors import DomainError

    engine = create_engine(url, pool_size=1)
    try:
        async with transaction(create_sessionmaker(engine)) as session:
            user = await create_user(session, email, password, role, name, department)
        return f"Created {user.email} ({user.role.value})."
    except DomainError as error:
        raise typer.BadParameter(error.message) from None
    finally:
        await engine.dispose()


apikey_app = typer.Typer(help="API keys for integrators.", no_args_is_help=True)
app.add_typer(apikey_app, name="apikey")


@apikey_app.command("create")
def apikey_create(
    name: Annotated[str, typer.Option(help="Who the key is for, e.g. 'WhatsApp bridge'.")],
    scopes: Annotated[str, typer.Option(help="Comma-separated: SUBMIT,READ_PUBLIC,READ_DEPARTMENT,READ_ALL,"
                                             "WRITE_TICKETS,SUBSCRIBE,INTROSPECT")],
    department: Annotated[str | None, typer.Option(help="Department code, for READ_DEPARTMENT.")] = None,
    rate_limit: Annotated[int, typer.Option(help="Requests per minute.")] = 600,
) -> None:
    """Create a key and print it once; only its hash is kept."""
    from cozum.auth.permissions import ApiScope

    try:
        parsed = [ApiScope(s.strip().upper()) for s in scopes.split(",") if s.strip()]
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--scopes") from None
    typer.echo(asyncio.run(_create_key(_url(), name, parsed, department, rate_limit)))


async def _create_key(url: str, name: str, scopes: list[Any], department: str | None, rate_limit: int) -> str:
    from cozum.audit.models import AuditAction
    from cozum.audit.service import record
    from cozum.auth.actor import SYSTEM
    from cozum.auth.api_keys import create_api_key
    from cozum.db import create_engine, create_sessionmaker, transaction
    from cozum.departments.repository import department_id_by_code
    from cozum.kit.errors import DomainError

    engine = create_engine(url, pool_size=1)
    try:
        async with transaction(create_sessionmaker(engine)) as session:
            department_id = await department_id_by_code(session, department, ["department"]) if department else None
            row, key = await create_api_key(
                session, name, scopes, department_id=department_id, rate_limit_per_minute=rate_limit
            )
            record(session, AuditAction.API_KEY_CREATED, SYSTEM, target=("ApiKey", row.id), data={"scopes": row.scopes})
        return f"{key}\n(prefix {row.prefix}; this key is shown once and cannot be recovered)"
    except DomainError as error:
        raise typer.BadParameter(error.message) from None
    finally:
        await engine.dispose()


@app.command("export-schema")
def export_schema(
    output: Annotated[str, typer.Option(help="Where to write the SDL.")] = "schema.graphql",
) -> None:
    """Write the GraphQL schema (SDL) that the code defines."""
    from cozum.schema import schema

    with open(output, "w", encoding="utf-8") as handle:
        handle.write(schema.as_str() + "\n")
    typer.echo(f"Wrote {output}.")


if __name__ == "__main__":
    app()
