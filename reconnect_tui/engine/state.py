"""A session's moving parts as plain data, and reading them back with care.

Saved sessions are written with tomli-w, which has no None: an absent value
is an absent key. Everything here is dicts, lists, strings, ints, floats and
bools, so the same data also goes through JSON unchanged.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import attrs

from reconnect_tui.common import safetext

PEOPLE_KEYS = ("a", "b")
# Answer cells: one person's answer, or the one shared answer of the pair.
CELL_KEYS = ("a", "b", "both")


class DamagedData(ValueError):
    """Saved session data that cannot be read back."""


def expect(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    """*value* if it has the type *kind*, else DamagedData naming *what*."""
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise DamagedData(f"{what} should be a number")
    if not isinstance(value, kind):
        raise DamagedData(f"{what} has the wrong type")
    return value


@attrs.define(kw_only=True)
class Cursor:
    """Where a session is: everything back() must put back, except the answers.

    Attributes:
        step: the current step id; None once the session has finished.
        turn: position in the step's order of turns (each partner in turn).
        lead: the person ("a"/"b") holding the exercise's first role now.
        visits: step id -> times entered.
        taken: "step/branch-index" -> times that branch was taken.
        revealed: private steps a compare or summary step has shown.
        passed: steps without an answer value (read, pause…) that were continued.
        last_actor: the last single person who answered or skipped.
        handoff: the keyboard must change hands before this turn.
        run: together, on an ``each`` step: the step its run of ``each`` steps
            began at (where the second person starts their pass); None
            elsewhere, and in data saved before runs, where the step stands alone.
        first: together, on an ``each`` step: who does the run first.
    """

    step: str | None = None
    turn: int = 0
    lead: str = "a"
    visits: dict[str, int] = attrs.field(factory=dict)
    taken: dict[str, int] = attrs.field(factory=dict)
    revealed: list[str] = attrs.field(factory=list)
    passed: list[str] = attrs.field(factory=list)
    last_actor: str | None = None
    handoff: bool = False
    run: str | None = None
    first: str | None = None

    def to_data(self, elapsed: float) -> dict[str, Any]:
        data: dict[str, Any] = {
            "turn": self.turn,
            "lead": self.lead,
            "visits": dict(self.visits),
            "taken": dict(self.taken),
            "revealed": list(self.revealed),
            "passed": list(self.passed),
            "handoff": self.handoff,
            "elapsed": elapsed,
        }
        for name in ("step", "last_actor", "run", "first"):  # TOML has no None: left out
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data

    @classmethod
    def from_data(cls, data: Any) -> tuple[Cursor, float]:
        """The cursor and the seconds spent on its step, or DamagedData."""
        data = expect(data, Mapping, "state")
        lead = data.get("lead", "a")
        last_actor, first = data.get("last_actor"), data.get("first")
        if lead not in PEOPLE_KEYS or last_actor not in (None, *PEOPLE_KEYS):
            raise DamagedData("state names someone who is not 'a' or 'b'")
        if first not in (None, *PEOPLE_KEYS):
            raise DamagedData("state names someone who is not 'a' or 'b'")
        step, run = data.get("step"), data.get("run")
        cursor = cls(
            step=None if step is None else expect(step, str, "state.step"),
            turn=max(0, expect(data.get("turn", 0), int, "state.turn")),
            lead=lead,
            visits=_counts(data.get("visits", {}), "state.visits"),
            taken=_counts(data.get("taken", {}), "state.taken"),
            revealed=names(data.get("revealed", []), "state.revealed"),
            passed=names(data.get("passed", []), "state.passed"),
            last_actor=last_actor,
            handoff=expect(data.get("handoff", False), bool, "state.handoff"),
            run=None if run is None else expect(run, str, "state.run"),
            first=first,
        )
        elapsed = float(expect(data.get("elapsed", 0.0), (int, float), "state.elapsed"))
        return cursor, max(0.0, elapsed)


def _counts(value: Any, what: str) -> dict[str, int]:
    value = expect(value, Mapping, what)
    return {expect(k, str, what): expect(n, int, what) for k, n in value.items()}


def names(value: Any, what: str) -> list[str]:
    return [expect(item, str, what) for item in expect(value, list, what)]


def clean_tree(value: Any, what: str) -> Any:
    """A copy of saved answer data with every string cleaned; DamagedData for odd types."""
    try:
        return safetext.clean_tree(value)
    except TypeError:
        raise DamagedData(f"{what} holds a value of an unexpected kind") from None


def cells(value: Any, what: str) -> dict[str, dict[str, Any]]:
    """Answers or drafts: step id -> {"a"/"b"/"both": value}."""
    table: dict[str, dict[str, Any]] = clean_tree(expect(value, Mapping, what), what)
    for step_id, row in table.items():
        expect(row, dict, f"{what}.{step_id}")
        if not set(row) <= set(CELL_KEYS):
            raise DamagedData(f"{what}.{step_id} has an answer from someone unknown")
    return table


def history(value: Any) -> list[dict[str, Any]]:
    """The undo stack, each entry checked so that back() cannot fail later."""
    entries = []
    for entry in expect(value, list, "history"):
        entry = clean_tree(expect(entry, Mapping, "history entry"), "history")
        Cursor.from_data(entry.get("state"))
        expect(entry.get("step"), str, "history entry step")
        if entry.get("key") not in CELL_KEYS:
            raise DamagedData("history entry names someone unknown")
        entries.append(entry)
    return entries


def earlier_tries(history: list[dict[str, Any]]) -> dict[str, dict[str, list[Any]]]:
    """Step id -> person key -> the earlier answers to it, oldest first.

    The undo stack is also the record of every try: an answer given again
    (a repeat, a loop) keeps the one it replaces as its entry's ``prior``,
    and undoing it takes that entry off again. So sessions saved before tries
    were shown keep theirs, and nothing needs to be written twice.
    """
    tries: dict[str, dict[str, list[Any]]] = {}
    for entry in history:
        if "prior" in entry:
            cell = tries.setdefault(str(entry["step"]), {}).setdefault(str(entry["key"]), [])
            cell.append(copied(entry["prior"]))
    return tries


def copied(value: Any) -> Any:
    return copy.deepcopy(value)
