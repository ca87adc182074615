"""The key table: every key each table of an exercise file may hold, in one place.

Each key is a :class:`Key`: its *spec* says what kind of value it takes, as
:meth:`reconnect_tui.exercises.checks.values.Reader.plain` reads it, and *about*
says what it is for. The checks read the specs (through the views at the end
of this module); :mod:`reconnect_tui.exercises.checks.schema` turns the same
table into the JSON Schema editors use and the key reference in
``docs/keys.md``. The model (``model.py``) holds the defaults.

A spec is a small tuple. Its first item is the kind of value: ``line``
(one line of text), ``text``, ``bool``, ``int`` and ``number`` (with the
lowest and highest value, ``None`` for no bound), ``choice`` (with the
words it may be), ``lines`` and ``ids`` (lists of one-line texts, of ids),
``by_id`` (a table of one-line texts by step id).
Keys that hold a table are ``table`` (one), ``tables`` (a list of them) or
``named`` (a table of them by name), with the name of that table here;
a test in a ``when`` is ``test``, with the types it takes. The checks' own
code reads those, and every key marked ``own``: for :meth:`Reader.present`
their spec is ``SPECIAL``.
"""

from __future__ import annotations

import re
from typing import Any, TypeAlias

import attrs

from reconnect_tui.exercises.model import (
    AUDIENCES,
    CONDITION_MATCHES,
    CONDITION_OPS,
    DEPTHS,
    FORMAT_VERSION,
    ID_PATTERN,
    MINUTES,
    MODES,
    SLOT_KINDS,
    STEP_KINDS,
)

Spec: TypeAlias = tuple[Any, ...]
LINE, TEXT, BOOL, LINES, IDS, SPECIAL = ("line",), ("text",), ("bool",), ("lines",), ("ids",), ()
BY_ID = ("by_id",)
# Specs a value is read by (Reader.plain); the others hold tables.
PLAIN = frozenset(("line", "text", "bool", "int", "number", "choice", "lines", "ids"))

# Names a role may not take: they mean something else in `who` or placeholders.
RESERVED_ROLES = ("both", "each", "name", "partner", "answer", "partner_answer")
# \Z, not $: "$" would let a name end in a newline.
ROLE_PATTERN = re.compile(r"^[a-z][a-z_]{0,31}\Z")
SLOT_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,31}\Z")


def table(name: str) -> Spec:
    """The spec of a key that holds one table of *name*, e.g. a rhythm."""
    return ("table", name)


def tables(name: str) -> Spec:
    """The spec of a key that holds a list of tables of *name*: ``[[steps]]``."""
    return ("tables", name)


def named(name: str) -> Spec:
    """The spec of a key that holds tables of *name* by name: ``[steps.slots.NAME]``."""
    return ("named", name)


@attrs.frozen
class Key:
    """One key of a table: how its value is read, and what it is for.

    Attributes:
        spec: the kind of value (see the module's doc).
        about: a sentence or two on what it does, for editors and the docs.
        needed: the table is not complete without it.
        own: read by the checks' own code, not by ``Reader.present``.
        filled: a text may not be blank, a list not empty.
        distinct: the items of a list may not repeat.
        size: a list holds exactly this many items (0: any number).
        pattern: what a text (or each item of a list, or each name) must match;
            for ``ids``, ``ID_PATTERN`` unless given.
        reserved: words a text (or an item of a list) may not be.
        longest: the most characters a text should have (0: no bound). A longer
            one is reported: a warning for a step's words (it still runs, but
            reads badly on a small screen), an error for the exercise's title.
    """

    spec: Spec
    about: str
    needed: bool = False
    own: bool = False
    filled: bool = False
    distinct: bool = False
    size: int = 0
    pattern: re.Pattern[str] | None = None
    reserved: tuple[str, ...] = ()
    longest: int = 0

    @property
    def read_spec(self) -> Spec:
        """The spec ``Reader.present`` reads the value by; ``SPECIAL`` leaves it to the caller."""
        return SPECIAL if self.own or self.spec[0] not in PLAIN else self.spec


