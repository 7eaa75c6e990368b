"""Alembic, driven from code so `cozum migrate` needs no alembic.ini in the working folder."""

from pathlib import Path

from alembic import command
from alembic.config import Config

# The advisory lock key every migration run takes (see migrations/env.py).
MIGRATION_LOCK = 0x636F7A756D  # "cozum"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option(
        "file_template",
        "%%(year)d-%%(month).2d-%%(day).2d-%%(hour).2d%%(minute).2d_%%(slug)s",
    )
    config.set_main_option("timezone", "UTC")
    # `%` would be read as interpolation by configparser.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)
