"""A compiled read run on the driver's own connection: SQLAlchemy writes the SQL (once per shape
of statement), asyncpg runs it.

Through SQLAlchemy's `AsyncConnection` the one statement of a queue page cost ~0.7 ms of Python
around it (a connection wrapper, execution options, a result object, two greenlet switches per
call), a third of the request's time in Python. The statement is still built and compiled by
SQLAlchemy, with the pool's connections, limits and checks: only the execution is asyncpg's.
"""

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import asyncpg
from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import greenlet_spawn

_LOST = (
    OSError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError, asyncpg.exceptions.CrashShutdownError,
)
# Shapes of statement, not statements: one per document and filter combination in use.
COMPILED_KEPT = 500


class DirectReads:
    def __init__(self, engine: AsyncEngine) -> None:
        self.pool = engine.sync_engine.pool
        self.dialect: Dialect = engine.dialect
        self._compiled: OrderedDict[Any, SQLCompiler] = OrderedDict()
        # Told each statement's text before it runs, as SQLAlchemy's before_cursor_execute
        # listeners are told theirs: what counts statements per request counts these too.
        self.listeners: list[Callable[[str], None]] = []

    def sql(self, statement: Select[Any]) -> tuple[str, list[Any], list[str]]:
        """The statement's text for asyncpg, its values in order as SQLAlchemy would send them,
        and the names of the parameters they are the values of."""
        # The cache key SQLAlchemy computes for its own compiled cache: equal for statements that
        # differ only in their values, which it also extracts.
        cache_key = statement._generate_cache_key()
        key = cache_key.key if cache_key is not None else None  # its hashable part
        compiled = self._compiled.get(key) if key is not None else None
        if compiled is None:
            # Compiled with the key, it takes the values of any statement of its shape.
            compiled = statement.compile(dialect=self.dialect, cache_key=cache_key)
            assert isinstance(compiled, SQLCompiler)
            if key is not None:
                self._compiled[key] = compiled
                if len(self._compiled) > COMPILED_KEPT:
                    self._compiled.popitem(last=False)
        else:
            self._compiled.move_to_end(key)
        if cache_key is None:
            params = compiled.construct_params()
        else:
            # The values of this statement, as SQLAlchemy's own execution takes them from the key
            # (engine/default.py): its bound parameters and the values 2.1 collects alongside.
            params = compiled.construct_params(
                extracted_parameters=cache_key.bindparams, _collected_params=cache_key.params,
            )
        # IN lists become one placeholder per element here, as at SQLAlchemy's own execution.
        expanded = compiled.construct_expanded_state(params)
        assert expanded.positiontup is not None, "asyncpg's placeholders are positional"
        # Each value as its column type sends it (an enum member as its name); the elements of an
        # expanded list have processors of their own (the same merge as engine/default.py's).
        # (A tuple-valued IN would have a processor per element: the read path has none.)
        processors = cast(Mapping[str, Callable[[Any], Any]], {**compiled._bind_processors, **expanded.processors})
        values, names = expanded.parameters, list(expanded.positiontup)
        return expanded.statement, [
            processors[name](values[name]) if name in processors else values[name] for name in names
        ], names

    async def fetchrow(self, text: str, values: Sequence[Any]) -> asyncpg.Record:
        for listener in self.listeners:
            listener(text)
        # A checkout may connect or ping (both awaited inside SQLAlchemy's sync pool code).
        pooled = await greenlet_spawn(self.pool.connect)
        try:
            # No transaction: one statement reads one snapshot by itself.
            row: asyncpg.Record = await pooled.driver_connection.fetchrow(text, *values)  # type: ignore[union-attr]
        except _LOST as lost:
            # As SQLAlchemy does on a disconnect: every connection of the pool made before now is
            # replaced when next checked out, not only this one (a restart lost them all).
            self.pool._invalidate(pooled, lost)
            raise
        finally:
            await greenlet_spawn(pooled.close)
        return row
