"""Checks on the keys that only one kind of step has: pauses, choices, scales, compose, …

Each check takes the reader, the step's table, its key path and its draft
(whose ``fields`` already hold the plain values), and adds what the kind
needs: option groups, slots, a rhythm, and the ranges that must fit together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs

from reconnect_tui.common.problems import did_you_mean
from reconnect_tui.exercises import comeback
from reconnect_tui.exercises.checks.build import Draft
from reconnect_tui.exercises.checks.keys import (
    BRACES,
    GROUP_SPECS,
    LINE,
    RHYTHM_KEYS,
    RHYTHM_SPECS,
    SLOT_PATTERN,
    SLOT_SPECS,
    describe,
    join,
    shown,
)
from reconnect_tui.exercises.checks.values import INVISIBLE, Reader
from reconnect_tui.exercises.model import (
    ChoiceStep,
    ListStep,
    OptionGroup,
    PauseStep,
    Rhythm,
    ScaleStep,
    TextStep,
)

KindCheck = Callable[[Reader, dict[str, Any], str, Draft], None]


def _default(cls: type, name: str) -> Any:
    """The model's own default for the field *name* of *cls* (the one place it is set)."""
    return getattr(attrs.fields(cls), name).default


def _given(draft: Draft, cls: type, name: str) -> Any:
    """The value the file gives for *name*, else the model's default."""
    return draft.fields.get(name, _default(cls, name))


def _pause(reader: Reader, table: dict[str, Any], key: str, draft: Draft) -> None:
    seconds = _given(draft, PauseStep, "seconds")
    if _given(draft, PauseStep, "min_seconds") > seconds:
        reader.error(
            join(key, "min_seconds"),
            "min_seconds is longer than the pause itself",
            f"make it at most seconds = {seconds:g}",
        )
    if "rhythm" in table:
        rkey = join(key, "rhythm")
        rhythm = reader.table(table["rhythm"], rkey, RHYTHM_KEYS, "a rhythm")
        if rhythm is not None:
            for name in ("inhale", "exhale"):
                if name not in rhythm:
                    reader.error(rkey, f"the rhythm has no {name}", f"add {name} = 4 (seconds)")
            draft.fields["rhythm"] = Rhythm(
                inhale=_phase(reader, rhythm, rkey, "inhale", 4.0),
                exhale=_phase(reader, rhythm, rkey, "exhale", 4.0),
                hold_in=_phase(reader, rhythm, rkey, "hold_in", _default(Rhythm, "hold_in")),
                hold_out=_phase(reader, rhythm, rkey, "hold_out", _default(Rhythm, "hold_out")),
            )


def _phase(reader: Reader, rhythm: dict[str, Any], key: str, name: str, default: float) -> float:
    """Seconds for one phase of a breathing rhythm (within its spec's bounds)."""
    value = rhythm.get(name)
    spec = RHYTHM_SPECS[name]
    if (type(value) is int or type(value) is float) and spec[1] <= value <= spec[2]:
        return float(value)  # the usual case, without the general check
    seconds: float = reader.get(rhythm, key, name, spec, default)
    return seconds


def _lowest_to_highest(cls: type, low_name: str, high_name: str) -> KindCheck:
    """The check that a lowest (*low_name*, e.g. min_length) is not over its highest."""

    def check(reader: Reader, table: dict[str, Any], key: str, draft: Draft) -> None:
        low, high = _given(draft, cls, low_name), _given(draft, cls, high_name)
        if low <= high:
            return
        # How to mend it, for the keys the file really sets.
        if high_name not in draft.fields:
            hint = f"{high_name} is {high} unless you set it: add {high_name} = {low}"
        elif low_name not in draft.fields:
            hint = f"{low_name} is {low} unless you set it: add {low_name} = {high}"
        else:
            hint = f"lower {low_name} to {high}, or raise {high_name} to {low}"
        reader.error(
            join(key, low_name), f"{low_name} ({low}) is more than {high_name} ({high})", hint
        )

    return check


