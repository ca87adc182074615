"""Exercises written out with the writer read back equal."""

from __future__ import annotations

import tomllib

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconnect_tui.exercises.library import load_library, load_text
from reconnect_tui.exercises.model import (
    AUDIENCES,
    DEPTHS,
    STEP_CLASSES,
    Branch,
    ChoiceStep,
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
    TextStep,
)
from tests.builders import dump_exercise, exercise_to_data

# Clean text: no control or format characters (bidi marks are format
# characters), no surrogates, and no braces, which would be placeholders.
_char = st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs"), exclude_characters="{}")
line = st.text(_char, max_size=12)
words = line.filter(lambda s: s.strip())
paragraph = st.lists(st.one_of(line, st.just("\n")), max_size=4).map("".join)
prose = paragraph.filter(lambda s: s.strip())
ident = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
halves = st.integers(0, 7200).map(lambda n: n / 2)


def option_groups(labelled: bool | None = None):
    """One unlabelled group, or labelled groups; every option different (ignoring case)."""
    options = st.lists(words, min_size=1, max_size=6, unique_by=str.casefold)

    @st.composite
    def build(draw):
        chosen = draw(options)
        if labelled is False or (labelled is None and draw(st.booleans())):
            return (OptionGroup(label="", options=chosen),)
        cut = draw(st.integers(1, len(chosen)))
        return (
            OptionGroup(label=draw(words), options=chosen[:cut]),
            *([OptionGroup(label=draw(words), options=chosen[cut:])] if chosen[cut:] else []),
        )

    return build()


