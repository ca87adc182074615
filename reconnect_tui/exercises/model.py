"""The exercise model: frozen attrs values built by the library from TOML files.

An object that exists is a valid object: the library checks a file and
collects every problem with a plain message first (see ``library.py``), then
builds the objects through their constructors (see ``checks/build.py``), whose
validators raise ``ValueError``. The format's fixed words and bounds (ids,
depths, audiences, minutes) are here too, for the checks to read.

The TOML format these classes mirror is documented in ``docs/authoring.md``
and described by ``reconnect_tui/exercises/schema/exercise-v1.schema.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal, TypeAlias

import attrs

FORMAT_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")  # \Z: no "\n" at the end

Depth: TypeAlias = Literal["light", "medium", "deep"]
Audience: TypeAlias = Literal["solo", "together", "either"]
Mode: TypeAlias = Literal["solo", "together"]

DEPTHS: tuple[Depth, ...] = ("light", "medium", "deep")
AUDIENCES: tuple[Audience, ...] = ("solo", "together", "either")
MINUTES = range(1, 241)  # an exercise's rough length, 1 to 240
MODES: tuple[Mode, ...] = ("solo", "together")
STEP_KINDS = (
    "read",
    "pause",
    "text",
    "choice",
    "scale",
    "list",
    "compose",
    "compare",
    "summary",
    "later",
)
# `who` values other than role names. "both": one shared answer (or none) for
# the pair; "each": each partner answers in turn, separately.
WHO_SHARED = ("both", "each")
CONDITION_OPS = ("below", "at_least", "is", "includes", "answered")
# How a test on a `who = "each"` step counts the two answers: either one is
# enough ("any") or both must pass ("both").
CONDITION_MATCHES = ("any", "both")
SLOT_KINDS = ("choice", "text")


def _check_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not ID_PATTERN.match(value):
        raise ValueError(f"{attribute.name} {value!r} must be 1-64 of a-z, 0-9 and '-'")


def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(value) if value is not None else ()


def _pairs(value: Iterable[Iterable[str]] | None) -> tuple[tuple[str, str], ...]:
    """(key, text) pairs as a tuple of 2-tuples; a mapping gives its items."""
    items = value.items() if isinstance(value, dict) else (value or ())
    pairs = []
    for pair in items:
        key, text = tuple(pair)
        pairs.append((str(key), str(text)))
    return tuple(pairs)


def _tuple_or_none(value: Iterable[Any] | None) -> tuple[Any, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen(kw_only=True)
class Nudge:
    """A kind hint shown when an answer contains one of a few plain phrases.

    Attributes:
        id: referred to by steps that list which nudges apply to them.
        phrases: matched case-insensitively as plain text, never as patterns.
        message: the hint, in a gentle voice. A nudge never blocks.
    """

    id: str = attrs.field(validator=_check_id)
    phrases: tuple[str, ...] = attrs.field(converter=_tuple)
    message: str


@attrs.frozen(kw_only=True)
class Rhythm:
    """A breathing rhythm for a pause, in seconds per phase."""

    inhale: float
    exhale: float
    hold_in: float = 0.0
    hold_out: float = 0.0

    @property
    def cycle(self) -> float:
        return self.inhale + self.hold_in + self.exhale + self.hold_out


@attrs.frozen(kw_only=True)
class Condition:
    """A test on an earlier (or the current) step's answer.

    ``op`` is one of: ``below`` / ``at_least`` (a scale answer against a
    number), ``is`` (a single choice, scale or text answer equals the value),
    ``includes`` (a choice or list answer contains the value), ``answered``
    (true: the step was answered; false: it was skipped). ``match``: for a
    step each partner answers, ``any`` or ``both`` (see :attr:`counts`).
    """

    step: str
    op: str = attrs.field(validator=attrs.validators.in_(CONDITION_OPS))
    value: str | int | bool
    match: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.in_(CONDITION_MATCHES))
    )

    @property
    def counts(self) -> str:
        """How a test on an ``each`` step counts the two answers: ``any`` or ``both``.

        Unless ``match`` says, ``any``; but ``at_least`` and ``answered = false``
        need ``both``, so that they stay the opposites of ``below`` and
        ``answered = true``.
        """
        if self.match is not None:
            return self.match
        return (
            "both"
            if self.op == "at_least" or (self.op, self.value) == ("answered", False)
            else "any"
        )


@attrs.frozen(kw_only=True)
class Branch:
    """Where to go after a step, when its condition holds (first match wins).

    Attributes:
        when: the condition; ``None`` means always.
        goto: the step to go to. A step at or before this one makes a loop,
            which must have a ``limit``.
        limit: how many times this branch may be taken in a session; after
            that the flow falls through to the next branch or step. Taking a
            ``swap_roles`` branch starts the counts of the branches that do
            not swap roles again, so limits hold per role turn: each speaker
            gets the full number of repeats.
        swap_roles: swap the two partners' roles when this branch is taken.
    """

    when: Condition | None = None
    goto: str
    limit: int | None = None
    swap_roles: bool = False


@attrs.frozen(kw_only=True)
class OptionGroup:
    """Options shown under one heading; the heading is empty for a plain list."""

    label: str = ""
    options: tuple[str, ...] = attrs.field(converter=_tuple)


@attrs.frozen(kw_only=True)
class Slot:
    """One blank in a compose template: a choice or free text."""

    name: str
    kind: str = attrs.field(validator=attrs.validators.in_(SLOT_KINDS))
    prompt: str = ""
    groups: tuple[OptionGroup, ...] = attrs.field(default=(), converter=_tuple)
    other: bool = False
    placeholder: str = ""
    optional: bool = False
    max_length: int = 300

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(option for group in self.groups for option in group.options)


@attrs.frozen(kw_only=True)
class Step:
    """What every step has. Each kind adds its own fields in a subclass.

    Attributes:
        id: stable across edits, so saved answers stay attached.
        text: the prompt or text to take in; may hold placeholders such as
            ``{name}``, ``{partner}``, a role name, ``{answer.STEP}`` or
            ``{partner_answer.STEP}``. ``{{`` and ``}}`` are literal braces.
        solo_text: the wording used when one person is alone.
        title: an optional short heading.
        who: ``both``, ``each`` or one of the exercise's role names.
        only: ``solo`` or ``together`` to keep the step to one mode.
        private: answers stay hidden from the other partner until a compare
            or summary step that names this step.
        min_seconds: how long before Continue is offered.
        optional: may be skipped.
        nudges: ids of the exercise's nudges that apply here; ``None`` means
            all of them (for steps that take free text).
        branches: where to go next, tried in order after the step is done.
    """

    kind: str = attrs.field(init=False, default="")
    id: str = attrs.field(validator=_check_id)
    text: str = ""
    solo_text: str = ""
    title: str = ""
    who: str = "both"
    only: Mode | None = None
    private: bool = False
    min_seconds: float = 0.0
    optional: bool = False
    nudges: tuple[str, ...] | None = attrs.field(default=None, converter=_tuple_or_none)
    branches: tuple[Branch, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class ReadStep(Step):
    """Text to take in."""

    kind: str = attrs.field(init=False, default="read")


@attrs.frozen(kw_only=True)
class PauseStep(Step):
    """A timed pause, optionally with a breathing rhythm.

    ``min_seconds`` is when it may be ended early; ``seconds`` its full length.
    """

    kind: str = attrs.field(init=False, default="pause")
    seconds: float = 60.0
    rhythm: Rhythm | None = None


@attrs.frozen(kw_only=True)
class TextStep(Step):
    """A free-text answer on one line or several."""

    kind: str = attrs.field(init=False, default="text")
    multiline: bool = False
    placeholder: str = ""
    min_length: int = 0
    max_length: int = 2000


@attrs.frozen(kw_only=True)
class ChoiceStep(Step):
    """Pick one option, or several with ``multiple``; ``other`` adds "something else".

    With ``options_from``, the options are the items of that earlier list step
    (``options_of``: ``own``, ``partner`` or a role's), found when the step is
    reached; ``groups`` is then empty in the file's model.
    """

    kind: str = attrs.field(init=False, default="choice")
    groups: tuple[OptionGroup, ...] = attrs.field(default=(), converter=_tuple)
    multiple: bool = False
    other: bool = False
    min_picks: int = 1
    max_picks: int | None = None
    options_from: str = ""
    options_of: str = "own"

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(option for group in self.groups for option in group.options)


@attrs.frozen(kw_only=True)
class ScaleStep(Step):
    """A whole number in a labelled range; ``labels``: words for every number, min to max."""

    kind: str = attrs.field(init=False, default="scale")
    min: int = 1
    max: int = 5
    min_label: str = ""
    max_label: str = ""
    default: int | None = None
    labels: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def words(self, value: int) -> str:
        """The words for *value*: from ``labels``, else the end labels; "" when none."""
        if self.labels and self.min <= value <= self.max:
            return self.labels[value - self.min]
        return {self.min: self.min_label, self.max: self.max_label}.get(value, "")


@attrs.frozen(kw_only=True)
class ListStep(Step):
    """Several short items."""

    kind: str = attrs.field(init=False, default="list")
    placeholder: str = ""
    min_items: int = 1
    max_items: int = 12
    item_max_length: int = 200


@attrs.frozen(kw_only=True)
class ComposeStep(Step):
    """A sentence template with named slots, shown as a live preview.

    ``template`` holds ``{slot}`` markers, one per slot, in any order.
    """

    kind: str = attrs.field(init=False, default="compose")
    template: str
    slots: tuple[Slot, ...] = attrs.field(converter=_tuple)


@attrs.frozen(kw_only=True)
class CompareStep(Step):
    """Two partners' answers to an ``each`` list step, side by side."""

    kind: str = attrs.field(init=False, default="compare")
    step: str
    both_label: str = "Named by both of you"
    only_label: str = "Named only by {person}"


@attrs.frozen(kw_only=True)
class SummaryStep(Step):
    """Earlier answers gathered; also reveals the private ones it names.

    ``steps`` empty means every answered step so far. ``titles``: (step id,
    heading) pairs naming the items of those steps, e.g. "From {name} to
    {partner}"; placeholders are filled for whoever gave each answer.
    """

    kind: str = attrs.field(init=False, default="summary")
    steps: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    titles: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)

    def title_for(self, step_id: str) -> str:
        """The author's heading for the items of *step_id*, or ""."""
        return next((title for sid, title in self.titles if sid == step_id), "")


