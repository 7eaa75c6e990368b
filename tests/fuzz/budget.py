"""How many inputs each fuzz test generates.

CI tries a few thousand in all, the same ones every run (derandomised). A longer run spreads
FUZZ_EXAMPLES over the same tests, and FUZZ_SEED explores other inputs than CI's:

    FUZZ_EXAMPLES=20000 FUZZ_SEED=7 .venv/bin/pytest tests/fuzz
"""

import os
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, seed, settings

F = TypeVar("F", bound=Callable[..., Any])

TOTAL = int(os.environ.get("FUZZ_EXAMPLES", "3000"))
_SEED = os.environ.get("FUZZ_SEED")

# Each test's share of the total.
SHARES = {
    "public": 16, "public_production": 6, "operator": 22, "admin": 8, "agent": 4,
    "raw": 30, "raw_production": 6, "schema": 12, "schema_production": 4,
}


def examples(test: str) -> int:
    return max(5, round(TOTAL * SHARES[test] / sum(SHARES.values())))


def fuzzing(test: str) -> Callable[[F], F]:
    """hypothesis settings for one fuzz test: its share of examples, no deadline (2 shared
    cores), no example database, no shrinking time spent beyond a failure's first report."""

    def decorate(function: F) -> F:
        configured = settings(
            max_examples=examples(test),
            deadline=None,
            derandomize=_SEED is None,
            database=None,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                   HealthCheck.data_too_large, HealthCheck.large_base_example],
            print_blob=True,
        )(function)
        return seed(int(_SEED))(configured) if _SEED is not None else configured

    return decorate