def _choice(reader: Reader, table: dict[str, Any], key: str, draft: Draft) -> None:
    fields = draft.fields
    if "options_from" in table:
        # The options are an earlier list's items (checked with the flow).
        for name in ("options", "groups"):
            if name in table:
                reader.error(
                    join(key, name),
                    f"use either options_from or {name}, not both",
                    f"remove {name}: the options come from the list step",
                )
        groups: tuple[OptionGroup, ...] = ()
    else:
        groups = read_groups(reader, table, key)
        if "options_of" in table:
            reader.error(
                join(key, "options_of"),
                "options_of says whose list to show, but there is no options_from",
                'add options_from = "…" (the id of an earlier list step), or remove options_of',
            )
    fields["groups"] = groups
    low, high = _given(draft, ChoiceStep, "min_picks"), fields.get("max_picks")
    count = sum(len(group.options) for group in groups) + fields.get("other", False)
    if count and low > count:
        reader.error(
            join(key, "min_picks"),
            f"min_picks is {low}, but there are only {count} options",
            "lower min_picks, or add options",
        )
    if high is not None and high < low:
        reader.error(join(key, "max_picks"), "max_picks is less than min_picks")
    if not fields.get("multiple") and (low > 1 or (high or 1) > 1):
        reader.error(
            join(key, "max_picks" if high else "min_picks"),
            "more than one pick needs multiple = true",
            "add multiple = true",
        )


def read_groups(reader: Reader, table: dict[str, Any], key: str) -> tuple[OptionGroup, ...]:
    """The options of a choice step or slot: ``options``, or ``[[groups]]`` with labels."""
    plain = "options" in table
    if plain and "groups" in table:
        reader.error(join(key, "groups"), "use either options or [[groups]], not both")
    if plain:
        options = reader.texts(table, key, "options")
        groups: tuple[OptionGroup, ...] = ()
        if options is not None:
            groups = (OptionGroup(options=options),)
    elif "groups" in table:
        groups = _group_tables(reader, table["groups"], join(key, "groups"))
    else:
        reader.error(key, "there are no options to choose from", 'add options = ["…", "…"]')
        return ()
    seen: set[str] = set()
    bare: dict[str, str] = {}  # each option without invisible characters -> as written
    for position, group in enumerate(groups):
        if not group.options:
            reader.error(
                _group_key(key, plain, position),
                "the list of options is empty",
                'add options = ["…", "…"]',
            )
        for index, option in enumerate(group.options):
            folded = option.casefold()
            if not option.strip():
                reader.error(join(_group_key(key, plain, position), index), "an option is empty")
            elif folded in seen:
                reader.error(
                    join(_group_key(key, plain, position), index),
                    f"the option '{option}' is listed twice",
                    "keep one of them (options are matched without regard to case)",
                )
            elif INVISIBLE.sub("", folded) in bare:
                reader.error(
                    join(_group_key(key, plain, position), index),
                    f"the options '{bare[INVISIBLE.sub('', folded)]}' and '{option}' differ"
                    " only by a character nobody can see",
                    "keep one of them, without the invisible character",
                    severity="warning",
                )
            seen.add(folded)
            bare.setdefault(INVISIBLE.sub("", folded), option)
    return groups


def _group_key(key: str, plain: bool, position: int) -> str:
    return join(key, "options") if plain else f"{key}.groups[{position}]"


