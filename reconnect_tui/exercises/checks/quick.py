"""The quick way through the checks, for the usual file that has nothing wrong with it.

:func:`quick_exercise` makes every check the full checks make (the rules
are in :mod:`~reconnect_tui.exercises.checks.exercise`, :mod:`~reconnect_tui.exercises.checks.kinds`
and :mod:`~reconnect_tui.exercises.checks.flow`; the keys and their specs in
:mod:`~reconnect_tui.exercises.checks.keys`), but only to say yes: it builds the model
as it goes, in one pass, and gives up at the first thing that is wrong or
merely unusual (text that cleaning would change, say), without saying what.
The library then runs the full checks, which find and word every problem.
A good file costs only this; a file with a problem, both.

It may refuse more than the full checks do, never less, and what it builds
equals what they build: ``tests/test_checks.py`` holds the two to that.
It never changes *data*. Loading many files is its reason to be, so it is
written for few steps per value: a value of the wrong type is left to fail
the operation it meets (a ``TypeError`` or ``KeyError`` gives up as well).
"""

from __future__ import annotations

from typing import Any

from reconnect_tui.exercises.checks.build import DEFAULTS
from reconnect_tui.exercises.checks.build import make_whole as _make
from reconnect_tui.exercises.checks.flow import unreached
from reconnect_tui.exercises.checks.keys import (
    BRACES,
    BRANCH_KEYS,
    NUDGE_KEYS,
    OP_KINDS,
    OP_TYPES,
    RESERVED_ROLES,
    RHYTHM_KEYS,
    ROLE_PATTERN,
    SLOT_PATTERN,
    SLOT_SPECS,
    STEP_REFERENCE,
    STEP_SPECS,
    TOP_KEY_SET,
    WHEN_KEYS,
)
from reconnect_tui.exercises.checks.values import GiveUp
from reconnect_tui.exercises.checks.values import quick_filled as _filled
from reconnect_tui.exercises.checks.values import quick_line as _line
from reconnect_tui.exercises.checks.values import quick_lines as _lines
from reconnect_tui.exercises.checks.values import quick_values as _values
from reconnect_tui.exercises.model import (
    CONDITION_OPS,
    FORMAT_VERSION,
    STEP_CLASSES,
    WHO_SHARED,
    Branch,
    ChoiceStep,
    Condition,
    Exercise,
    Nudge,
    OptionGroup,
    Rhythm,
    Slot,
    Step,
)
from reconnect_tui.exercises.vocabulary import AUDIENCES, DEPTHS, ID_PATTERN, MINUTES

_is_id = ID_PATTERN.match
_find_braces = BRACES.findall
_strip = str.strip
_casefold = str.casefold
_SLOT_DEFAULTS = DEFAULTS[Slot]


def quick_exercise(data: dict[str, Any]) -> Exercise | None:
    """The exercise in *data* when every check passes; ``None`` when any might not."""
    try:
        return _exercise(data)
    except (GiveUp, LookupError, TypeError, ValueError, AttributeError, RecursionError):
        return None


def _exercise(data: dict[str, Any]) -> Exercise:
    fmt = data["format"]
    if not TOP_KEY_SET.issuperset(data) or type(fmt) is not int or fmt != FORMAT_VERSION:
        raise GiveUp
    exercise_id = _line(data["id"])
    title = _line(data["title"])
    if not _is_id(exercise_id) or not title.strip():
        raise GiveUp
    summary = _filled(data["summary"])
    tags = data.get("tags")
    minutes = data.get("minutes", 5)
    depth = data.get("depth", "light")
    audience = data.get("audience", "either")
    revision = data.get("revision", 1)
    if (
        type(minutes) is not int or minutes not in MINUTES
        or type(revision) is not int or revision < 1
        or type(depth) is not str or depth not in DEPTHS
        or type(audience) is not str or audience not in AUDIENCES
    ):  # fmt: skip
        raise GiveUp
    roles = _roles(data.get("roles"))
    nudges = _nudges(data.get("nudges"))
    steps = _Steps(roles, {nudge.id for nudge in nudges}).read(data["steps"])
    return _make(Exercise, {
        "format": FORMAT_VERSION, "id": exercise_id, "title": title, "summary": summary,
        "tags": () if tags is None else _lines(tags), "minutes": minutes, "depth": depth,
        "audience": audience, "revision": revision, "roles": roles, "nudges": nudges,
        "steps": steps,
    })  # fmt: skip