@st.composite
def compose_fields(draw) -> dict:
    names = draw(
        st.lists(
            st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    slots = []
    for name in names:
        kind = draw(st.sampled_from(["choice", "text"]))
        slots.append(
            Slot(
                name=name,
                kind=kind,
                prompt=draw(line),
                groups=draw(option_groups()) if kind == "choice" else (),
                other=draw(st.booleans()),
                placeholder=draw(line),
                optional=draw(st.booleans()),
                max_length=draw(st.integers(1, 10_000)),
            )
        )
    order = draw(st.permutations(names))
    template = "".join(draw(paragraph) + "{" + name + "}" for name in order) + draw(paragraph)
    return {"template": template, "slots": slots}


@st.composite
def kind_fields(draw, kind: str, earlier: list) -> dict:
    if kind == "pause":
        rhythm = draw(
            st.none()
            | st.builds(
                Rhythm,
                inhale=st.integers(1, 120).map(lambda n: n / 2),
                exhale=st.integers(1, 120).map(lambda n: n / 2),
                hold_in=st.integers(0, 120).map(lambda n: n / 2),
                hold_out=st.integers(0, 120).map(lambda n: n / 2),
            )
        )
        return {"seconds": draw(st.integers(3600, 7200).map(lambda n: n / 2)), "rhythm": rhythm}
    if kind == "text":
        low = draw(st.integers(0, 100))
        return {
            "multiline": draw(st.booleans()),
            "placeholder": draw(line),
            "min_length": low,
            "max_length": draw(st.integers(max(low, 1), 100_000)),
        }
    if kind == "choice":
        groups = draw(option_groups())
        count = sum(len(g.options) for g in groups)
        if draw(st.booleans()):
            low = draw(st.integers(0, count))
            high = draw(st.none() | st.integers(max(low, 1), count + 3))
            return {
                "groups": groups,
                "multiple": True,
                "other": draw(st.booleans()),
                "min_picks": low,
                "max_picks": high,
            }
        return {
            "groups": groups,
            "other": draw(st.booleans()),
            "min_picks": draw(st.integers(0, 1)),
            "max_picks": draw(st.sampled_from([None, 1])),
        }
    if kind == "scale":
        low = draw(st.integers(-1000, 999))
        high = draw(st.integers(low + 1, 1000))
        return {
            "min": low,
            "max": high,
            "min_label": draw(line),
            "max_label": draw(line),
            "default": draw(st.none() | st.integers(low, high)),
        }
    if kind == "list":
        low = draw(st.integers(0, 100))
        return {
            "placeholder": draw(line),
            "min_items": low,
            "max_items": draw(st.integers(max(low, 1), 100)),
            "item_max_length": draw(st.integers(1, 10_000)),
        }
    if kind == "compose":
        return draw(compose_fields())
    if kind == "compare":
        lists = [s.id for s in earlier if isinstance(s, ListStep) and s.who == "each"]
        return {
            "step": draw(st.sampled_from(lists)),
            "both_label": draw(words),
            "only_label": draw(words),
        }
    if kind == "later":
        times = st.sampled_from(["tomorrow", "in 3 days", "in a week", "next sunday", "in 2 weeks"])
        first = draw(times)
        return {
            "come_back": first,
            "other_times": draw(
                st.lists(times.filter(lambda t: t != first), max_size=3, unique=True)
            ),
        }
    if kind == "summary":
        shown = (
            draw(st.lists(st.sampled_from([s.id for s in earlier]), unique=True)) if earlier else []
        )
        named = draw(st.lists(st.sampled_from(shown), unique=True)) if shown else []
        return {"steps": shown, "titles": [(step_id, draw(words)) for step_id in named]}
    return {}


@st.composite
def condition(draw, steps: list) -> Condition:
    step = draw(st.sampled_from(steps))
    tests = [("answered", st.booleans())]
    if isinstance(step, ScaleStep):
        number = st.integers(-1000, 1000)
        tests += [("below", number), ("at_least", number), ("is", number)]
    if isinstance(step, ChoiceStep):
        option = st.sampled_from(step.options)
        tests += [("is", option), ("includes", option)]
    if isinstance(step, ListStep):
        tests += [("includes", words)]
    if isinstance(step, TextStep):
        tests += [("is", line)]
    op, values = draw(st.sampled_from(tests))
    match = draw(st.sampled_from([None, "any", "both"])) if step.who == "each" else None
    return Condition(step=step.id, op=op, value=draw(values), match=match)


@st.composite
def branches(draw, steps: list, ids: list, roles: tuple) -> list[Branch]:
    """Branches that keep every step reachable: each has a when or a limit."""
    here = len(steps) - 1
    result = []
    for _ in range(draw(st.integers(0, 2))):
        goto = draw(st.sampled_from(ids))
        when = draw(st.none() | condition(steps))
        limit = draw(st.none() | st.integers(1, 1000))
        if ids.index(goto) <= here or when is None:
            limit = limit or 2
        result.append(
            Branch(
                when=when, goto=goto, limit=limit, swap_roles=bool(roles) and draw(st.booleans())
            )
        )
    return result


STEP_TYPES = STEP_CLASSES  # the model's own table of kinds


@st.composite
def exercises(draw) -> Exercise:
    roles = draw(st.sampled_from([(), ("speaker", "listener"), ("asker", "answerer")]))
    nudges = draw(
        st.lists(
            st.builds(
                Nudge, id=ident, phrases=st.lists(words, min_size=1, max_size=3), message=prose
            ),
            max_size=2,
            unique_by=lambda n: n.id,
        )
    )
    ids = draw(st.lists(ident, min_size=1, max_size=7, unique=True))
    steps: list = []
    for index, step_id in enumerate(ids):
        kind = draw(st.sampled_from([*STEP_TYPES, "list", "compare", "compare"]))
        if kind == "compare" and not any(
            isinstance(s, ListStep) and s.who == "each" for s in steps
        ):
            kind = "list"
        if kind == "later" and index == len(ids) - 1:
            kind = "read"  # a later step needs a step to come back to (else a warning)
        who = draw(st.sampled_from(["each"] * (kind == "list") + ["both", "each", *roles]))
        if kind == "later":
            who = "both"  # a later step pauses the whole session
        markers = [
            "",
            " {name}",
            " {partner}",
            *[f" {{{r}}}" for r in roles],
            *[f" {{answer.{i}}}" for i in ids[:index]],
            *[f" {{partner_answer.{i}}}" for i in ids[:index]],
            *[f" {{{r}_answer.{i}}}" for r in roles for i in ids[:index]],
        ]
        text = draw(prose if kind == "read" else paragraph) + draw(st.sampled_from(markers))
        fields = draw(kind_fields(kind, steps))
        step = STEP_TYPES[kind](
            id=step_id,
            text=text,
            solo_text=draw(paragraph),
            title=draw(line),
            who=who,
            only=draw(st.sampled_from([None, "solo", "together"])),
            private=draw(st.booleans()),
            min_seconds=draw(st.integers(0, 3600).map(lambda n: n / 2)),
            optional=draw(st.booleans()),
            nudges=draw(
                st.none() | st.lists(st.sampled_from([n.id for n in nudges]), unique=True)
                if nudges
                else st.none() | st.just(())
            ),
            **fields,
        )
        steps.append(step)
        # Branches may test this step itself, so they are drawn once it exists.
        fields = {**_fields_of(step), "branches": draw(branches(steps, ids, roles))}
        step = STEP_TYPES[kind](**fields)
        steps[-1] = step
    return Exercise(
        id=draw(ident),
        title=draw(words),
        summary=draw(prose),
        tags=draw(st.lists(words, max_size=3)),
        minutes=draw(st.integers(1, 240)),
        depth=draw(st.sampled_from(DEPTHS)),
        audience=draw(st.sampled_from(AUDIENCES)),
        revision=draw(st.integers(1, 1000)),
        roles=roles,
        nudges=nudges,
        steps=steps,
    )


def _fields_of(step) -> dict:
    return {f.name: getattr(step, f.name) for f in attrs.fields(type(step)) if f.init}


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exercises())
def test_written_exercises_read_back_equal(exercise: Exercise) -> None:
    text = dump_exercise(exercise)
    loaded = load_text(text, "written.toml")
    # Warnings judge the content (a private step nothing shows, a very long prompt, {answer.X}
    # on a role step after a swap), which random exercises may well have: only errors count.
    assert [p.format() for p in loaded.problems if p.severity == "error"] == []
    assert loaded.exercise == exercise


def test_defaults_are_left_out() -> None:
    exercise = Exercise(
        id="hello", title="Hello", summary="Hi", steps=[ReadStep(id="welcome", text="Welcome.")]
    )
    assert exercise_to_data(exercise) == {
        "format": 1,
        "id": "hello",
        "title": "Hello",
        "summary": "Hi",
        "steps": [{"id": "welcome", "kind": "read", "text": "Welcome."}],
    }


def test_whole_seconds_are_written_as_whole_numbers() -> None:
    exercise = Exercise(
        id="pause",
        title="Pause",
        summary="Breathe.",
        steps=[
            PauseStep(
                id="breathe", seconds=90.0, min_seconds=2.5, rhythm=Rhythm(inhale=4.0, exhale=6.0)
            ),
        ],
    )
    data = tomllib.loads(dump_exercise(exercise))
    step = data["steps"][0]
    assert (step["seconds"], step["min_seconds"], step["rhythm"]) == (
        90,
        2.5,
        {"inhale": 4, "exhale": 6},
    )


def test_builtin_exercises_read_back_equal() -> None:
    for entry in load_library().entries:
        assert load_text(dump_exercise(entry.exercise)).exercise == entry.exercise
