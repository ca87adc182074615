"""What the two screens say to each other: newline-delimited JSON, versioned and bounded.

Every message is one line of JSON, an object with the protocol version
``v``, a sequence number ``n`` (strictly rising from each side) and a type
``t``. The joining side sends a hello with the join code, then intents (an
answer, a skip, back, a break and its end or hand-over, a draft, leaving);
the hello also names the person the joining app runs as (``--person``, as
``reconnect serve`` starts it) or null for the whole account. The owning side
sends a welcome, then what its person may see (a seat), the
outcome of an answer, and plain refusals.

Everything the joining side sends is checked here, field by field, before
it goes anywhere near the session: unknown fields or types, a wrong
version, a line that is too long, a number that does not rise, a value of a
shape no step takes. An intent never says who it is from; the owner knows
that from the connection. The standard ``json`` module is enough: the
messages are small and flat, and these checks (which a schema library would
not save) are most of the work.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from reconnect_tui.common.safetext import NAME_LIMIT
from reconnect_tui.engine.duo import STATES, Heard, Seat
from reconnect_tui.engine.values import Comparison, SummaryItem

from .invites import tidy_code

VERSION = 1
GUEST_LIMIT = 32 * 1024
"""Longest line (bytes) the owner takes from the joining side."""
HOST_LIMIT = 1024 * 1024
"""Longest line (bytes) the joining side takes from the owner (a long summary fits)."""

# Intent -> the fields it carries besides v, n and t.
INTENTS: dict[str, frozenset[str]] = {
    "answer": frozenset({"step", "value"}),
    "skip": frozenset({"step"}),
    "draft": frozenset({"step", "value"}),
    "back": frozenset(),
    "break": frozenset(),
    "end_break": frozenset(),
    "hand_break": frozenset(),
    "leave": frozenset(),
}
HOST_TYPES: dict[str, frozenset[str]] = {
    "welcome": frozenset({"person", "exercise", "revision", "session", "names", "pace"}),
    "seat": frozenset({"seat", "partner_here"}),
    "outcome": frozenset({"accepted", "reasons"}),
    "refused": frozenset({"why"}),
    "bye": frozenset({"why"}),
}

TEXT_LIMIT = 8000
ITEMS_LIMIT = 200
ID_LIMIT = 200
NUMBER_LIMIT = 1_000_000

WRONG_VERSION = "This screen runs another version of reconnect; please use the same one on both."
TOO_LONG = "That message was too long, so it was set aside."
NOT_READABLE = "That message could not be read, so it was set aside."
OUT_OF_ORDER = "That message came out of order (or twice), so it was set aside."


class Refused(ValueError):
    """A message that was not taken, with the reason in plain words."""


def encode(kind: str, seq: int, **fields: Any) -> bytes:
    """One message as a line of bytes."""
    message = {"v": VERSION, "n": seq, "t": kind, **fields}
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8") + b"\n"


def _no_constants(name: str) -> Any:
    raise Refused(NOT_READABLE)


def _parse(line: bytes, limit: int) -> dict[str, Any]:
    if len(line) > limit:
        raise Refused(TOO_LONG)
    try:
        message = json.loads(line.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise Refused(NOT_READABLE) from None
    if not isinstance(message, dict):
        raise Refused(NOT_READABLE)
    if message.get("v") != VERSION:
        raise Refused(WRONG_VERSION)
    seq = message.get("n")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq < 2**53:
        raise Refused(NOT_READABLE)
    if not isinstance(message.get("t"), str):
        raise Refused(NOT_READABLE)
    return message


def _fields(message: Mapping[str, Any], allowed: frozenset[str]) -> None:
    if set(message) - {"v", "n", "t"} != set(allowed):
        raise Refused(NOT_READABLE)


def _sequenced(
    line: bytes, limit: int, kinds: Mapping[str, frozenset[str]], last_seq: int
) -> tuple[str, dict[str, Any]]:
    """A message of one of *kinds*, with exactly its fields and a number above *last_seq*."""
    message = _parse(line, limit)
    kind = message["t"]
    if kind not in kinds:
        raise Refused(NOT_READABLE)
    _fields(message, kinds[kind])
    if message["n"] <= last_seq:
        raise Refused(OUT_OF_ORDER)
    return kind, message


# ----- from the joining side -----------------------------------------------------------


@attrs.frozen
class Hello:
    code: str
    seq: int
    person: str | None = None
    """The name of the person the joining app runs as (``--person``), or None for the account."""


@attrs.frozen
class Intent:
    """One checked intent: what the person wants, for which step, with which value."""

    kind: str
    seq: int
    step: str | None = None
    value: Any = None


def read_hello(line: bytes) -> Hello:
    message = _parse(line, GUEST_LIMIT)
    if message["t"] != "hello":
        raise Refused(NOT_READABLE)
    _fields(message, frozenset({"code", "person"}))
    code, person = message["code"], message["person"]
    if not isinstance(code, str) or not tidy_code(code):
        raise Refused("That join code is not one of ours.")
    if person is not None and (not isinstance(person, str) or not 0 < len(person) <= NAME_LIMIT):
        raise Refused(NOT_READABLE)
    return Hello(tidy_code(code), message["n"], person)


def read_intent(line: bytes, last_seq: int) -> Intent:
    """A checked intent; Refused (with the reason) for anything else."""
    kind, message = _sequenced(line, GUEST_LIMIT, INTENTS, last_seq)
    step = message.get("step")
    if "step" in INTENTS[kind] and (not isinstance(step, str) or not 0 < len(step) <= ID_LIMIT):
        raise Refused(NOT_READABLE)
    value = message.get("value")
    if "value" in INTENTS[kind] and not plain_value(value):
        raise Refused(NOT_READABLE)
    return Intent(kind, message["n"], step, value)


def plain_value(value: Any) -> bool:
    """Whether *value* has a shape some step takes: nothing, a number, words, a list, slots."""
    if value is None or (isinstance(value, str) and len(value) <= TEXT_LIMIT):
        return True
    if isinstance(value, int) and not isinstance(value, bool):
        return -NUMBER_LIMIT <= value <= NUMBER_LIMIT
    if isinstance(value, list):
        return len(value) <= ITEMS_LIMIT and all(
            isinstance(item, str) and len(item) <= TEXT_LIMIT for item in value
        )
    if isinstance(value, dict):
        return len(value) <= ITEMS_LIMIT and all(
            isinstance(key, str)
            and len(key) <= ID_LIMIT
            and isinstance(item, str)
            and len(item) <= TEXT_LIMIT
            for key, item in value.items()
        )
    return False


# ----- from the owning side -------------------------------------------------------------


@attrs.frozen
class HostMessage:
    kind: str
    seq: int
    fields: dict[str, Any]


def read_host(line: bytes, last_seq: int) -> HostMessage:
    """A checked message from the owner (the joining side trusts nothing either)."""
    kind, message = _sequenced(line, HOST_LIMIT, HOST_TYPES, last_seq)
    fields = {key: value for key, value in message.items() if key not in ("v", "n", "t")}
    if kind == "seat":
        fields["seat"] = seat_from_data(fields["seat"])
        fields["partner_here"] = _get(fields, "partner_here", bool)
    elif kind == "welcome":
        if fields["person"] not in ("a", "b"):
            raise Refused(NOT_READABLE)
        for key in ("exercise", "revision", "session", "pace"):
            _get(fields, key, str)
        names = _strings(fields["names"])
        if len(names) != 2:
            raise Refused(NOT_READABLE)
    elif kind == "outcome":
        _get(fields, "accepted", bool)
        _strings(fields["reasons"])
    else:
        _get(fields, "why", str)
    return HostMessage(kind, message["n"], fields)


def seat_to_data(seat: Seat) -> dict[str, Any]:
    """A seat as plain JSON-ready data."""
    data: dict[str, Any] = attrs.asdict(seat)
    return data


def _get(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in data:
        raise Refused(NOT_READABLE)
    value = data[key]
    # bool is an int to isinstance, but never a number here.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise Refused(NOT_READABLE)
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Refused(NOT_READABLE)
    return tuple(value)


def _optional(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise Refused(NOT_READABLE)
    return value


def seat_from_data(data: Any) -> Seat:
    """A seat read back from data, every field checked; Refused when anything is off."""
    if not isinstance(data, dict) or set(data) != {f.name for f in attrs.fields(Seat)}:
        raise Refused(NOT_READABLE)
    if data["state"] not in STATES or data["person"] not in ("a", "b"):
        raise Refused(NOT_READABLE)
    comparison = None
    if data["comparison"] is not None:
        raw = _get(data, "comparison", dict)
        only = _get(raw, "only", dict)
        labels = _get(raw, "only_labels", dict)
        comparison = Comparison(
            both=_strings(raw.get("both")),
            only={str(key): _strings(items) for key, items in only.items()},
            both_label=_get(raw, "both_label", str),
            only_labels={str(key): str(label) for key, label in labels.items()},
        )
    summary = []
    for item in _get(data, "summary", list):
        if not isinstance(item, dict):
            raise Refused(NOT_READABLE)
        summary.append(
            SummaryItem(
                step_id=_get(item, "step_id", str),
                title=_get(item, "title", str),
                person=_optional(item, "person"),
                text=_get(item, "text", str),
                name=_get(item, "name", str),
            )
        )
    heard = None
    if data["heard"] is not None:
        raw = _get(data, "heard", dict)
        heard = Heard(
            name=_get(raw, "name", str), title=_get(raw, "title", str), text=_get(raw, "text", str)
        )
    if not plain_value(data["prefill"]):
        raise Refused(NOT_READABLE)
    return Seat(
        person=data["person"],
        state=data["state"],
        step_id=_optional(data, "step_id"),
        visit=_get(data, "visit", int),
        actor=_optional(data, "actor"),
        actor_name=_get(data, "actor_name", str),
        role=_optional(data, "role"),
        title=_get(data, "title", str),
        text=_get(data, "text", str),
        prefill=data["prefill"],
        number=_get(data, "number", int),
        about=_get(data, "about", int),
        wait=float(_get(data, "wait", (int, float))),
        note=_get(data, "note", str),
        comparison=comparison,
        summary=tuple(summary),
        heard=heard,
        break_by=_optional(data, "break_by"),
        can_back=_get(data, "can_back", bool),
        can_skip=_get(data, "can_skip", bool),
    )
