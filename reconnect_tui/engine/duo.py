"""Two people on two screens: one session, each person at their own pace.

``Duo`` sits on a :class:`Session` and gives it per-person turns. On a run of
``each`` steps both people answer at the same time: the session takes the
answers in its own order (one person's pass, then the other's), and whoever is
ahead has their answers held here, unseen by anyone, until the session is
ready for them. Steps for both are continued when both have continued; a
shared answer is given by whoever gives it first. A role step is typed by
the role's holder while the other sees whose turn it is.

:meth:`Duo.seat` is what one person may see now, and nothing more: their own
step or a calm waiting note, with the other's private words never in it
before a compare or summary reveals them. One keyboard keeps using the
session alone; nothing here changes how it works.

Breaks belong to whoever asked: only they end one, or hand that choice over.
"""

from __future__ import annotations

import time
from typing import Any

import attrs

from reconnect_tui.exercises.model import CompareStep, SummaryStep

from .answers import VALUE_KINDS, display, fill, normalise
from .flow import other
from .nudges import matching_nudges
from .pacing import pacing_for
from .session import Session
from .values import PACES, Clock, Comparison, Outcome, SummaryItem

PEOPLE = ("a", "b")

# What a seat shows: the person's own step to answer or continue, someone
# else's turn to watch, a calm wait for the other person, or the end.
ANSWER, WATCH, WAIT, DONE = "answer", "watch", "wait", "done"
STATES = (ANSWER, WATCH, WAIT, DONE)

ON_BREAK = "You are both on a break; nothing is lost."
NOT_YOURS = "This step is not yours to answer just now."
NOT_HERE = "That step is not the one on your screen any more."


@attrs.frozen(kw_only=True)
class Heard:
    """The other person's latest answer, once it may be seen: who, about what, the words."""

    name: str
    title: str
    text: str


@attrs.frozen(kw_only=True)
class Seat:
    """What one person may see now. Plain values only: ready to send as data.

    Attributes:
        person: "a" or "b", whose seat this is.
        state: ANSWER, WATCH, WAIT or DONE.
        step_id: the step on this screen (None when done).
        visit: which visit of that step (a repeat shows as 2+).
        actor: "a"/"b" for one person's turn, None for a step for both.
        actor_name / role: whose turn, their role now (if the exercise has roles).
        title / text: the step's words, placeholders filled from this person's side.
        prefill: this person's own kept words for the step, else None.
        number / about: "step n of about m", this person's own count.
        wait: seconds until Continue may be offered.
        note: the calm line for WAIT and WATCH ("Alex is still writing…").
        comparison / summary: a compare or summary step's content, for both at once.
        heard: the other person's latest answer, when it is not private.
        break_by: who asked for the break under way, else None.
        can_back / can_skip: what this person may do now.
    """

    person: str
    state: str
    step_id: str | None
    visit: int = 1
    actor: str | None = None
    actor_name: str = ""
    role: str | None = None
    title: str = ""
    text: str = ""
    prefill: Any = None
    number: int = 1
    about: int = 1
    wait: float = 0.0
    note: str = ""
    comparison: Comparison | None = None
    summary: tuple[SummaryItem, ...] = ()
    heard: Heard | None = None
    break_by: str | None = None
    can_back: bool = False
    can_skip: bool = False