@attrs.frozen
class Kind:
    """One kind of step (or slot): the keys only it has, and what it needs."""

    about: str
    keys: dict[str, Key] = attrs.field(factory=dict)
    # Keys every kind has that this kind cannot do without (a read step's text).
    needs: tuple[str, ...] = ()
    # Exactly one of these keys (a choice's options or groups).
    one_of: tuple[str, ...] = ()


@attrs.frozen
class Table:
    """One kind of table in an exercise file, with its keys.

    Attributes:
        name: how the docs and the schema name it (``step``).
        header: how it is written in a file (``[[steps]]``; empty for the top).
        about: what it is, for editors and the docs.
        keys: the keys it may hold (for steps and slots: the ones every kind has).
        kinds: for steps and slots, each kind's own keys, by kind.
        one_of: exactly one of these keys (a when's test).
    """

    name: str
    header: str
    about: str
    keys: dict[str, Key]
    kinds: dict[str, Kind] = attrs.field(factory=dict)
    one_of: tuple[str, ...] = ()


# -- the tables ------------------------------------------------------------------
# To add a key: add it here (for a step, to its kind's keys, or to STEP's for
# every kind), add the field to the model class, give it meaning where the
# checks or the program read it, and regenerate the schema and docs/keys.md:
#     python -m reconnect_tui.exercises.checks.schema --write

EXERCISE = Table(
    "exercise",
    "",
    "A paced exercise for one or two people: a few steps, each asking for something small.",
    {
        "format": Key(
            ("int", FORMAT_VERSION, FORMAT_VERSION),
            "The file format version; always 1 for now.",
            needed=True,
        ),
        "id": Key(
            LINE,
            "A short, stable name for the exercise: 1 to 64 of a-z, 0-9 and '-', starting and"
            " ending with a letter or digit. Saved progress refers to it; a file with the id"
            " of a built-in exercise is used in its place.",
            needed=True,
            pattern=ID_PATTERN,
        ),
        "title": Key(
            LINE,
            "The name shown in lists and at the top of the exercise; up to 120 characters.",
            needed=True,
            filled=True,
            longest=120,
        ),
        "summary": Key(
            TEXT, "A sentence or two on what the exercise is for.", needed=True, filled=True
        ),
        "tags": Key(LINES, 'Words to find the exercise by, e.g. ["listening"].'),
        "minutes": Key(
            ("int", MINUTES[0], MINUTES[-1]),
            "Roughly how long it takes, in minutes: an estimate for the list; nothing is timed"
            " against it.",
        ),
        "depth": Key(
            ("choice", DEPTHS), "How much it asks of people; lists show light ones first."
        ),
        "audience": Key(
            ("choice", AUDIENCES), "Which ways it can be done: alone (solo), together, or either."
        ),
        "revision": Key(
            ("int", 1, None),
            "Your own version number for the content; raise it when you change the wording in"
            " a way that matters.",
        ),
        "roles": Key(
            LINES,
            'Two different role names, e.g. ["speaker", "listener"], for exercises where'
            " partners take turns. a-z and '_', and none of both, each, name, partner, answer"
            " or partner_answer, which already mean something.",
            distinct=True,
            size=2,
            pattern=ROLE_PATTERN,
            reserved=RESERVED_ROLES,
        ),
        "nudges": Key(tables("nudge"), "Gentle hints for free-text answers."),
        "steps": Key(tables("step"), "The steps, in order.", needed=True, filled=True),
    },
)

NUDGE = Table(
    "nudge",
    "[[nudges]]",
    "A kind hint shown when a typed answer holds one of a few phrases. It never blocks.",
    {
        "id": Key(
            LINE,
            "A short name steps use to pick which nudges apply to them: a-z, 0-9 and '-'.",
            needed=True,
            pattern=ID_PATTERN,
        ),
        "phrases": Key(
            LINES,
            "Plain phrases, not patterns: matched anywhere in an answer, without regard to case"
            " or runs of spaces.",
            needed=True,
            filled=True,
        ),
        "message": Key(
            TEXT,
            "The hint, in a gentle voice. It may name people: {name}, {partner}, a role.",
            needed=True,
            filled=True,
        ),
    },
)