def _group_tables(reader: Reader, value: object, key: str) -> tuple[OptionGroup, ...]:
    if not isinstance(value, list):
        reader.error(key, "groups should be a list of [[groups]] tables")
        return ()
    if not value:
        reader.error(
            key,
            "groups is empty: there are no options to choose from",
            "add a [[groups]] table with a label and options",
        )
        return ()
    groups = []
    for position, raw in enumerate(value):
        gkey = f"{key}[{position}]"
        if not isinstance(raw, dict):
            reader.error(gkey, f"an option group should be a table, not {describe(raw)}")
            continue
        group = reader.present(raw, gkey, GROUP_SPECS, "an option group")
        label = group.get("label", "")
        if not label.strip():
            reader.blank(raw, gkey, "label", 'add label = "…", the heading for these options')
        if "options" not in raw:
            reader.error(gkey, "this group has no options", 'add options = ["…", "…"]')
        groups.append(OptionGroup(label=label, options=group.get("options", ())))
    return tuple(groups)


def _scale(reader: Reader, table: dict[str, Any], key: str, draft: Draft) -> None:
    low, high = _given(draft, ScaleStep, "min"), _given(draft, ScaleStep, "max")
    default = draft.fields.get("default")
    if low >= high:
        reader.error(
            join(key, "max" if "max" in draft.fields else "min"),
            f"max ({high}) should be more than min ({low})",
            _scale_hint(draft.fields, low, high),
        )
    elif default is not None and not low <= default <= high:
        reader.error(join(key, "default"), f"default should be between {low} and {high}")
    labels = draft.fields.get("labels")
    if labels is not None and low < high and len(labels) != high - low + 1:
        reader.error(
            join(key, "labels"),
            f"labels has {len(labels)} words, but the scale has {high - low + 1} numbers",
            f"give one for each number from {low} to {high}, in order",
        )


def _scale_hint(fields: dict[str, Any], low: int, high: int) -> str:
    """How to mend a scale whose max is not above its min, for the keys the file sets."""
    example = f"e.g. max = {low + 4}, for a scale from {low} to {low + 4}"
    if "max" not in fields:
        return f"max is {high} unless you set it: add a max above {low}, {example}"
    if "min" not in fields:
        return (
            f"min is {low} unless you set it: raise max above {low} ({example}),"
            f" or add a min below {high}"
        )
    return f"max should be the larger number: {example}"


def _compose(reader: Reader, table: dict[str, Any], key: str, draft: Draft) -> None:
    template = draft.fields.get("template", "")
    if not template.strip():
        reader.blank(table, key, "template", 'add template = "I feel {feeling} when {situation}."')
    slots: list[tuple[str, dict[str, Any]]] = []
    raw_slots = table.get("slots")
    skey = join(key, "slots")
    if raw_slots is None:
        reader.error(key, "a compose step needs slots", "add a [steps.slots.NAME] table per {NAME}")
    elif isinstance(raw_slots, dict):
        for name, raw in raw_slots.items():
            slot = _slot(reader, name, raw, f"{skey}.{shown(name)}", draft)
            if slot is not None and SLOT_PATTERN.match(name):  # a bad name was reported
                slots.append((name, slot))
    else:
        reader.error(skey, "slots should be a table of [steps.slots.NAME] tables")
    names = [name for name, _slot_fields in slots]
    used = [m.group(1) for m in BRACES.finditer(template) if m.group(1) is not None]
    for marker in used:
        if marker not in names:
            hint = did_you_mean(marker, names) or f"add a [steps.slots.{marker}] table"
            reader.error(
                join(key, "template"),
                f"the template uses {{{marker}}}, but there is no such slot",
                hint,
            )
    for name in names:
        if used.count(name) != 1:
            reader.error(
                join(skey, name),
                f"the slot '{name}' should appear once in the template "
                f"(it appears {used.count(name)} times)",
                f"write {{{name}}} in the template",
            )
    draft.fields["slots"] = tuple(slots)


