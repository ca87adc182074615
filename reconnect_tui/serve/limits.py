"""How much, how often: the server's limits as plain values, and the counters that hold them.

No asyncssh and no sockets here: time comes from an injected clock, so each
rule is tested on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import attrs


@attrs.frozen(kw_only=True)
class Limits:
    """Every limit the server holds, set explicitly (asyncssh's defaults set none).

    Attributes:
        connections: connections at once, logged in or not.
        per_person: connections at once for one person.
        login_grace: seconds a connection has to log in.
        auth_tries: keys a connection may offer before it is closed.
        failed_logins: connections from one address that may fail to log in
            within ``throttle_seconds`` before that address must wait.
        throttle_seconds: how long failures are remembered.
        keepalive_seconds: quiet seconds before the server asks the client if it is there.
        keepalive_count: unanswered asks before the link is taken as lost.
        input_rate: bytes per second a person's typing (or pasting) may reach the app.
        input_burst: bytes that may arrive at once before the rate applies.
    """

    connections: int = 4
    per_person: int = 2
    login_grace: float = 30.0
    auth_tries: int = 6
    failed_logins: int = 5
    throttle_seconds: float = 60.0
    keepalive_seconds: float = 15.0
    keepalive_count: int = 3
    input_rate: int = 16 * 1024
    input_burst: int = 64 * 1024


class Throttle:
    """Failed logins by address: too many within the window, and the address waits."""

    def __init__(
        self, allowed: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.allowed = allowed
        self.seconds = seconds
        self.clock = clock
        self._failures: dict[str, list[float]] = {}

    def _recent(self, address: str) -> list[float]:
        now = self.clock()
        recent = [at for at in self._failures.get(address, []) if now - at < self.seconds]
        if recent:
            self._failures[address] = recent
        else:
            self._failures.pop(address, None)
        return recent

    def failed(self, address: str) -> None:
        self._recent(address)
        self._failures.setdefault(address, []).append(self.clock())

    def waiting(self, address: str) -> bool:
        """Whether *address* has failed too often lately to be let in now."""
        return len(self._recent(address)) >= self.allowed


class Count:
    """Connections at once, in all and per person."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.open = 0
        self.people: dict[str, int] = {}

    def full(self) -> bool:
        return self.open >= self.limits.connections

    def person_over(self, name: str) -> bool:
        """Whether *name*, counted in already, is in more connections than allowed."""
        return self.people.get(name.casefold(), 0) > self.limits.per_person

    def person_in(self, name: str) -> None:
        key = name.casefold()
        self.people[key] = self.people.get(key, 0) + 1

    def person_out(self, name: str) -> None:
        key = name.casefold()
        left = self.people.get(key, 0) - 1
        if left > 0:
            self.people[key] = left
        else:
            self.people.pop(key, None)