# Keys more than one kind of step (or slot) has.
_PLACEHOLDER = Key(LINE, "Grey example text shown in the empty box.")
_OPTIONS = Key(
    LINES,
    "The options to pick from, in the order shown; each one once (case does not matter).",
    own=True,
    filled=True,
    distinct=True,
)
_GROUPS = Key(
    tables("group"), "Options in labelled groups, instead of `options`.", own=True, filled=True
)
_OTHER = Key(BOOL, 'Also offer "something else", with room for one\'s own words.')

STEP = Table(
    "step",
    "[[steps]]",
    "One step of the exercise.",
    {
        "id": Key(
            LINE,
            "A short name for the step, unique in the file: a-z, 0-9 and '-'. Branches,"
            " placeholders and summaries refer to it, and saved answers are kept by it, so an"
            " edited file keeps the progress people made.",
            needed=True,
            pattern=ID_PATTERN,
        ),
        "kind": Key(("choice", STEP_KINDS), "What the step asks for.", needed=True, own=True),
        "text": Key(
            TEXT,
            "The prompt, or the text to take in; may span lines. Placeholders: {name},"
            " {partner}, a role such as {speaker}, {answer.STEP}, {partner_answer.STEP},"
            " {speaker_answer.STEP} (this round's speaker's answer); {{ and }} for braces."
            " Up to 1500 characters reads well on one screen.",
            longest=1500,
        ),
        "solo_text": Key(
            TEXT,
            "The wording used instead of `text` when one person does the exercise alone;"
            " up to 1500 characters.",
            longest=1500,
        ),
        "title": Key(LINE, "A short heading for the step; up to 80 characters.", longest=80),
        "who": Key(
            LINE,
            "Who answers: `both` (one shared answer), `each` (each partner in turn) or a role"
            " name.",
        ),
        "only": Key(("choice", MODES), "Keep the step to one mode; it is skipped in the other."),
        "private": Key(
            BOOL,
            "Keep the answer from the other partner until a compare or summary step names this"
            " step.",
        ),
        "min_seconds": Key(
            ("number", 0, 3600),
            "Seconds before Continue is offered (for a pause: before it may be ended early).",
        ),
        "optional": Key(BOOL, "The step may be skipped."),
        "nudges": Key(
            IDS,
            "Ids of the exercise's nudges that apply here. Leave it out for all of them (on"
            " steps where people type); [] for none.",
        ),
        "branches": Key(
            tables("branch"), "Where to go next, tried in order after the step is done."
        ),
    },
    kinds={
        "read": Kind("Text to take in.", needs=("text",)),
        "pause": Kind(
            "A timed quiet moment, with an optional breathing guide.",
            {
                "seconds": Key(("number", 1, 3600), "How long the pause lasts, in seconds."),
                "rhythm": Key(
                    table("rhythm"),
                    "A breathing guide in seconds per phase, e.g. { inhale = 4, exhale = 6 }.",
                ),
            },
        ),
        "text": Kind(
            "A written answer.",
            {
                "multiline": Key(BOOL, "A larger box, for several lines."),
                "placeholder": _PLACEHOLDER,
                "min_length": Key(("int", 0, 100_000), "Fewest characters an answer needs."),
                "max_length": Key(("int", 1, 100_000), "Most characters an answer may have."),
            },
        ),
        "choice": Kind(
            "Pick from options, given as one plain list or in labelled groups.",
            {
                "options": _OPTIONS,
                "groups": _GROUPS,
                "multiple": Key(BOOL, "Allow more than one pick."),
                "other": _OTHER,
                "min_picks": Key(("int", 0, None), "Fewest picks needed."),
                "max_picks": Key(
                    ("int", 1, None),
                    "Most picks allowed (no limit unless set); more than one needs"
                    " multiple = true.",
                ),
                "options_from": Key(
                    LINE,
                    "The id of a list step that always comes earlier: its items are the options"
                    " (instead of options or groups). With no items to show, the step asks for"
                    " a few words instead.",
                    pattern=ID_PATTERN,
                ),
                "options_of": Key(
                    LINE,
                    'Whose list options_from shows: "own" (the person answering; the default),'
                    ' "partner", or a role name such as "speaker".',
                ),
            },
            one_of=("options", "groups", "options_from"),
        ),
        "scale": Kind(
            "A whole number in a labelled range.",
            {
                "min": Key(("int", -1000, 1000), "The lowest number."),
                "max": Key(("int", -1000, 1000), "The highest number; more than min."),
                "min_label": Key(LINE, 'Words for the low end, e.g. "not at all".'),
                "max_label": Key(LINE, 'Words for the high end, e.g. "completely".'),
                "labels": Key(
                    LINES,
                    'Words for every number, from min to max, e.g. ["not yet", "a little",'
                    ' "halfway", "mostly", "spot on"]; an answer is read back with its words'
                    ' ("4 of 5 (mostly)").',
                    filled=True,
                ),
                "default": Key(("int", None, None), "Where the marker starts, inside the range."),
            },
        ),
        "list": Kind(
            "Several short items, one at a time.",
            {
                "placeholder": _PLACEHOLDER,
                "min_items": Key(("int", 0, 100), "Fewest items needed."),
                "max_items": Key(("int", 1, 100), "Most items allowed."),
                "item_max_length": Key(("int", 1, 10_000), "Most characters per item."),
            },
        ),
        "compose": Kind(
            "A sentence with blanks: a template whose {slot} markers are filled one by one,"
            " with a live preview.",
            {
                "template": Key(
                    TEXT,
                    "The sentence to build, with each slot's {marker} once, e.g."
                    ' "I feel {feeling} when {situation}." {{ and }} for braces.',
                    needed=True,
                    filled=True,
                ),
                "slots": Key(
                    named("slot"),
                    "The blanks of the template, one [steps.slots.NAME] table per {NAME}, asked"
                    " in the order written. Names: a-z, 0-9 and '_'.",
                    needed=True,
                    pattern=SLOT_PATTERN,
                ),
            },
        ),
        "compare": Kind(
            "Two partners' answers to an earlier `each` list step side by side: what both"
            " named, and what only one did.",
            {
                "step": Key(
                    LINE,
                    'The id of an earlier list step with who = "each" whose answers are compared.',
                    needed=True,
                    pattern=ID_PATTERN,
                ),
                "both_label": Key(LINE, "Heading for the items both partners named."),
                "only_label": Key(
                    LINE, "Heading for the items only one partner named; {person} is their name."
                ),
            },
        ),
        "summary": Kind(
            "Earlier answers gathered on one screen. It also reveals the private answers of"
            " the steps it names.",
            {
                "steps": Key(
                    IDS,
                    "Ids of earlier steps to show; leave it out (or empty) for every step"
                    " answered so far.",
                ),
                "titles": Key(
                    BY_ID,
                    "Headings for the answers of some of those steps, by step id, instead of"
                    " their steps' titles, e.g."
                    ' { moment = "From {name} to {partner}" }. Placeholders are filled for'
                    " whoever gave each answer, with the roles held then.",
                    own=True,
                ),
            },
        ),
        "later": Kind(
            "Close the session for now, with a time to come back: people pick the time (the"
            " suggested one first), and Home shows the session as resting until that day,"
            " then as ready to continue.",
            {
                "come_back": Key(
                    LINE,
                    'The suggested time to come back: "tomorrow", "in 3 days", "in 2 weeks"'
                    ' or "next sunday" (up to 8 weeks).',
                    needed=True,
                    filled=True,
                ),
                "other_times": Key(
                    LINES,
                    "Other times people may pick instead, written the same way.",
                    distinct=True,
                ),
            },
        ),
    },
)

