"""One place for making exercises in tests (and in the benchmarks).

- in memory: :func:`exercise` (steps in an exercise with small defaults) and
  :func:`realistic_exercise` (about ten steps of every kind, from a seed);
- as TOML text: :func:`exercise_text` (the smallest valid file) and
  :func:`dump_exercise` (any exercise, written so the library reads it back equal);
- as the library the app reads: :func:`entry` and :func:`library`, the real
  :class:`~reconnect_tui.exercises.library.Library` over exercises in memory.

Problems for a library are the real :class:`~reconnect_tui.common.problems.Problem`.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from reconnect_tui.common.problems import Problem
from reconnect_tui.exercises.library import Entry, Library
from reconnect_tui.exercises.model import (
    Branch,
    ChoiceStep,
    CompareStep,
    ComposeStep,
    Condition,
    Exercise,
    ListStep,
    Nudge,
    OptionGroup,
    PauseStep,
    ReadStep,
    Rhythm,
    ScaleStep,
    Slot,
    Step,
    SummaryStep,
    TextStep,
)

# -- in memory -----------------------------------------------------------------------------


def exercise(
    *steps: Step, id: str = "ex", title: str = "Ex", summary: str = "Ex.", **fields: Any
) -> Exercise:
    """An exercise of *steps*; *fields* are any other :class:`Exercise` fields."""
    return Exercise(id=id, title=title, summary=summary, steps=steps, **fields)


def opened(ex: Exercise) -> Exercise:
    """*ex* with a first step ``shared`` that shows every answer to both from the start,
    so Back may cross every hand-off (it never brings back words not yet shown to both)."""
    named = [
        step.id for step in ex.steps if step.kind in ("text", "choice", "scale", "list", "compose")
    ]
    return attrs.evolve(ex, steps=[SummaryStep(id="shared", steps=named), *ex.steps])


_SAMPLE = (
    "notice gently what has shifted between you lately and take a slow breath before "
    "you answer there is no right way to feel this small steps count evenings together "
    "talk walk quiet tired worried close distant hopeful listen"
)
_WORDS = _SAMPLE.split()


def _sentence(rng: random.Random, low: int = 6, high: int = 20) -> str:
    words = rng.choices(_WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return "\n".join(_sentence(rng) for _ in range(rng.randint(1, 3)))


def realistic_exercise(rng: random.Random, number: int) -> Exercise:
    """A plausible exercise: welcome, a few questions of each kind, a summary.

    Its id is ``bench-NNNN``; the same *rng* state and *number* make the same exercise.
    """
    steps: list = [ReadStep(id="welcome", title="Welcome", text=_paragraph(rng), min_seconds=5)]
    steps.append(
        PauseStep(
            id="breathe",
            text=_sentence(rng),
            seconds=60,
            min_seconds=20,
            rhythm=Rhythm(inhale=4, exhale=6),
        )
    )
    steps.append(
        ScaleStep(
            id="close",
            text=_sentence(rng),
            min=1,
            max=5,
            min_label="far apart",
            max_label="very close",
        )
    )
    steps.append(
        ChoiceStep(
            id="feeling",
            text=_sentence(rng),
            multiple=True,
            max_picks=3,
            groups=[
                OptionGroup(label="Heavy", options=["tired", "hurt", "lonely"]),
                OptionGroup(label="Light", options=["calm", "hopeful"]),
            ],
        )
    )
    steps.append(
        TextStep(
            id="moment",
            text=_sentence(rng) + " {partner}?",
            multiline=True,
            placeholder="One evening last week…",
            nudges=["blame"],
        )
    )
    steps.append(
        ComposeStep(
            id="statement",
            text=_sentence(rng),
            template="I feel {feeling} when {situation}, and I'd like {request}.",
            slots=[
                Slot(
                    name="feeling",
                    kind="choice",
                    groups=[OptionGroup(options=["hurt", "lonely", "worried"])],
                    other=True,
                ),
                Slot(name="situation", kind="text", prompt="When?"),
                Slot(name="request", kind="text", prompt="What would help?"),
            ],
        )
    )
    steps.append(ListStep(id="values", who="each", private=True, text=_sentence(rng), max_items=8))
    steps.append(CompareStep(id="side-by-side", step="values", text=_sentence(rng)))
    steps.append(
        ReadStep(
            id="again",
            text=_sentence(rng) + " {answer.moment}",
            branches=[
                Branch(when=Condition(step="close", op="below", value=3), goto="moment", limit=2)
            ],
        )
    )
    steps.append(SummaryStep(id="recap", title="Looking back", steps=["moment", "statement"]))
    return Exercise(
        id=f"bench-{number:04d}",
        title=f"Exercise {number}",
        summary=_paragraph(rng),
        tags=["talking", "bench"],
        minutes=10,
        depth=rng.choice(["light", "medium", "deep"]),
        nudges=[
            Nudge(
                id="blame",
                phrases=["you always", "you never"],
                message="Could you name one moment instead?",
            )
        ],
        steps=steps,
    )


# -- as TOML text --------------------------------------------------------------------------


def exercise_text(id: str = "hello", title: str = "Hello", depth: str = "light") -> str:
    """The smallest valid exercise file: one read step."""
    return (
        f'format = 1\nid = "{id}"\ntitle = "{title}"\nsummary = "A first step."\n'
        f'depth = "{depth}"\n\n[[steps]]\nid = "welcome"\nkind = "read"\ntext = "Welcome."\n'
    )


# The writer leaves out values equal to their defaults, so written files stay as
# short as hand-written ones. Keys come in the order a person would write them;
# the rest follow in model order.
_FIRST_STEP_KEYS = ("id", "kind", "title", "who", "only", "private", "optional", "min_seconds")
_LAST_STEP_KEYS = ("nudges", "branches")


def _plain(value: Any) -> Any:
    """Whole floats as ints (``60`` reads better than ``60.0``); tuples as lists."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _changed(instance: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of an attrs *instance* that differ from their defaults."""
    data: dict[str, Any] = {}
    for field in attrs.fields(type(instance)):
        if field.name in skip or not field.init:
            continue
        value = getattr(instance, field.name)
        if field.default is not attrs.NOTHING and value == field.default:
            continue
        data[field.name] = value
    return data


