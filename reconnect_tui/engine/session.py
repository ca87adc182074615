"""A session: one run through an exercise, alone or together.

A pure state machine. It knows which step and whose turn it is, checks and
keeps answers, follows branches, repeats and role swaps, asks for the
keyboard to change hands, keeps private answers private, and can undo. Time
comes from an injected clock; it never reads or writes files.

Together, ``each`` steps that follow one another form a run: one person
does the whole run, the keyboard changes hands once, and the other person
does it too. A run starts with whoever has the keyboard already.

Undo keeps a stack of plain-data entries: the cursor as it was before an
answer, and which answer cell changed (with its earlier value, if any).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import attrs

from reconnect_tui.common.safetext import one_line
from reconnect_tui.exercises.model import MODES, CompareStep, Exercise, Nudge, Step, SummaryStep
from reconnect_tui.exercises.prose import map_text, parse

from . import state
from .answers import VALUE_KINDS, fill, normalise, tidy
from .flow import Route
from .nudges import matching_nudges
from .options import asked, first_pick
from .pacing import pacing_for
from .privacy import ANYONE, who_will_see
from .state import Cursor, DamagedData, copied, expect
from .values import PACES, Clock, Comparison, Outcome, Pacing, Person, Progress, SummaryItem, Turn
from .view import View

DATA_FORMAT = 1
NAME_LIMIT = 80
FINISHED = "This session has finished; there is nothing left to answer."


def _person_name(name: str) -> str:
    return one_line(tidy(name), NAME_LIMIT)


@attrs.define(eq=False)
class Session:
    """One or two people working through one exercise.

    Build it with :meth:`start` or :meth:`restore`, not directly.
    """

    exercise: Exercise
    mode: str
    people: tuple[Person, ...]
    pace: str
    _clock: Clock
    _first_role: str
    _cursor: Cursor
    _answers: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    _drafts: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    _history: list[dict[str, Any]] = attrs.field(factory=list)
    _saved_order: list[str] = attrs.field(factory=list)
    _elapsed_base: float = 0.0
    _entered_at: float = 0.0
    # Undo entries from here on were given since a cover was last passed, so by
    # whoever is at the keyboard now; earlier ones may be someone else's.
    _stint: int = 0
    # Whose turn was just answered ("both" for a step for both); None at the start.
    # Not saved: it only decides the cover as the next turn begins.
    _came_from: str | None = None

    # ----- starting, saving and resuming --------------------------------------------

    @classmethod
    def start(
        cls,
        exercise: Exercise,
        *,
        mode: str,
        names: Sequence[str],
        first_role: str = "a",
        clock: Clock = time.monotonic,
        pace: str = "standard",
    ) -> Session:
        """A new session at the first step. ``first_role``: who holds ``roles[0]`` first."""
        if mode not in MODES or mode not in exercise.modes():
            raise ValueError(f"exercise {exercise.id!r} cannot be done in mode {mode!r}")
        if pace not in PACES:
            raise ValueError(f"unknown pace {pace!r}")
        if first_role not in state.PEOPLE_KEYS:
            raise ValueError("first_role must be 'a' or 'b'")
        names = list(names) or [""]
        if len(names) != (1 if mode == "solo" else 2):
            raise ValueError("solo takes one name (or none), together takes two")
        session = cls(
            exercise=exercise,
            mode=mode,
            people=tuple(Person(key, _person_name(n)) for key, n in zip("ab", names, strict=False)),
            pace=pace,
            clock=clock,
            first_role=first_role,
            cursor=Cursor(lead=first_role),
            saved_order=[step.id for step in exercise.steps],
        )
        first = session._route.first_from(0)
        if first is not None:
            session._enter_step(first)
        return session

    @classmethod
    def restore(
        cls, exercise: Exercise, data: dict[str, Any], *, clock: Clock = time.monotonic
    ) -> Session:
        """A session from :meth:`to_data`; ValueError when it is for another exercise or damaged.

        Answers to steps the exercise no longer has are kept (and saved again)
        but ignored; if the current step is gone, the session goes on at the
        next step that still exists.
        """
        data = expect(data, dict, "session")
        if data.get("format") != DATA_FORMAT:
            raise DamagedData("saved session has an unknown format")
        if data.get("exercise") != exercise.id:
            raise ValueError(f"saved session is for {data.get('exercise')!r}, not {exercise.id!r}")
        try:
            mode, pace = data["mode"], data["pace"]
            if mode not in MODES or pace not in PACES:
                raise DamagedData("saved session has an unknown mode or pace")
            people = tuple(
                Person(
                    expect(p["key"], str, "people"), _person_name(expect(p["name"], str, "name"))
                )
                for p in expect(data["people"], list, "people")
            )
            if [p.key for p in people] != (["a"] if mode == "solo" else ["a", "b"]):
                raise DamagedData("saved session has the wrong people for its mode")
            cursor, elapsed = Cursor.from_data(data["state"])
            first_role = data.get("first_role", "a")
            session = cls(
                exercise=exercise,
                mode=mode,
                people=people,
                pace=pace,
                clock=clock,
                first_role=first_role if first_role in state.PEOPLE_KEYS else "a",
                cursor=cursor,
                answers=state.cells(data.get("answers", {}), "answers"),
                drafts=state.cells(data.get("drafts", {}), "drafts"),
                history=state.history(data.get("history", [])),
                saved_order=state.names(data.get("order", []), "order"),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise DamagedData(f"saved session is incomplete: {error}") from error
        session._start_clock(elapsed)
        session._settle()
        # Saved before stints were kept: count nothing earlier as whoever's at the keyboard.
        stint = expect(data.get("stint", len(session._history)), int, "stint")
        session._stint = min(max(stint, 0), len(session._history))
        return session

    def to_data(self) -> dict[str, Any]:
        """The whole session as plain data (no None anywhere): TOML- and JSON-ready."""
        return {
            "format": DATA_FORMAT,
            "exercise": self.exercise.id,
            "revision": self.exercise.revision,
            "mode": self.mode,
            "pace": self.pace,
            "first_role": self._first_role,
            "people": [{"key": p.key, "name": p.name} for p in self.people],
            "order": [step.id for step in self.exercise.steps],
            "state": self._cursor.to_data(round(self._elapsed(), 3)),
            "answers": copied(self._answers),
            "drafts": copied(self._drafts),
            "history": copied(self._history),
            "stint": self._stint,
        }

    # ----- what is in front of the people ----------------------------------------

    @property
    def finished(self) -> bool:
        return self._cursor.step is None

    @property
    def current(self) -> Turn | None:
        step = self._step()
        if step is None:
            return None
        key, view = self._key(), self._view()
        prefill = copied(self._drafts.get(step.id, {}).get(key))
        if prefill is None:
            prefill = first_pick(step)
        step = asked(step, view, key)
        words = view.lookup(key, key)
        text = step.solo_text if self.mode == "solo" and step.solo_text else step.text
        return Turn(
            step=step,
            actor=None if self.mode == "solo" or key == "both" else key,
            actor_name=view.name(key, who=True),
            text=fill(text, words),
            title=fill(step.title, words),
            # Alone there is one person: a role label would only puzzle.
            role=None if self.mode == "solo" else view.role_of(key),
            handoff=self._cursor.handoff,
            passes=self._cursor.last_actor not in (None, key),
            visit=self._cursor.visits.get(step.id, 1),
            prefill=prefill,
            prose=map_text(parse(text), lambda piece: fill(piece, words)),
            seen_by=fill(who_will_see(self.exercise, step, self.mode), words),
        )

    def keep_typed(self, value: Any) -> None:
        """Keep words typed on this turn but not given (before going back, say).

        They come back as the turn's ``prefill`` and are saved with the
        session, so they outlast a restart. Nothing typed means nothing kept.
        """
        step_id = self._cursor.step
        if self.finished or step_id is None or value in (None, "", [], {}):
            return
        self.keep_draft(step_id, self._key(), value)

    def keep_draft(self, step_id: str, key: str, value: Any) -> None:
        """Keep words *key* typed for *step_id* (two screens: not only the current turn's)."""
        if step_id not in self._route.known() or key not in state.CELL_KEYS:
            return
        if value in (None, "", [], {}):
            row = self._drafts.get(step_id, {})
            row.pop(key, None)
            if not row:
                self._drafts.pop(step_id, None)
            return
        self._drafts.setdefault(step_id, {})[key] = _typed(value)

    def draft(self, step_id: str, key: str) -> Any:
        """Words *key* typed for *step_id* and kept, or None."""
        return copied(self._drafts.get(step_id, {}).get(key))

    def seen(self) -> View:
        """The session as people see it now: for filling text from one person's side."""
        return self._view()

    def run_pass(self) -> tuple[tuple[str, ...], int]:
        """The steps of the current run of ``each`` steps and which pass (0, 1) is on.

        Outside a run: the current step alone (or nothing when finished) and its turn.
        """
        cursor = self._cursor
        if cursor.step is None:
            return (), 0
        if cursor.run is None:
            return (cursor.step,), cursor.turn
        return tuple(self._route.run_from(cursor.run)), cursor.turn

    def turns_taken(self, key: str) -> int:
        """How many answers and skips *key* ("a", "b" or "both") has given so far."""
        return sum(1 for entry in self._history if entry["key"] == key)

    @property
    def last_turn(self) -> tuple[str, str] | None:
        """The step and person ("a"/"b"/"both") of the last answer or skip, if any."""
        if not self._history:
            return None
        entry = self._history[-1]
        return str(entry["step"]), str(entry["key"])

    def ask_for_keyboard(self) -> None:
        """Cover the current turn until its person says they are ready.

        For a together session picked up again (after a restart, or from Home):
        nobody knows who is at the keyboard now, so one partner's step, draft
        or private words must not simply appear. A step for both needs no cover.
        """
        together = self.mode == "together" and not self.finished
        if together and not self._cursor.handoff and self._key() != "both":
            self._elapsed_base = self._elapsed()
            self._cursor.handoff = True

    def acknowledge_handoff(self) -> None:
        """The right person has the keyboard: show the step and let its clock run."""
        if self._cursor.handoff:
            self._cursor.handoff = False
            self._start_clock(self._elapsed_base)
            # A cover proves nobody's identity: whoever passed it owns only what follows.
            self._stint = len(self._history)

    def check(self, value: Any) -> tuple[str, ...]:
        """Why *value* does not fit the current step, in plain words (empty = it fits)."""
        step = self._asked()
        return (FINISHED,) if step is None else normalise(step, value)[1]

    def nudges_for(self, value: Any) -> tuple[Nudge, ...]:
        """The exercise's gentle hints that *value* brings up (they never block)."""
        step = self._asked()
        if step is None:
            return ()
        return self._worded(matching_nudges(self.exercise, step, normalise(step, value)[0]))

    def answer(self, value: Any) -> Outcome:
        """Check *value*; if it fits, keep it (cleaned) and move on."""
        step = self._asked()
        if step is None:
            return Outcome(False, (FINISHED,))
        if self._cursor.handoff:
            name = self._view().name(self._key(), who=True)
            return Outcome(False, (f"First, please pass the keyboard to {name}.",))
        value, reasons = normalise(step, value)
        nudges = self._worded(matching_nudges(self.exercise, step, value))
        if reasons:
            return Outcome(False, reasons, nudges)
        self._record(step, value)
        return Outcome(True, (), nudges)

    @property
    def begun(self) -> bool:
        """Whether anything has been answered, skipped or continued yet."""
        return bool(self._history)

    @property
    def can_back(self) -> bool:
        """Whether there is an answer to undo whose words may come back on screen.

        Back brings the undone answer back as its step's prefill, to whoever is
        at the keyboard. A hand-off cover proves nobody's identity: anyone can
        press Enter on it, the person who pressed Back included. So Back brings
        back someone's own words only when they were given since the last
        cover was passed (by whoever is there now); anything earlier, or the
        other person's, only when the session has already shown it to both
        (just as History would show it). Never, then, the other person's
        private answer, nor one the flow has not yet shared.
        """
        if not self._history:
            return False
        entry = self._history[-1]
        step_id, owner = entry["step"], entry["key"]
        words = self._answers.get(step_id, {}).get(owner)
        if words is None or step_id not in self._route.known():
            return True  # nothing comes back on screen
        own = owner == self._keyboard() and len(self._history) > self._stint
        if owner == "both" or own:
            return True
        return self._view().hidden(self.exercise.step(step_id), owner, ANYONE) is None

    def back(self) -> bool:
        """Undo the last answer or skip, putting everything back as it was before it.

        The undone answer comes back as the turn's ``prefill``. If that puts a
        different person's turn on screen, a hand-off is asked for first.
        """
        if not self.can_back:
            return False
        keyboard = self._keyboard()
        entry = self._history.pop()
        self._stint = min(self._stint, len(self._history))
        step_id, key = entry["step"], entry["key"]
        row = self._answers.setdefault(step_id, {})
        undone = row.pop(key, None)
        if "prior" in entry:
            row[key] = copied(entry["prior"])
        if not row:
            del self._answers[step_id]
        if undone is not None:
            self._drafts.setdefault(step_id, {})[key] = undone
        self._cursor, elapsed = Cursor.from_data(entry["state"])
        self._start_clock(elapsed)
        self._settle()
        if not self.finished:
            now = self._key()
            self._cursor.handoff = self.mode == "together" and now not in ("both", keyboard)
        return True

    @property
    def can_skip(self) -> bool:
        step = self._step()
        return step is not None and step.optional and not self._cursor.handoff

    def skip(self) -> bool:
        """Leave an optional step unanswered and move on."""
        step = self._step()
        if step is None or not self.can_skip:
            return False
        self._record(step, None, skipped=True)
        return True

    def progress(self) -> Progress:
        """ "step n of about m": turns taken so far, plus the plain path ahead."""
        number = len(self._history) + 1
        step = self._step()
        if step is None:
            done = max(number - 1, 1)
            return Progress(done, done)
        return Progress(number, number + self._route.turns_ahead(step, self._cursor))

    def pacing(self) -> Pacing:
        """Timing of the current step; time counts from entering it (after any hand-off)."""
        step = self._step()
        if step is None:
            return Pacing(wait=0.0)
        return pacing_for(step, self._elapsed(), PACES[self.pace])

    def comparison(self) -> Comparison:
        """The two lists named by the current compare step; ValueError elsewhere."""
        step = self._step()
        if not isinstance(step, CompareStep):
            raise ValueError("the current step is not a compare step")
        return self._view().comparison(step)

    def summary(self) -> tuple[SummaryItem, ...]:
        """Answers as text: those the current summary step names, else all so far.

        Private answers not yet revealed show as a note, never their words.
        """
        step = self._step()
        if isinstance(step, SummaryStep):
            ids = step.steps or [step.id for step in self.exercise.steps]
            return self._view().summary(ids, step.title_for)
        return self._view().summary([step.id for step in self.exercise.steps])

    def answers(self) -> dict[str, dict[str, Any]]:
        """step id -> {"a"/"b"/"both": latest value}, for steps the exercise still has."""
        known = self._route.known()
        return {sid: copied(row) for sid, row in self._answers.items() if sid in known}

    # ----- moving through the steps ------------------------------------------------

    @property
    def _route(self) -> Route:
        return Route(self.exercise, self.mode)

    def _view(self) -> View:
        return View(
            self.exercise,
            self.mode,
            self.people,
            self._cursor.lead,
            self._answers,
            self._cursor.revealed,
            self._history,
            finished=self.finished,
        )

    def _worded(self, nudges: tuple[Nudge, ...]) -> tuple[Nudge, ...]:
        """*nudges* with their messages' placeholders filled in for the turn on screen."""
        if not nudges:
            return nudges
        words = self._view().lookup(self._key(), self._key())
        return tuple(attrs.evolve(nudge, message=fill(nudge.message, words)) for nudge in nudges)

    def _step(self) -> Step | None:
        return None if self._cursor.step is None else self.exercise.step(self._cursor.step)

    def _asked(self) -> Step | None:
        """The current step as put to whoever's turn it is (options from a list filled in)."""
        step = self._step()
        return None if step is None else asked(step, self._view(), self._key())

    def _here(self) -> Step:
        """The current step, for what is only asked while the session is not finished."""
        step = self._step()
        if step is None:
            raise RuntimeError(FINISHED)
        return step

    def _order(self, step: Step) -> tuple[str, ...]:
        cursor = self._cursor
        return self._route.order(step, cursor.lead, cursor.first or self._opener())

    def _opener(self) -> str:
        """Who starts an ``each`` step when nobody has had the keyboard alone yet."""
        return self._cursor.lead if self.exercise.roles else "a"

    def _key(self) -> str:
        """Whose turn it is: "a", "b" or "both" (always "a" alone)."""
        order = self._order(self._here())
        return order[min(self._cursor.turn, len(order) - 1)]

    def _keyboard(self) -> str:
        """Who is in front of the screen now."""
        if self.finished:
            return "both"
        if self._cursor.handoff:
            return self._cursor.last_actor or "both"
        return self._key()

    def _record(self, step: Step, value: Any, *, skipped: bool = False) -> None:
        key, cursor = self._key(), self._cursor
        entry: dict[str, Any] = {
            "state": cursor.to_data(round(self._elapsed(), 3)),
            "step": step.id,
            "key": key,
        }
        row = self._answers.setdefault(step.id, {})
        if key in row:
            entry["prior"] = copied(row[key])
        self._history.append(entry)
        if value is None:
            row.pop(key, None)
        else:
            row[key] = value
        if not row:
            del self._answers[step.id]
        if step.kind not in VALUE_KINDS:
            # Read, pause… steps have no value; remember that they were continued.
            if skipped and step.id in cursor.passed:
                cursor.passed.remove(step.id)
            elif not skipped and step.id not in cursor.passed:
                cursor.passed.append(step.id)
        drafts = self._drafts.get(step.id, {})
        drafts.pop(key, None)
        if not drafts:
            self._drafts.pop(step.id, None)
        if self.mode == "together" and key != "both":
            cursor.last_actor = key
        self._came_from = key
        self._advance(step)

    def _advance(self, step: Step) -> None:
        cursor = self._cursor
        if self._route.turns(step) > 1:
            # Inside a run of each steps: on to the run's next step, same person.
            following = None if cursor.run is None else self._route.run_next(step)
            if following is not None and cursor.turn == 0:
                self._enter_step(following, in_run=True)
                return
            if following is not None:
                cursor.step = following
                self._enter_turn()
                return
            if cursor.turn == 0:
                # The run is done once: the other person goes through it from its start.
                cursor.step, cursor.turn = cursor.run or step.id, 1
                self._enter_turn()
                return
        following = self._route.next_after(step, cursor, self._answers)
        if following is None:
            self._finish()
        else:
            self._enter_step(following)

    def _finish(self) -> None:
        cursor = self._cursor
        cursor.step, cursor.turn, cursor.handoff = None, 0, False
        cursor.run = cursor.first = None
        self._start_clock(0.0)

    def _enter_step(self, step_id: str, *, in_run: bool = False) -> None:
        """Arrive at a step, on its first turn; *in_run*: falling through inside a run."""
        step, cursor = self.exercise.step(step_id), self._cursor
        cursor.step, cursor.turn = step_id, 0
        cursor.visits[step_id] = cursor.visits.get(step_id, 0) + 1
        if step.private and step_id in cursor.revealed:
            # A branch came back here: this round's answers are private until shown again.
            cursor.revealed.remove(step_id)
        if self._route.turns(step) < 2:
            cursor.run = cursor.first = None
        elif not in_run:
            # Whoever has the keyboard starts, so no hand-off is needed first.
            cursor.run, cursor.first = step_id, cursor.last_actor or self._opener()
        if isinstance(step, CompareStep):
            self._reveal([step.step])
        elif isinstance(step, SummaryStep):
            self._reveal(step.steps or [sid for sid in self._answers if sid in self._route.known()])
        self._enter_turn()

    def _reveal(self, step_ids: Sequence[str]) -> None:
        for step_id in step_ids:
            if step_id not in self._cursor.revealed:
                self._cursor.revealed.append(step_id)

    def _enter_turn(self) -> None:
        """Start a turn; the keyboard changes hands when a different single person answers."""
        key, last, step = self._key(), self._cursor.last_actor, self._step()
        # A private step after both were at the screen (or at the very start) is covered
        # too, though the keyboard stays where it is: the other person looks away first.
        shared = self._came_from != key
        private = step is not None and bool(step.private)
        self._cursor.handoff = (
            self.mode == "together"
            and key != "both"
            and ((last is not None and key != last) or (private and shared))
        )
        self._start_clock(0.0)

    def _settle(self) -> None:
        """After reading saved data: make sure the current step exists and fits this mode."""
        step_id = self._cursor.step
        if step_id is None:
            return
        cursor, route = self._cursor, self._route
        step = self.exercise.step(step_id) if step_id in route.known() else None
        if step is not None and route.applies(step):
            cursor.turn = min(cursor.turn, len(self._order(step)) - 1)
            if cursor.run is not None and (
                cursor.run not in route.known() or step_id not in route.run_from(cursor.run)
            ):
                # The exercise changed under the run: let it start again from here.
                cursor.run = step_id if route.turns(step) > 1 else None
            return
        following = self._route.relocate(step_id, self._saved_order)
        if following is None:
            self._finish()
        else:
            self._enter_step(following)

    # ----- the clock -------------------------------------------------------------------

    def _start_clock(self, elapsed: float) -> None:
        self._elapsed_base, self._entered_at = elapsed, self._clock()

    def _elapsed(self) -> float:
        """Seconds spent on this turn; the clock stands still while a hand-off waits."""
        if self._cursor.handoff:
            return self._elapsed_base
        return self._elapsed_base + max(0.0, self._clock() - self._entered_at)


def _typed(value: Any) -> Any:
    """Typed words as plain data, cleaned the way kept answers are."""
    if isinstance(value, str):
        return tidy(value, multiline=True)
    if isinstance(value, list | tuple):
        return [_typed(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _typed(item) for key, item in value.items()}
    return copied(value)