SLOT = Table(
    "slot",
    "[steps.slots.NAME]",
    "One blank in a compose template, filled by picking or typing.",
    {
        "kind": Key(
            ("choice", SLOT_KINDS), "`choice`: pick from options; `text`: type freely.", needed=True
        ),
        "prompt": Key(LINE, "A short question shown beside the blank; may hold placeholders."),
        "other": _OTHER,
        "placeholder": Key(LINE, "Grey example text shown in an empty text blank."),
        "optional": Key(BOOL, "The blank may be left empty."),
        "max_length": Key(("int", 1, 10_000), "Most characters a typed answer may have."),
    },
    kinds={
        "choice": Kind(
            "Pick from options.",
            {"options": _OPTIONS, "groups": _GROUPS},
            one_of=("options", "groups"),
        ),
        "text": Kind("Type freely."),
    },
)

GROUP = Table(
    "group",
    "[[steps.groups]]",
    "Options shown under one heading (in a choice step or slot).",
    {
        "label": Key(LINE, "The heading above these options.", needed=True, filled=True),
        "options": Key(
            LINES,
            "The options under this heading, in the order shown; each one once.",
            needed=True,
            filled=True,
            distinct=True,
        ),
    },
)

BRANCH = Table(
    "branch",
    "[[steps.branches]]",
    "Where to go after the step. Branches are tried in order; the first whose test holds"
    " (and whose limit is not used up) is taken, else the flow goes on to the next step.",
    {
        "when": Key(
            table("when"),
            'The test, e.g. { step = "close", below = 4 }; leave it out for "always".',
        ),
        "goto": Key(
            LINE,
            "The id of the step to go to. Going back (to this step or an earlier one) makes a"
            " loop, which needs a `limit`.",
            needed=True,
            pattern=ID_PATTERN,
        ),
        "limit": Key(
            ("int", 1, 1000),
            "How many times this branch may be taken in one session. Taking a swap_roles"
            " branch starts the other branches' counts again, so each person gets the full"
            " number of repeats in their role.",
        ),
        "swap_roles": Key(BOOL, "Swap the partners' roles when this branch is taken."),
    },
)

