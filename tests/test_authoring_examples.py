"""The two example exercises in docs/examples: written from the guide alone, played to the end.

"Repair after a rough moment" has roles, a bounded loop of tries and a swap;
"Appreciation round" offers each person the partner's own list. Both must
load with no problem at all, and the listener must always see the words of
whoever is speaking in that round.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reconnect_tui.engine import Session
from reconnect_tui.exercises.library import load_text
from reconnect_tui.exercises.model import ChoiceStep, Exercise

DOCS = Path(__file__).parent.parent / "docs"
EXAMPLES = DOCS / "examples"
NAMES = ("repair-after-a-rough-moment.toml", "appreciation-round.toml")


def load(name: str) -> Exercise:
    path = EXAMPLES / name
    loaded = load_text(path.read_text(encoding="utf-8"), str(path))
    assert loaded.problems == ()  # not even a warning
    assert loaded.exercise is not None
    return loaded.exercise


def at(session: Session, step_id: str, actor: str | None = None) -> str:
    """Take the keyboard if asked, check the step (and who is at it), and give its text."""
    session.acknowledge_handoff()
    turn = session.current
    assert turn is not None and turn.step.id == step_id, turn and turn.step.id
    if actor is not None:
        assert turn.actor == actor
    return turn.text


def give(session: Session, value: object) -> None:
    assert session.answer(value).accepted


@pytest.mark.parametrize("name", NAMES)
def test_each_example_loads_with_no_problem_and_the_guide_links_it(name: str) -> None:
    assert load(name).id == name.removesuffix(".toml")
    assert f"examples/{name}" in (DOCS / "authoring.md").read_text(encoding="utf-8")


def test_repair_shows_the_listener_the_speakers_words_in_every_round_and_try() -> None:
    session = Session.start(
        load(NAMES[0]), mode="together", names=["Sam", "Alex"], clock=lambda: 0.0
    )
    sam = "When the door closed I felt shut out and small."
    alex = "When you went quiet I felt I had lost you for the evening."
    at(session, "arrive")
    give(session, None)

    # Round one: Sam speaks, Alex listens, and needs one more try.
    assert at(session, "felt", "a").startswith("Sam,")
    give(session, sam)
    heard = at(session, "heard", "b")
    assert heard.startswith("Alex,") and sam in heard
    give(session, "You felt shut out when the door closed.")
    at(session, "close", "a")
    give(session, ["not quite yet"])
    at(session, "add", "a")
    give(session, "Mostly that I felt small.")
    again = at(session, "again", "b")
    assert "Mostly that I felt small." in again and sam in again
    give(session, "It left you feeling small, and shut out.")
    at(session, "close", "a")
    give(session, ["that's it"])
    at(session, "own-part", "b")
    give(session, "I closed the door harder than I meant to.")

    # The swap: Alex speaks now, and Sam sees Alex's words, never Sam's own.
    assert at(session, "felt", "b").startswith("Alex,")
    give(session, alex)
    heard = at(session, "heard", "a")
    assert heard.startswith("Sam,") and alex in heard and sam not in heard
    give(session, "You felt you had lost me.")
    # Two tries for Alex too: the limits start afresh after the swap.
    for added in ("That it lasted all evening.", "And that I didn't know why."):
        at(session, "close", "b")
        give(session, ["not quite yet"])
        at(session, "add", "b")
        give(session, added)
        again = at(session, "again", "a")
        assert added in again and alex in again and sam not in again
        give(session, "It felt long and you didn't know why.")
    at(session, "close", "b")
    give(session, ["not quite yet"])  # the limit is used up: on, not round again
    at(session, "own-part", "a")
    session.skip()
    at(session, "next-time")
    give(session, "Say 'pause' and sit together again later.")

    at(session, "look-back")
    items = {(item.step_id, item.person): item for item in session.summary()}
    assert items["felt", "a"].label == "How it was for Sam"
    assert items["felt", "b"].label == "How it was for Alex"
    assert items["heard", "b"].label == "What Alex heard"
    assert items["heard", "a"].label == "What Sam heard"
    assert len(items["again", "a"].tries) == 1  # Sam's two tries at saying it back
    give(session, None)
    assert session.finished


def test_appreciation_offers_each_person_the_partners_own_list() -> None:
    session = Session.start(
        load(NAMES[1]), mode="together", names=["Sam", "Alex"], clock=lambda: 0.0
    )
    lists = {
        "a": ["How you make tea without asking", "Your laugh at breakfast"],
        "b": ["The note in my bag", "That you waited up", "Your patience with my mother"],
    }
    at(session, "begin")
    give(session, None)
    for _ in lists:
        session.acknowledge_handoff()
        turn = session.current
        assert turn is not None and turn.step.id == "appreciations"
        give(session, lists[turn.actor])
    at(session, "read-them")
    labels = {item.person: item.label for item in session.summary()}
    assert labels == {"a": "From Sam to Alex", "b": "From Alex to Sam"}
    give(session, None)

    picked = {}
    for _ in lists:
        session.acknowledge_handoff()
        turn = session.current
        assert turn is not None and turn.step.id == "touched"
        assert isinstance(turn.step, ChoiceStep)
        partner = "b" if turn.actor == "a" else "a"
        assert turn.step.options == tuple(lists[partner])  # the partner's items, in order
        picked[turn.actor] = turn.step.options[-1]
        give(session, [turn.step.options[-1]])
        at(session, "why", turn.actor)
        session.skip()
    at(session, "end")
    items = {(item.step_id, item.person): item for item in session.summary()}
    assert items["touched", "a"].label == "What reached Sam"
    assert items["touched", "a"].text == picked["a"] == lists["b"][-1]
    assert items["touched", "b"].text == picked["b"] == lists["a"][-1]
    give(session, None)
    assert session.finished


def test_a_summary_heading_taken_from_untitled_text_drops_the_formatting_marks() -> None:
    loaded = load_text(
        'format = 1\nid = "h"\ntitle = "H"\nsummary = "S"\n'
        '[[steps]]\nid = "bids"\nkind = "text"\n'
        'text = "Which *small* bids did you see, {name}?\\n- a **glance**"\n'
        '[[steps]]\nid = "end"\nkind = "summary"\n',
        "h.toml",
    )
    assert loaded.problems == () and loaded.exercise is not None
    ex = loaded.exercise
    session = Session.start(ex, mode="solo", names=["Sam"], clock=lambda: 0.0)
    give(session, "*this* one, with stars")
    (item,) = session.summary()
    assert item.title == "Which small bids did you see, Sam? a glance"
    assert item.text == "*this* one, with stars"  # a person's words stay as typed


def test_alone_a_swap_is_passed_over_so_role_steps_come_once() -> None:
    loaded = load_text(
        'format = 1\nid = "r"\ntitle = "R"\nsummary = "S"\nroles = ["speaker", "listener"]\n'
        '[[steps]]\nid = "say"\nkind = "text"\nwho = "speaker"\ntext = "{speaker}, say it."\n'
        '[[steps]]\nid = "hear"\nkind = "text"\nwho = "listener"\ntext = "{speaker_answer.say}"\n'
        '[[steps.branches]]\ngoto = "say"\nswap_roles = true\nlimit = 1\n'
        '[[steps]]\nid = "end"\nkind = "read"\ntext = "The end."\n',
        "r.toml",
    )
    assert loaded.problems == () and loaded.exercise is not None
    session = Session.start(loaded.exercise, mode="solo", names=["Sam"], clock=lambda: 0.0)
    seen = []
    while session.current is not None:
        seen.append((session.current.step.id, session.current.text))
        give(session, "words" if session.current.step.kind == "text" else None)
    # Never "your partner, say it.": alone there is no one to swap with.
    assert seen == [("say", "Sam, say it."), ("hear", "words"), ("end", "The end.")]
