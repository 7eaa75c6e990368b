"""Who a session cookie or an API key stands for, remembered per process for a few seconds.

Only while this process LISTENs on `sessions`: every change to what a session, user or key
grants is announced there by triggers, in the changing transaction (see the read-path
migration), and the entries it names are dropped when it arrives. While the LISTEN connection
is down or not yet up, nothing is served from memory (a change might go unheard); when it
comes back, everything remembered is forgotten. The revoking request's wait until every
process has acted on its change is `fence` below (see auth/revocation.py).
"""

import asyncio
import hashlib
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth import lookup
from cozum.auth.lookup import Grant
from cozum.auth.revocation import CHANNEL, FENCE, HEARD_CHANNEL, LISTENER
from cozum.auth.service import token_hash
from cozum.db import asyncpg_dsn
from cozum.kit.listening import Listening
from cozum.kit.time import utcnow

log = logging.getLogger(__name__)

TTL_SECONDS = 30.0  # what a lost notification could cost at worst
MAX_ENTRIES = 10_000  # least recently used go first
FENCE_WAIT_SECONDS = 2.0
_HEARD = "SELECT pg_notify($1, $2 || ':' || pg_backend_pid())"


@dataclass(eq=False)
class _Waiting:
    """A fence of this process's: which listeners have answered, and which it waits for (known
    once the fence's statement returns, which some answers may precede)."""

    heard: set[int] = field(default_factory=set)
    listeners: set[int] | None = None
    done: "asyncio.Future[None]" = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    def heard_by(self, pid: int) -> None:
        self.heard.add(pid)
        self._check()

    def expect(self, listeners: set[int]) -> None:
        self.listeners = listeners
        self._check()

    def _check(self) -> None:
        if self.listeners is not None and self.listeners <= self.heard and not self.done.done():
            self.done.set_result(None)


class CredentialCache:
    def __init__(self, engine: AsyncEngine, *, ttl: float = TTL_SECONDS, size: int = MAX_ENTRIES) -> None:
        # Autocommit: a lookup is one statement, without a BEGIN and a ROLLBACK around it.
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._ttl, self._size = ttl, size
        self._entries: OrderedDict[str, tuple[float, Grant]] = OrderedDict()
        # Bumped by every announcement and (re)connection: a lookup that overlapped one may
        # have read what was just changed, and is used once but not remembered.
        self._changes = 0
        self._fences: dict[str, _Waiting] = {}
        self._answers: set[asyncio.Task[None]] = set()  # kept until sent
        self.started_over = asyncio.Event()  # set at each (re)connection, when all is forgotten
        # Named, so an operator can tell it in pg_stat_activity (asyncpg takes unknown DSN
        # parameters as server settings).
        url = engine.url.update_query_dict({"application_name": LISTENER})
        self._listening = Listening(
            asyncpg_dsn(url.render_as_string(hide_password=False)),
            {CHANNEL: self._announced, HEARD_CHANNEL: self._heard}, self._connected,
            name="session cache listener", health_check=5.0, max_delay=5.0,
        )
        self._started = False

    async def start(self) -> None:
        self._started = True
        await self._listening.start()

    async def stop(self) -> None:
        self._started = False
        await self._listening.stop()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def trusted(self) -> bool:
        """Whether every announcement would be heard now."""
        return self._started and self._listening.connected.is_set()

    async def session(self, token: str) -> Grant | None:
        hashed = token_hash(token)
        return await self._grant(f"s:{hashed}", lambda: lookup.session_grant(self._engine, hashed))

    async def api_key(self, presented: str) -> Grant | None:
        # By a hash of the whole key: a wrong secret with a known prefix never finds an entry.
        entry = f"k:{hashlib.sha256(presented.encode()).hexdigest()}"
        return await self._grant(entry, lambda: lookup.key_grant(self._engine, presented))

    async def _grant(self, entry: str, find: Callable[[], Awaitable[Grant | None]]) -> Grant | None:
        found = self._entries.get(entry)
        if found is not None and self.trusted and self._fresh(*found):
            self._entries.move_to_end(entry)
            return found[1]
        changes = self._changes
        grant = await find()
        if grant is not None and self.trusted and changes == self._changes:
            self._entries[entry] = (time.monotonic(), grant)
            self._entries.move_to_end(entry)
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return grant

    def _fresh(self, stored_at: float, grant: Grant) -> bool:
        if time.monotonic() - stored_at >= self._ttl:
            return False
        return grant.expires_at is None or grant.expires_at > utcnow()

    def _connected(self) -> None:
        self._changes += 1
        self._entries.clear()
        self.started_over.set()

    def _announced(self, payload: str) -> None:
        kind, _, value = payload.partition(":")
        if kind == "fence":
            self._fence_heard(value)
            return
        self._changes += 1
        if kind == "session":
            self._entries.pop(f"s:{value}", None)
        elif kind in ("user", "key"):
            self._forget(lambda grant: str(grant.actor.user_id if kind == "user" else grant.actor.api_key_id) == value)
        else:  # "all", or a kind this version does not know: forget everything, to be safe
            self._entries.clear()

    def _forget(self, matches: Callable[[Grant], bool]) -> None:
        for entry in [e for e, (_, grant) in self._entries.items() if matches(grant)]:
            del self._entries[entry]

    def _fence_heard(self, fence: str) -> None:
        """Everything announced before the fence has been acted on (notifications are handled
        in order): the fence's own process is told so, by everyone else."""
        waiting = self._fences.get(fence)
        if waiting is not None:
            if self._listening.pid is not None:
                waiting.heard_by(self._listening.pid)
            return
        task = asyncio.get_running_loop().create_task(self._listening.execute(_HEARD, HEARD_CHANNEL, fence))
        self._answers.add(task)
        task.add_done_callback(self._answered)

    def _heard(self, payload: str) -> None:
        fence, _, pid = payload.rpartition(":")
        waiting = self._fences.get(fence)
        if waiting is not None and pid.isdigit():
            waiting.heard_by(int(pid))

    def _answered(self, task: "asyncio.Task[None]") -> None:
        self._answers.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # The connection went: its process forgets everything when it comes back, and
            # the fence's process stops waiting after FENCE_WAIT_SECONDS.
            log.warning("Could not answer a fence: %s", task.exception())

    async def fence(self) -> None:
        """After the commit of a change to what a session or key grants: return once every
        process listening has acted on it (each answers the fence when it has); without the
        wait, the caller's very next request could reach a process whose listener had not yet
        read it. Bounded: the change is committed whatever happens, and within the TTL every
        process forgets; a process that stops listening meanwhile never answers."""
        if not self.trusted:
            return
        fence = secrets.token_hex(8)
        waiting = self._fences[fence] = _Waiting()  # before sending: the answers may come first
        params = {"channel": CHANNEL, "payload": f"fence:{fence}", "listener": LISTENER}
        try:
            async with asyncio.timeout(FENCE_WAIT_SECONDS):
                async with self._engine.connect() as connection:
                    listeners = (await connection.execute(FENCE, params)).one()[1]
                waiting.expect(set(listeners))
                await waiting.done
        except TimeoutError:
            log.warning("A change to sessions or keys was not heard back within %.1f s", FENCE_WAIT_SECONDS)
        except (SQLAlchemyError, OSError) as error:
            log.warning("Could not fence a change to sessions or keys: %s", error)
        finally:
            del self._fences[fence]