def _options(groups: tuple[OptionGroup, ...]) -> dict[str, Any]:
    """One unlabelled group as ``options``, several (or labelled) as ``groups``."""
    if len(groups) == 1 and not groups[0].label:
        return {"options": list(groups[0].options)}
    return {"groups": [{"label": g.label, "options": list(g.options)} for g in groups]}


def _slot(slot: Slot) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": slot.kind}
    changed = _changed(slot, skip=("name", "kind", "groups"))
    if slot.prompt:
        data["prompt"] = changed.pop("prompt")
    if slot.groups:
        data.update(_options(slot.groups))
    data.update({key: _plain(value) for key, value in changed.items()})
    return data


def _step(step: Step) -> dict[str, Any]:
    changed = _changed(step, skip=("id", "branches", "groups", "slots", "rhythm", "titles"))
    data: dict[str, Any] = {"id": step.id, "kind": step.kind}
    for key in (*_FIRST_STEP_KEYS[2:], *changed):
        if key in changed and key not in _LAST_STEP_KEYS and key not in data:
            data[key] = _plain(changed[key])
    if isinstance(step, ChoiceStep):
        data.update(_options(step.groups))
    if isinstance(step, ComposeStep):
        data["slots"] = {slot.name: _slot(slot) for slot in step.slots}
    rhythm = getattr(step, "rhythm", None)
    if rhythm is not None:
        data["rhythm"] = {key: _plain(value) for key, value in _changed(rhythm).items()}
    if getattr(step, "titles", ()):
        data["titles"] = dict(step.titles)
    if step.nudges is not None:
        data["nudges"] = list(step.nudges)
    if step.branches:
        data["branches"] = [_branch(branch) for branch in step.branches]
    return data


def _branch(branch) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if branch.when is not None:
        data["when"] = {"step": branch.when.step, branch.when.op: branch.when.value}
        if branch.when.match is not None:
            data["when"]["match"] = branch.when.match
    data["goto"] = branch.goto
    if branch.limit is not None:
        data["limit"] = branch.limit
    if branch.swap_roles:
        data["swap_roles"] = True
    return data


def exercise_to_data(exercise: Exercise) -> dict[str, Any]:
    """A plain dict of *exercise*, ready for tomli-w; defaults are left out."""
    data: dict[str, Any] = {"format": exercise.format, "id": exercise.id}
    changed = _changed(exercise, skip=("format", "id", "nudges", "steps"))
    # title and summary have no defaults, so they are always here.
    data.update({key: _plain(value) for key, value in changed.items()})
    if exercise.nudges:
        data["nudges"] = [
            {"id": n.id, "phrases": list(n.phrases), "message": n.message} for n in exercise.nudges
        ]
    data["steps"] = [_step(step) for step in exercise.steps]
    return data


def dump_exercise(exercise: Exercise) -> str:
    """*exercise* as TOML text that ``library.load_text`` reads back equal."""
    return tomli_w.dumps(exercise_to_data(exercise), multiline_strings=True)


# -- as a library --------------------------------------------------------------------------


def entry(exercise: Exercise, **fields: Any) -> Entry:
    """*exercise* as a built-in library entry; *fields* change where it came from."""
    where = {"path": Path("exercises/test.toml"), "source": "built-in", "digest": ""}
    return Entry(exercise=exercise, **{**where, **fields})


def library(*exercises: Exercise | Entry, problems: tuple[Problem, ...] = ()) -> Library:
    """A library of *exercises* (or entries) in the order given, with *problems*."""
    entries = tuple(item if isinstance(item, Entry) else entry(item) for item in exercises)
    return Library(entries=entries, problems=problems)