# A test's spec: ("test", the Python types it takes, how to say so).
WHEN = Table(
    "when",
    "when = { … }",
    "A test on this step's or an earlier step's answer: `step` and exactly one test.",
    {
        "step": Key(
            LINE,
            "The id of the step whose answer is tested: this one or an earlier one.",
            needed=True,
            pattern=ID_PATTERN,
        ),
        "below": Key(
            ("test", (int,), "a whole number"), "Holds when a scale answer is less than this."
        ),
        "at_least": Key(
            ("test", (int,), "a whole number"), "Holds when a scale answer is this or more."
        ),
        "is": Key(
            ("test", (str, int), "text or a whole number"),
            "Holds when a choice (one pick), scale or text answer is exactly this.",
        ),
        "includes": Key(
            ("test", (str,), "text"),
            "Holds when a choice or list answer contains this option or item.",
        ),
        "answered": Key(
            ("test", (bool,), "true or false"),
            "true: holds when the step was answered; false: when it was skipped.",
        ),
        "match": Key(
            ("choice", CONDITION_MATCHES),
            'For a step with who = "each", done together: `any` holds when the test holds for'
            " either person's answer, `both` only when it holds for both. Unless set: `any`,"
            " but `both` for at_least and answered = false.",
        ),
    },
    one_of=CONDITION_OPS,
)

RHYTHM = Table(
    "rhythm",
    "rhythm = { … }",
    "A breathing rhythm for a pause, in seconds per phase.",
    {
        "inhale": Key(("number", 0.5, 60), "Seconds to breathe in.", needed=True),
        "exhale": Key(("number", 0.5, 60), "Seconds to breathe out.", needed=True),
        "hold_in": Key(("number", 0, 60), "Seconds to hold after breathing in."),
        "hold_out": Key(("number", 0, 60), "Seconds to rest after breathing out."),
    },
)

