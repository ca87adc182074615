"""Options built from an earlier list answer: checks, whose list, privacy and the fallback."""

from __future__ import annotations

import pytest

from reconnect_tui.engine.answers import display
from reconnect_tui.engine.session import Session
from reconnect_tui.exercises.library import load_text
from reconnect_tui.exercises.model import (
    Branch,
    ChoiceStep,
    ListStep,
    ReadStep,
    SummaryStep,
    TextStep,
)
from reconnect_tui.exercises.worksheet import render
from tests.builders import exercise

TOP = 'format = 1\nid = "pick"\ntitle = "Pick"\nsummary = "Pick one."\n'
LIST = '\n[[steps]]\nid = "things"\nkind = "list"\ntext = "Name a few."\n'
CHOOSE = '\n[[steps]]\nid = "best"\nkind = "choice"\ntext = "Which one?"\noptions_from = "things"\n'


def problems(text: str) -> list[tuple[str, int | None, str, str]]:
    loaded = load_text(text, "pick.toml")
    return [(p.key, p.line, p.message, p.hint) for p in loaded.problems]


def test_a_choice_from_an_earlier_list_loads() -> None:
    loaded = load_text(TOP + LIST + CHOOSE)
    assert loaded.problems == ()
    step = loaded.exercise.step("best")
    assert isinstance(step, ChoiceStep)
    assert (step.options_from, step.options_of, step.groups) == ("things", "own", ())


def test_the_list_must_exist_come_earlier_and_be_a_list() -> None:
    missing = problems(TOP + CHOOSE.replace('"things"', '"thigns"') + LIST)
    assert missing[0][:3] == ("steps[0].options_from", 10, "there is no step 'thigns'")
    assert "things" in missing[0][3]
    later = problems(TOP + CHOOSE + LIST)
    assert later[0][:3] == (
        "steps[0].options_from",
        10,
        "options_from looks at 'things', which comes later",
    )
    read = TOP + LIST.replace('"list"', '"read"') + CHOOSE
    assert problems(read)[0][:3] == (
        "steps[1].options_from",
        15,
        "options_from needs a list step; 'things' is a read step",
    )


def test_the_list_must_come_on_every_way_to_the_step() -> None:
    jump = (
        TOP
        + '\n[[steps]]\nid = "start"\nkind = "scale"\n'
        + '[[steps.branches]]\nwhen = { step = "start", below = 3 }\ngoto = "best"\n'
        + LIST
        + CHOOSE
    )
    found = problems(jump)
    assert found == [
        (
            "steps[2].options_from",
            22,
            "a branch can reach this step without passing 'things'",
            "the list must come on every way to this step; check the branches before it",
        )
    ]


def test_options_and_options_from_do_not_mix_and_whose_is_checked() -> None:
    both = TOP + LIST + CHOOSE + 'options = ["a", "b"]\n'
    assert problems(both)[0][:3] == (
        "steps[1].options",
        16,
        "use either options_from or options, not both",
    )
    odd = TOP + LIST + CHOOSE + 'options_of = "partnr"\n'
    assert problems(odd)[0][0] == "steps[1].options_of"
    assert problems(odd)[0][3] == "did you mean 'partner'?"
    shared = TOP + LIST + CHOOSE + 'options_of = "partner"\n'
    assert "one shared list" in problems(shared)[0][2]
    alone = TOP + LIST + CHOOSE.replace('options_from = "things"\n', 'options = ["a"]\n')
    assert problems(alone + 'options_of = "own"\n')[0][0] == "steps[1].options_of"


ROUND = exercise(
    ListStep(id="appreciations", who="each", private=True, max_items=3),
    ReadStep(id="breathe", text="Take a breath."),
    ChoiceStep(id="early", who="each", options_from="appreciations", options_of="partner"),
    SummaryStep(id="share", steps=("appreciations",)),
    ChoiceStep(id="touched", who="each", options_from="appreciations", options_of="partner"),
    audience="together",
)


def together(ex=ROUND) -> Session:
    return Session.start(ex, mode="together", names=["Sam", "Alex"], clock=lambda: 0.0)


def answer(session: Session, value) -> None:
    session.acknowledge_handoff()
    outcome = session.answer(value)
    assert outcome.accepted, outcome.reasons