def _slot(reader: Reader, name: str, raw: object, key: str, draft: Draft) -> dict[str, Any] | None:
    """A slot's checked values (the slot is built with its step)."""
    if not isinstance(raw, dict):
        reader.error(key, f"a slot should be a table, not {describe(raw)}")
        return None
    if not SLOT_PATTERN.match(name):
        suggestion = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")[:32]
        reader.error(
            key,
            f"slot name '{name}' should use only a-z, 0-9 and '_'",
            f"for example '{suggestion}'"
            if SLOT_PATTERN.match(suggestion)
            else "start it with a-z or '_', and keep it to 32 characters",
        )
    fields = reader.present(raw, key, SLOT_SPECS, "a slot")
    kind = fields.get("kind")
    if "kind" not in raw:
        reader.error(key, "this slot has no kind", 'add kind = "choice" or kind = "text"')
    if kind == "choice":
        fields["groups"] = read_groups(reader, raw, key)
    elif kind == "text" and ("options" in raw or "groups" in raw):
        reader.error(
            join(key, "options"),
            "a text slot takes no options",
            'use kind = "choice" to offer options',
        )
    if "{" in fields.get("prompt", ""):
        draft.texts.append((join(key, "prompt"), fields["prompt"]))
    fields["kind"] = kind or "text"
    return fields


def _compare(reader: Reader, table: dict[str, Any], key: str, draft: Draft) -> None:
    step_id = table.get("step")
    if step_id is None:
        reader.error(key, "a compare step needs the list step it compares", 'add step = "…"')
    elif type(step_id) is str:
        draft.fields["step"] = step_id  # as written, not cleaned: check_flow checks it is an id


def _summary(reader: Reader, table: dict[str, Any], key: str, draft: Draft) -> None:
    steps = table.get("steps")
    if type(steps) is list and all(type(step_id) is str for step_id in steps):
        draft.fields["steps"] = tuple(steps)  # as for compare: each must be an id as written
    titles = table.get("titles")
    if titles is None:
        return
    tkey = join(key, "titles")
    if not isinstance(titles, dict):
        reader.error(
            tkey,
            f"titles should be a table of headings by step id, not {describe(titles)}",
            'for example titles = { moment = "From {name} to {partner}" }',
        )
        return
    pairs = []
    for step_id, title in titles.items():
        text = reader.plain(LINE, title, tkey, step_id)
        if type(text) is str:  # else reported as not text
            pairs.append((step_id, text))  # the id is checked with the other references
            if "{" in text:
                draft.texts.append((join(tkey, step_id), text))
    draft.fields["titles"] = tuple(pairs)


def _later(reader: Reader, table: dict[str, Any], key: str, draft: Draft) -> None:
    fields = draft.fields
    if fields.get("who", "both") != "both":
        reader.error(
            join(key, "who"),
            "a later step pauses the whole session, so it is for both of you",
            'leave who out (or write who = "both")',
        )
    if "come_back" not in table:
        reader.error(
            key,
            "a later step needs a time to come back",
            'add come_back = "in 3 days" (or "tomorrow", "next sunday", …)',
        )
    phrases = [(join(key, "come_back"), fields.get("come_back"))]
    phrases += [
        (join(join(key, "other_times"), n), p) for n, p in enumerate(fields.get("other_times", ()))
    ]
    seen: set[str] = set()
    for where, phrase in phrases:
        if not isinstance(phrase, str):
            continue  # reported as it was read
        if not comeback.understood(phrase):
            reader.error(
                where,
                f"'{shown(phrase)}' is not a time this app can count to",
                f"write it like {comeback.EXAMPLES}",
            )
        folded = " ".join(phrase.casefold().split())
        if folded in seen:
            reader.error(where, f"'{shown(phrase)}' is offered twice", "keep one of them")
        seen.add(folded)


# Read steps have nothing of their own to check here.
KIND_CHECKS: dict[str, KindCheck] = {
    "pause": _pause,
    "text": _lowest_to_highest(TextStep, "min_length", "max_length"),
    "choice": _choice,
    "scale": _scale,
    "list": _lowest_to_highest(ListStep, "min_items", "max_items"),
    "compose": _compose,
    "compare": _compare,
    "summary": _summary,
    "later": _later,
}
