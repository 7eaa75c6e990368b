import random


def retry_delay(attempts: int, base: float, ceiling: float, rand: random.Random | None = None) -> float:
    """Seconds until the next try after `attempts` failed ones: exponential, capped, with full
    jitter (uniform between 0 and the cap), so the messages a provider's outage failed together
    do not all come back together."""
    exponent = min(max(attempts - 1, 0), 62)  # 2**63 seconds is past any cap already
    cap = min(ceiling, base * 2**exponent)
    return (rand or random).uniform(0, cap)