# Every table, in the order the docs show them; a key of spec table(NAME) holds TABLES[NAME].
TABLES = {t.name: t for t in (EXERCISE, NUDGE, STEP, SLOT, GROUP, BRANCH, WHEN, RHYTHM)}


# -- what the checks read --------------------------------------------------------
def specs(keys: dict[str, Key]) -> dict[str, Spec]:
    """The specs ``Reader.present`` reads *keys* by."""
    return {name: key.read_spec for name, key in keys.items()}


def every_key(table: Table) -> dict[str, Key]:
    """*table*'s keys with every kind's own keys (for steps: any step's keys)."""
    keys = dict(table.keys)
    for kind in table.kinds.values():
        keys.update(kind.keys)
    return keys


TOP_KEYS = tuple(EXERCISE.keys)
TOP_KEY_SET = frozenset(TOP_KEYS)
TOP_SPECS = {name: key.spec for name, key in EXERCISE.keys.items()}
NUDGE_KEYS = frozenset(NUDGE.keys)
COMMON_SPECS: dict[str, Spec] = specs(STEP.keys)
KIND_SPECS: dict[str, dict[str, Spec]] = {
    kind: specs(entry.keys) for kind, entry in STEP.kinds.items()
}
STEP_SPECS = {kind: {**COMMON_SPECS, **kind_specs} for kind, kind_specs in KIND_SPECS.items()}
ALL_STEP_SPECS = {
    name: spec for step_specs in STEP_SPECS.values() for name, spec in step_specs.items()
}
KIND_KEYS = {kind: tuple(kind_specs) for kind, kind_specs in KIND_SPECS.items()}
SLOT_SPECS: dict[str, Spec] = specs(every_key(SLOT))
GROUP_SPECS: dict[str, Spec] = specs(GROUP.keys)
BRANCH_KEYS = frozenset(BRANCH.keys)
BRANCH_SPECS = {name: key.spec for name, key in BRANCH.keys.items()}
WHEN_KEYS = frozenset(WHEN.keys)
RHYTHM_KEYS = frozenset(RHYTHM.keys)
RHYTHM_SPECS = {name: key.spec for name, key in RHYTHM.keys.items()}
# What each test in a `when` compares with: accepted types, and how to say so.
OP_TYPES = {op: WHEN.keys[op].spec[1:] for op in CONDITION_OPS}

# Which kinds of step each test can look at (`answered` fits every kind).
OP_KINDS = {
    "below": ("scale",),
    "at_least": ("scale",),
    "includes": ("choice", "list"),
    "is": ("choice", "scale", "text"),
}
# Braces in text: a literal {{ or }}, or a {placeholder} (whatever is inside).
BRACES = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
# A placeholder that names a step: {answer.STEP}, {partner_answer.STEP} or
# {ROLE_answer.STEP}; which words may come before the dot is the checks' business.
STEP_REFERENCE = re.compile(r"^([a-z][a-z_]*)\.([a-z0-9-]+)\Z")
# The words before the dot that show an answer, besides ROLE + ROLE_ANSWER.
ANSWER_WORDS = ("answer", "partner_answer")
ROLE_ANSWER = "_answer"

_TYPE_NAMES = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a table",
}


def describe(value: object) -> str:
    """What kind of TOML value *value* is, in words."""
    return _TYPE_NAMES.get(type(value), "a date or time")


def shown(text: str) -> str:
    """A key path's part as TOML escapes it (``b\\u202e``), so the line of a key can be found.

    Messages need not use this: a :class:`~reconnect_tui.common.problems.Problem`
    names what nobody can see by its code point itself.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def join(key: str, name: str | int) -> str:
    """The key path of *name* inside *key*: ``steps`` + 3 -> ``steps[3]``."""
    if isinstance(name, int):
        return f"{key}[{name}]"
    return f"{key}.{name}" if key else name
