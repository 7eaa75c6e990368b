"""An embedded PostgreSQL for development and tests, so nobody has to install one."""

import os
from pathlib import Path


def start_embedded(data_dir: Path) -> str:
    """Start (or reuse) the PostgreSQL in `data_dir/pg` and return its URL."""
    # pgserver as root makes every parent folder traversable; keep data outside /root.
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    runtime = data_dir / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    from pgserver.postgres_server import get_server  # imported late: it reads XDG_RUNTIME_DIR at import

    server = get_server(data_dir / "pg", cleanup_mode="stop")
    uri: str = server.get_uri()
    return uri


def database_url(configured: str | None, data_dir: Path) -> str:
    return configured or start_embedded(data_dir)
