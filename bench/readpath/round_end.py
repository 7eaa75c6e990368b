"""When a round's load stopped: what is counted after a round (events at the consoles, e-mails
at the SMTP server) is late by this, whichever of them is waited for first."""

import time
from dataclasses import dataclass


@dataclass
class RoundEnd:
    monotonic: float = 0.0
    wall: float = 0.0  # the consoles' processes note arrivals by the wall clock

    def mark(self) -> None:
        self.monotonic, self.wall = time.monotonic(), time.time()