@attrs.define(eq=False)
class Duo:
    """One session, two people, each with their own screen."""

    session: Session
    _held: dict[str, list[tuple[str, Any, bool]]] = attrs.field(
        factory=lambda: {key: [] for key in PEOPLE}
    )
    _ready: set[str] = attrs.field(factory=set)
    _entered: dict[str, tuple[tuple[str | None, int, str], float]] = attrs.field(factory=dict)
    _clock: Clock = time.monotonic
    break_by: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.session.mode != "together":
            raise ValueError("two screens are for a session together")
        self._settle()

    # ----- where each person is ---------------------------------------------------

    def _where(self, person: str) -> tuple[str | None, str]:
        """The step on *person*'s screen and the state of their seat."""
        session = self.session
        turn = session.current
        if turn is None:
            return None, DONE
        step = turn.step
        if turn.actor is None:
            waiting = step.kind not in VALUE_KINDS and person in self._ready
            return step.id, WAIT if waiting else ANSWER
        if turn.actor == person:
            return step.id, ANSWER
        if step.who != "each":
            return step.id, WATCH
        run, turn_index = session.run_pass()
        if turn_index > 0:
            # The other person's second pass: this person has done the run already.
            return step.id, WAIT
        ahead = len(self._held[person])
        if ahead < len(run):
            return run[ahead], ANSWER
        return run[-1], WAIT

    def _settle(self) -> None:
        """Feed held answers the session is ready for; the clock starts on each new screen."""
        session = self.session
        for _ in range(10_000):  # each pass takes one held answer; a run is finite
            turn = session.current
            if turn is None:
                break
            if turn.handoff:
                # Each person has their own screen: nobody needs to pass a keyboard.
                session.acknowledge_handoff()
            actor = turn.actor
            held = self._held.get(actor or "", [])
            if not held:
                break
            step_id, value, skipped = held.pop(0)
            if step_id != turn.step.id:
                # The session went another way: the words stay as kept drafts.
                for sid, val, _skip in [(step_id, value, skipped), *held]:
                    session.keep_draft(sid, actor or "", val)
                held.clear()
                break
            done = session.skip() if skipped else session.answer(value).accepted
            if not done:
                session.keep_draft(step_id, actor or "", value)
                held.clear()
                break
        now = self._clock()
        for person in PEOPLE:
            where, seat_state = self._where(person)
            visit = session.current.visit if session.current is not None else 0
            place = (where, visit, seat_state)
            if self._entered.get(person, (None, 0.0))[0] != place:
                self._entered[person] = (place, now)

    # ----- what a person may see --------------------------------------------------

    def seat(self, person: str) -> Seat:
        """Everything *person* may see now; never the other's private words before a reveal."""
        if person not in PEOPLE:
            raise ValueError("a seat is 'a' or 'b'")
        session = self.session
        step_id, seat_state = self._where(person)
        progress = session.progress()
        if step_id is None:
            return Seat(
                person=person,
                state=DONE,
                step_id=None,
                number=progress.number,
                about=progress.number,
                summary=session.summary(),
                break_by=self.break_by,
            )
        step = session.exercise.step(step_id)
        turn = session.current
        assert turn is not None  # a step is on screen, so the session is not finished
        seen = session.seen()
        on_engine_step = step_id == turn.step.id
        # The session's current step, and one for both (not a step answered ahead in a run).
        shared = on_engine_step and turn.actor is None
        if seat_state == WATCH or shared:
            actor: str | None = turn.actor
        else:
            actor = person
        key = actor or "both"
        # Text about this turn, filled as *this* person may see it.
        words = seen.lookup(key, person)
        other_name = seen.name(other(person))
        note = ""
        if seat_state == WAIT:
            if step.kind in VALUE_KINDS:
                note = (
                    f"{other_name} is still writing. "
                    "Your answer stays private until you both continue."
                )
            else:
                note = f"{other_name} is still with this step. Take your time."
        elif seat_state == WATCH:
            note = f"{seen.name(key)} is answering this one. You'll see it here when they're done."
        held = self._held[person]
        ahead = len(held)
        # This person's own count: their turns and the shared ones, then what is ahead.
        number = session.turns_taken(person) + session.turns_taken("both") + ahead + 1
        about = max(number, progress.about - session.turns_taken(other(person)))
        since = self._entered.get(person, ((None, 0, ""), 0.0))[1]
        elapsed = max(0.0, self._clock() - since)
        wait = pacing_for(step, elapsed, PACES[session.pace]).wait if seat_state == ANSWER else 0
        comparison = session.comparison() if shared and isinstance(step, CompareStep) else None
        summary = session.summary() if shared and isinstance(step, SummaryStep) else ()
        prefill = None
        if seat_state == ANSWER:
            own = turn.prefill if on_engine_step and turn.actor == person else None
            prefill = own if own is not None else session.draft(step_id, key)
        return Seat(
            person=person,
            state=seat_state,
            step_id=step_id,
            visit=turn.visit,
            actor=actor,
            actor_name=seen.name(key, who=True),
            role=seen.role_of(key),
            title=fill(step.title, words),
            text=fill(step.text, words),
            prefill=prefill,
            number=number,
            about=about,
            wait=round(wait, 3),
            note=note,
            comparison=comparison,
            summary=summary,
            heard=self._heard(person),
            break_by=self.break_by,
            can_back=self._can_back(person) and seat_state != DONE,
            can_skip=seat_state == ANSWER and step.optional,
        )

    def _heard(self, person: str) -> Heard | None:
        """The other's latest answer on a turn of theirs alone, if it has words and may be seen."""
        last = self.session.last_turn
        if last is None or last[1] != other(person):
            return None
        step_id, key = last
        step = self.session.exercise.step(step_id)
        if step.who == "each":
            # Each person's own answers are for the end (or a reveal), not for now.
            return None
        seen = self.session.seen()
        value = self.session.answers().get(step_id, {}).get(key)
        if value is None or seen.hidden(step, key, person) is not None:
            return None
        words = seen.lookup(key, person)
        title = fill(step.title, words) or step_id
        return Heard(name=seen.name(key), title=title, text=display(step, value))

    # ----- what a person does --------------------------------------------------------

    def check(self, person: str, value: Any) -> tuple[str, ...]:
        step_id, seat_state = self._where(person)
        if step_id is None or seat_state != ANSWER:
            return (NOT_YOURS,)
        return normalise(self.session.exercise.step(step_id), value)[1]

    def answer(self, person: str, value: Any, *, step_id: str | None = None) -> Outcome:
        """*person* gives *value* for the step on their screen (*step_id*: it must be that one)."""
        return self._give(person, value, step_id=step_id, skipped=False)

    def skip(self, person: str, *, step_id: str | None = None) -> Outcome:
        """*person* leaves the optional step on their screen unanswered."""
        return self._give(person, None, step_id=step_id, skipped=True)

    def _give(self, person: str, value: Any, *, step_id: str | None, skipped: bool) -> Outcome:
        if person not in PEOPLE:
            return Outcome(False, (NOT_YOURS,))
        if self.break_by is not None:
            return Outcome(False, (ON_BREAK,))
        here, seat_state = self._where(person)
        if here is None or seat_state != ANSWER:
            return Outcome(False, (NOT_YOURS,))
        if step_id is not None and step_id != here:
            return Outcome(False, (NOT_HERE,))
        session = self.session
        step = session.exercise.step(here)
        turn = session.current
        assert turn is not None
        if skipped and not step.optional:
            return Outcome(False, ("This step needs an answer before moving on.",))
        tidy_value, reasons = normalise(step, None if skipped else value)
        nudges = matching_nudges(session.exercise, step, tidy_value)
        if reasons:
            return Outcome(False, reasons, nudges)
        if turn.actor is None and step.kind not in VALUE_KINDS:
            # A step for both with nothing to answer: on once both have continued.
            self._ready.add(person)
            if self._ready != set(PEOPLE):
                self._settle()
                return Outcome(True, (), nudges)
        if here == turn.step.id and turn.actor in (None, person):
            self._ready.clear()
            if skipped:
                session.skip()
            else:
                outcome = session.answer(value)
                if not outcome.accepted:
                    return outcome
            self._settle()
            return Outcome(True, (), nudges)
        # Ahead of the session in a run of each steps: held here, private, until its turn.
        self._held[person].append((here, tidy_value, skipped))
        session.keep_draft(here, person, tidy_value)
        self._settle()
        return Outcome(True, (), nudges)

    def keep_typed(self, person: str, value: Any) -> None:
        """*person*'s words for the step on their screen, kept with the session."""
        step_id, seat_state = self._where(person)
        if step_id is not None and seat_state == ANSWER:
            turn = self.session.current
            shared = turn is not None and turn.actor is None and turn.step.id == step_id
            self.session.keep_draft(step_id, "both" if shared else person, value)

    def _can_back(self, person: str) -> bool:
        """Never during a break; else a held answer of theirs, or the session's last if theirs."""
        if self.break_by is not None:
            return False
        if self._held[person]:
            return True
        last = self.session.last_turn
        return last is not None and last[1] in (person, "both") and not self._held[other(person)]

    def back(self, person: str) -> bool:
        """Take back *person*'s last answer: their held one, or the session's last if theirs."""
        if person not in PEOPLE or not self._can_back(person):
            return False
        held = self._held[person]
        if held:
            held.pop()
            self._settle()
            return True
        self._ready.clear()
        self.session.back()
        self._settle()
        return True

    # ----- breaks -------------------------------------------------------------------

    def take_break(self, person: str) -> bool:
        if person not in PEOPLE or self.break_by is not None:
            return False
        self.break_by = person
        self._settle()
        return True

    def end_break(self, person: str) -> bool:
        """Only the person who asked for the break ends it."""
        if self.break_by != person:
            return False
        self.break_by = None
        self._settle()
        return True

    def hand_over_break(self, person: str) -> bool:
        """The person who asked for the break gives the choice to end it to the other."""
        if self.break_by != person:
            return False
        self.break_by = other(person)
        return True