@attrs.frozen(kw_only=True)
class LaterStep(Step):
    """Close the session for now, with a time to come back (see ``comeback.py``).

    ``come_back`` is the author's suggestion ("in 3 days", "next sunday"),
    offered first; ``other_times`` are other phrases people may pick instead.
    The pick is kept as its words; the session then rests until that day.
    """

    kind: str = attrs.field(init=False, default="later")
    come_back: str
    other_times: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def times(self) -> tuple[str, ...]:
        return (self.come_back, *self.other_times)


STEP_CLASSES: dict[str, type[Step]] = {
    "read": ReadStep,
    "pause": PauseStep,
    "text": TextStep,
    "choice": ChoiceStep,
    "scale": ScaleStep,
    "list": ListStep,
    "compose": ComposeStep,
    "compare": CompareStep,
    "summary": SummaryStep,
    "later": LaterStep,
}


@attrs.frozen(kw_only=True)
class Exercise:
    """One exercise, as read from a file.

    Attributes:
        format: the file format version (always 1 for now).
        revision: the author's content version, raised when the text changes.
        audience: who it is for: ``solo``, ``together`` or ``either``.
        roles: two role names for role exercises (e.g. speaker, listener),
            or empty. In together mode the partners start in the order chosen
            on the Who's here screen and swap through branches.
    """

    format: int = FORMAT_VERSION
    id: str = attrs.field(validator=_check_id)
    title: str
    summary: str
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    minutes: int = 5
    depth: Depth = "light"
    audience: Audience = "either"
    revision: int = 1
    roles: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    nudges: tuple[Nudge, ...] = attrs.field(default=(), converter=_tuple)
    steps: tuple[Step, ...] = attrs.field(converter=_tuple)

    def step(self, step_id: str) -> Step:
        """The step with *step_id*; ``KeyError`` when there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def index(self, step_id: str) -> int:
        """The position of *step_id* in ``steps``; ``KeyError`` when there is none."""
        for position, step in enumerate(self.steps):
            if step.id == step_id:
                return position
        raise KeyError(step_id)

    def nudge(self, nudge_id: str) -> Nudge:
        for nudge in self.nudges:
            if nudge.id == nudge_id:
                return nudge
        raise KeyError(nudge_id)

    def modes(self) -> tuple[Mode, ...]:
        """The modes this exercise can be run in."""
        return MODES if self.audience == "either" else (self.audience,)