def _roles(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    roles = _lines(value, ids=True)
    if len(roles) != 2 or roles[0] == roles[1]:
        raise GiveUp
    for role in roles:
        if role in RESERVED_ROLES or not ROLE_PATTERN.match(role):
            raise GiveUp
    return roles


def _nudges(value: Any) -> tuple[Nudge, ...]:
    if value is None:
        return ()
    if type(value) is not list:
        raise GiveUp
    nudges = []
    seen = set()
    for table in value:
        if type(table) is not dict or not NUDGE_KEYS.issuperset(table):
            raise GiveUp
        nudge_id = _line(table["id"])
        phrases = _lines(table["phrases"])
        if not _is_id(nudge_id) or nudge_id in seen or not phrases:
            raise GiveUp
        for phrase in phrases:
            if not phrase.strip():
                raise GiveUp
        seen.add(nudge_id)
        message = _filled(table["message"])
        nudges.append(_make(Nudge, {"id": nudge_id, "phrases": phrases, "message": message}))
    return tuple(nudges)


class _Steps:
    """Reads the steps in order; each may look back at the ones before it."""

    def __init__(self, roles: tuple[str, ...], nudge_ids: set[str]) -> None:
        self.roles = roles
        self.names = ("name", "partner", *roles)  # placeholders that are not answers
        self.nudge_ids = nudge_ids
        self.position: dict[str, int] = {}
        self.steps: list[Step] = []

    def read(self, value: Any) -> tuple[Step, ...]:
        if type(value) is not list or not value:
            raise GiveUp
        position = self.position
        steps = self.steps
        everyone = WHO_SHARED + self.roles
        # The steps that have branches: where, their values, the tables and their whens.
        branching: list[tuple[int, dict[str, Any], list[Any], list[Condition | None]]] = []
        for index, table in enumerate(value):
            specs, defaults, check, cls = _KINDS[table["kind"]]  # not a table: TypeError
            fields = _values(table, specs, defaults)
            step_id = fields["id"]
            if not _is_id(step_id) or step_id in position or fields["who"] not in everyone:
                raise GiveUp
            position[step_id] = index
            if fields["nudges"] is not None:
                for nudge_id in fields["nudges"]:
                    if nudge_id not in self.nudge_ids:
                        raise GiveUp
            if "{" in fields["text"] or "{" in fields["solo_text"] or "{" in fields["title"]:
                for name in ("text", "solo_text", "title"):
                    if "{" in fields[name]:
                        self._placeholders(fields[name], index)
            check(self, table, fields, index)
            step = _make(cls, fields)  # fields is its __dict__: branches are filled in below
            steps.append(step)
            if "branches" in table:
                tables = table["branches"]
                if type(tables) is not list:
                    raise GiveUp
                branching.append((index, fields, tables, [self._when(b, index) for b in tables]))
        for index, fields, tables, whens in branching:
            fields["branches"] = tuple(
                [self._branch(branch, whens[n], index) for n, branch in enumerate(tables)]
            )
        if branching and unreached({b[0]: b[2] for b in branching}, len(steps), position):
            raise GiveUp
        return tuple(steps)

    def _placeholders(self, text: str, index: int) -> None:
        """Check the placeholders in *text* (which has a brace), of the step at *index*."""
        if "{}" in text:
            raise GiveUp
        for inside in _find_braces(text):  # "" for a literal {{ or }}
            if inside and inside not in self.names:
                reference = STEP_REFERENCE.match(inside)
                if reference is None or self.position.get(reference.group(2), index) >= index:
                    raise GiveUp

    def _earlier(self, step_id: Any, index: int) -> int:
        """The position of *step_id*, which must be the step at *index* or one before it."""
        there = self.position[_line(step_id)]
        if there > index:
            raise GiveUp
        return there

    def _when(self, branch: Any, index: int) -> Condition | None:
        if type(branch) is not dict or not BRANCH_KEYS.issuperset(branch):
            raise GiveUp
        when = branch.get("when")
        if when is None:
            return None
        if type(when) is not dict or not WHEN_KEYS.issuperset(when):
            raise GiveUp
        ops = [op for op in CONDITION_OPS if op in when]
        if len(ops) != 1:
            raise GiveUp
        op = ops[0]
        step_id = when["step"]
        target = self.steps[self._earlier(step_id, index)]
        value = when[op]
        if type(value) not in OP_TYPES[op][0]:
            raise GiveUp
        kind = target.kind
        fits = OP_KINDS.get(op)
        if fits and kind not in fits:
            raise GiveUp
        if type(value) is str:
            _line(value)
            if isinstance(target, ChoiceStep) and not target.other and value not in target.options:
                raise GiveUp
        return _make(Condition, {"step": step_id, "op": op, "value": value})

    def _branch(self, branch: dict[str, Any], when: Condition | None, index: int) -> Branch:
        goto = _line(branch["goto"])
        limit = branch.get("limit")
        swap = branch.get("swap_roles", False)
        there = self.position[goto]
        if there <= index and limit is None:
            raise GiveUp  # a loop with no way out
        if limit is not None and (type(limit) is not int or not 1 <= limit <= 1000):
            raise GiveUp
        if swap is not False and (swap is not True or not self.roles):
            raise GiveUp
        return _make(Branch, {"when": when, "goto": goto, "limit": limit, "swap_roles": swap})

    # -- what each kind adds -----------------------------------------------------------
    def _read(self, table: dict[str, Any], fields: dict[str, Any], index: int) -> None:
        if not fields["text"].strip():
            raise GiveUp

    def _pause(self, table: dict[str, Any], fields: dict[str, Any], index: int) -> None:
        if fields["min_seconds"] > fields["seconds"]:
            raise GiveUp
        rhythm = table.get("rhythm")
        if rhythm is not None:
            if type(rhythm) is not dict or not RHYTHM_KEYS.issuperset(rhythm):
                raise GiveUp
            inhale, exhale = rhythm["inhale"], rhythm["exhale"]
            hold_in, hold_out = rhythm.get("hold_in", 0.0), rhythm.get("hold_out", 0.0)
            for seconds in (inhale, exhale, hold_in, hold_out):
                if type(seconds) is not int and type(seconds) is not float:
                    raise GiveUp
            if not (
                0.5 <= inhale <= 60 and 0.5 <= exhale <= 60
                and 0 <= hold_in <= 60 and 0 <= hold_out <= 60
            ):  # fmt: skip
                raise GiveUp
            fields["rhythm"] = _make(Rhythm, {
                "inhale": float(inhale), "exhale": float(exhale),
                "hold_in": float(hold_in), "hold_out": float(hold_out),
            })  # fmt: skip

    def _text(self, table: dict[str, Any], fields: dict[str, Any], index: int) -> None:
        if fields["min_length"] > fields["max_length"]:
            raise GiveUp

    def _choice(self, table: dict[str, Any], fields: dict[str, Any], index: int) -> None:
        fields.pop("options", None)
        fields["groups"] = groups = _groups(table)
        low, high = fields["min_picks"], fields["max_picks"]
        count = sum([len(group.options) for group in groups]) + fields["other"]
        if low > count or (high is not None and high < low):
            raise GiveUp
        if not fields["multiple"] and (low > 1 or (high or 1) > 1):
            raise GiveUp

    def _scale(self, table: dict[str, Any], fields: dict[str, Any], index: int) -> None:
        low, high, default = fields["min"], fields["max"], fields["default"]
        if low >= high or (default is not None and not low <= default <= high):
            raise GiveUp

    def _list(self, table: dict[str, Any], fields: dict[str, Any], index: int) -> None:
        if fields["min_items"] > fields["max_items"]:
            raise GiveUp

    def _compose(self, table: dict[str, Any], fields: dict[str, Any], index: int) -> None:
        template = fields["template"]
        raw_slots = table["slots"]
        if not template.strip() or type(raw_slots) is not dict or "{}" in template:
            raise GiveUp
        used = [marker for marker in _find_braces(template) if marker]
        if len(used) != len(raw_slots) or set(used) != raw_slots.keys():
            raise GiveUp  # each slot once in the template, and nothing else
        slots = []
        for name, raw in raw_slots.items():
            if type(raw) is not dict or "kind" not in raw or not SLOT_PATTERN.match(name):
                raise GiveUp
            slot = _values(raw, SLOT_SPECS, _SLOT_DEFAULTS)
            if slot["kind"] == "choice":
                slot.pop("options", None)
                slot["groups"] = _groups(raw)
            elif "options" in raw or "groups" in raw:
                raise GiveUp
            if "{" in slot["prompt"]:
                self._placeholders(slot["prompt"], index)
            slot["name"] = name
            slots.append(_make(Slot, slot))
        fields["slots"] = tuple(slots)

    def _compare(self, table: dict[str, Any], fields: dict[str, Any], index: int) -> None:
        target = self.steps[self._earlier(fields["step"], index - 1)]
        if target.kind != "list" or target.who != "each":
            raise GiveUp

    def _summary(self, table: dict[str, Any], fields: dict[str, Any], index: int) -> None:
        for step_id in fields["steps"]:
            self._earlier(step_id, index - 1)


def _groups(table: dict[str, Any]) -> tuple[OptionGroup, ...]:
    """The options of a choice step or slot, as read_groups reads them."""
    if "options" in table:
        if "groups" in table:
            raise GiveUp
        groups = [_make(OptionGroup, {"label": "", "options": _lines(table["options"])})]
    else:
        groups = []
        if type(table["groups"]) is not list or not table["groups"]:
            raise GiveUp
        for raw in table["groups"]:
            # A label and options, and nothing else.
            if type(raw) is not dict or len(raw) != 2 or not _line(raw["label"]).strip():
                raise GiveUp
            options = _lines(raw["options"])
            groups.append(_make(OptionGroup, {"label": raw["label"], "options": options}))
    seen: set[str] = set()
    count = 0
    for group in groups:  # each has options, none is blank or there twice (in any case)
        options = group.options
        if not options or not all(map(_strip, options)):
            raise GiveUp
        count += len(options)
        seen.update(map(_casefold, options))
    if len(seen) != count:
        raise GiveUp
    return tuple(groups)


# Per kind of step: the specs of its keys, its defaults, its own check and its class.
_KINDS = {
    kind: (STEP_SPECS[kind], DEFAULTS[cls], getattr(_Steps, f"_{kind}"), cls)
    for kind, cls in STEP_CLASSES.items()
}