def test_the_partners_list_is_offered_only_once_revealed() -> None:
    session = together()
    answer(session, ["your patience", "the soup"])  # Sam
    answer(session, ["your laugh"])  # Alex
    answer(session, None)  # the breath, together
    # On "early" the partner's private list is not revealed yet: a few words instead.
    for _person in "ab":
        session.acknowledge_handoff()
        turn = session.current
        assert turn.step.id == "early" and isinstance(turn.step, TextStep)
        answer(session, "something kind")
    answer(session, None)  # the summary reveals the lists
    session.acknowledge_handoff()
    turn = session.current
    assert turn.step.id == "touched"
    assert isinstance(turn.step, ChoiceStep)
    options = {turn.actor: turn.step.options}
    answer(session, turn.step.options[0])
    turn = session.current
    session.acknowledge_handoff()
    turn = session.current
    options[turn.actor] = turn.step.options
    assert options == {"a": ("your laugh",), "b": ("your patience", "the soup")}
    assert session.check("not on the list") != ()
    answer(session, "the soup")
    assert session.answers()["touched"] == {"a": ["your laugh"], "b": ["the soup"]}
    assert display(session.exercise.step("touched"), ["the soup"]) == "the soup"


def test_own_list_alone_and_an_empty_list_falls_back_to_words() -> None:
    ex = exercise(
        ListStep(id="things", optional=True),
        ChoiceStep(id="best", options_from="things", multiple=True, min_picks=3),
    )
    session = Session.start(ex, mode="solo", names=["Sam"], clock=lambda: 0.0)
    assert session.answer(["walks", "music"]).accepted
    step = session.current.step
    assert step.options == ("walks", "music")
    assert step.min_picks == 2  # never more than there are to pick
    session.back()
    assert session.skip()
    step = session.current.step
    assert isinstance(step, TextStep) and step.id == "best"
    assert session.answer("a quiet evening").accepted
    assert session.answers()["best"] == {"a": "a quiet evening"}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_worksheet_says_where_the_options_come_from(fmt: str) -> None:
    sheet = render(ROUND, fmt)
    assert "your partner's list in step 1" in sheet


def test_a_roles_list_follows_the_role_through_a_swap() -> None:
    ex = exercise(
        ListStep(id="wishes", who="speaker"),
        ChoiceStep(id="hear", who="listener", options_from="wishes", options_of="speaker"),
        ReadStep(
            id="swap",
            text="Swap.",
            branches=(Branch(goto="wishes", limit=1, swap_roles=True),),
        ),
        roles=("speaker", "listener"),
        audience="together",
    )
    session = together(ex)
    picked = {}
    for wishes in (["a walk", "quiet"], ["music"]):
        answer(session, wishes)
        session.acknowledge_handoff()
        turn = session.current
        assert turn.step.options == tuple(wishes)  # the speaker of this round
        picked[turn.actor] = turn.step.options[0]
        answer(session, turn.step.options[0])
        answer(session, None)
    assert picked == {"b": "a walk", "a": "music"}


def test_a_private_list_never_shown_before_the_choice_is_a_warning() -> None:
    private = (
        TOP
        + LIST.replace('kind = "list"\n', 'kind = "list"\nwho = "each"\nprivate = true\n')
        + CHOOSE.replace('kind = "choice"\n', 'kind = "choice"\nwho = "each"\n')
        + 'options_of = "partner"\n'
    )
    loaded = load_text(private, "pick.toml")
    assert loaded.exercise is not None
    # Nothing ever shows the list: `validate` says so of the list itself, and of the choice.
    assert [(p.severity, p.key) for p in loaded.problems] == [
        ("warning", "steps[0].private"),
        ("warning", "steps[1].options_from"),
    ]
    assert loaded.problems[1].hint == (
        "add a summary or compare step naming 'things' before this step"
    )
    shown = private.replace(
        '\n[[steps]]\nid = "best"',
        '\n[[steps]]\nid = "share"\nkind = "summary"\n\n[[steps]]\nid = "best"',
    )
    assert load_text(shown).problems == ()
    own = private.replace('options_of = "partner"', 'options_of = "own"')
    # Picking from one's own private list is fine; only the list itself is never shown.
    assert [p.key for p in load_text(own).problems] == ["steps[0].private"]
