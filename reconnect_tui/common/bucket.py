"""A token bucket: the one rule for "this much a second, that much at once".

The server meters the bytes a person types with it, and the two-screens link
the messages a partner's screen sends. Time comes from an injected clock, so
the rule is tested on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Bucket:
    """*rate* a second on average (bytes, messages), up to *burst* at once."""

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._tokens = float(burst)
        self._at = clock()

    def _fill(self) -> None:
        now = self.clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._at) * self.rate)
        self._at = now

    def take(self, wanted: int) -> int:
        """How many of *wanted* may go now (taken from the bucket)."""
        self._fill()
        given = min(wanted, int(self._tokens))
        self._tokens -= given
        return given

    def give_back(self, unused: int) -> None:
        """Taken but not used after all (for the server: the app's terminal was full)."""
        self._tokens = min(float(self.burst), self._tokens + max(0, unused))

    def wait_for(self, wanted: int) -> float:
        """Seconds until *wanted* (at most a burst) may go."""
        self._fill()
        missing = min(wanted, self.burst) - self._tokens
        return max(0.0, missing / self.rate)
