"""Keeping progress: each session saved after every answer, drafts while typing.

The keeper sits between the engine and the store. It holds one session
record per running session, saves it whenever the session changes, keeps
text typed but not yet sent as a draft, and remembers plainly why the last
save failed, so the screen can say so and never claim "saved" when it is
not. When saving fails, nothing is thrown away: the record stays in memory
and the next change tries again.

Privacy ("keep only that we did it"): with ``keep_text`` off, free text
(text, list and compose answers, "something else" choices, drafts) is never
written to disk; the session stays whole in memory while the app runs.

No Textual here: the UI glue lives in ``ui/keeping.py``.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from reconnect_tui.common.atomic import SaveError, reason_for
from reconnect_tui.exercises import comeback
from reconnect_tui.exercises.model import ChoiceStep, Exercise, LaterStep, ScaleStep
from reconnect_tui.progress.settings import Settings
from reconnect_tui.progress.store import SavedSession, SessionInfo, Store

if TYPE_CHECKING:
    from pathlib import Path

    from reconnect_tui.engine import Session, Turn
    from reconnect_tui.exercises.library import Library

DRAFT_SECONDS = 3.0
"""How often typed words are kept as a draft (only when they changed)."""


class ExerciseGone(LookupError):
    """The session's exercise is no longer in the library: it can be read, not picked up."""


@attrs.frozen
class Edits:
    """How an exercise file changed since a session of it began.

    Attributes:
        gone: answered steps the file no longer has (their answers are still kept).
        added: steps the file has gained.
    """

    gone: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


@attrs.frozen(eq=False)
class Resumed:
    """A session brought back, with its draft and how its exercise file changed meanwhile.

    Attributes:
        edits: ``None`` when the file is as it was when the session began.
    """

    session: Session
    record: SavedSession
    draft: Any = None
    edits: Edits | None = None


def _empty(value: Any) -> bool:
    """Whether a typed value holds no words at all (nothing, "", or only empty parts)."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return all(_empty(item) for item in value)
    return value is None or value == ""


def _writable(value: Any) -> Any:
    """A copy of a draft value that TOML can hold: no None, no lone surrogates."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {str(k): _writable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_writable(item) for item in value if item is not None]
    return value


def _kept_value(step: Any, value: Any) -> Any:
    """What privacy mode keeps of one answer: scales, choices among the given options, times."""
    if isinstance(step, ScaleStep):
        return value
    if isinstance(step, LaterStep) and isinstance(value, list):
        return [item for item in value if item in step.times] or None
    if isinstance(step, ChoiceStep) and isinstance(value, list):
        return [item for item in value if item in step.options] or None
    return None


def _kept_cells(exercise: Exercise, table: Any) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    if not isinstance(table, dict):
        return kept
    for step_id, row in table.items():
        try:
            step = exercise.step(step_id)
        except KeyError:
            continue  # an answer to a step the file no longer has: its words are not kept
        if not isinstance(row, dict):
            continue
        cells = {}
        for person, value in row.items():
            value = _kept_value(step, value)
            if value is not None:
                cells[person] = value
        if cells:
            kept[step_id] = cells
    return kept


def without_text(record: SavedSession, exercise: Exercise) -> SavedSession:
    """A copy of *record* with every free-text answer and draft left out."""
    state = copy.deepcopy(record.state)
    if state:
        state["answers"] = _kept_cells(exercise, state.get("answers", {}))
        state["drafts"] = {}
        history = []
        for entry in state.get("history", []):
            entry = dict(entry)
            if "prior" in entry:
                kept = _kept_cells(exercise, {entry.get("step"): {"x": entry["prior"]}})
                if kept:
                    entry["prior"] = kept[entry["step"]]["x"]
                else:
                    del entry["prior"]
            history.append(entry)
        state["history"] = history
    return attrs.evolve(
        record, state=state, answers=_kept_cells(exercise, record.answers), draft={}
    )


def edits_since(saved_order: list[str], exercise: Exercise, answered: list[str]) -> Edits:
    """How *exercise* differs from the step order a session saved, for the steps it answered."""
    now = [step.id for step in exercise.steps]
    return Edits(
        gone=tuple(step_id for step_id in answered if step_id not in now),
        added=tuple(step_id for step_id in now if saved_order and step_id not in saved_order),
    )


class Keeper:
    """Owns the store and the record of each running session.

    Attributes:
        failure: why the last save did not happen, in plain words ("the disk
            is full"); "" when the last save worked.
        settings: the person's settings (``keep_text`` decides what is written).
    """

    def __init__(self, store: Store, library: Library, settings: Settings | None = None) -> None:
        self.store = store
        self.library = library
        self.settings = settings or Settings()
        self.failure = ""
        self.config_file: Path | None = None  # where settings are written (set by the app)
        self.generation = 0  # raised on every write or delete, so listings know to look again
        # Today's date where the person is: when a paused session may be picked up again.
        self.today: Callable[[], dt.date] = dt.date.today
        self._records: dict[Session, SavedSession] = {}
        try:
            store.open()
        except SaveError as error:
            self.failure = error.reason

    # -- saving -----------------------------------------------------------

    def record_for(self, session: Session) -> SavedSession:
        """The record of *session*, made (not yet saved) the first time it is asked for."""
        record = self._records.get(session)
        if record is None:
            entry = self.library.get(session.exercise.id)
            record = self.store.new_session(
                exercise_id=session.exercise.id,
                title=session.exercise.title,
                revision=session.exercise.revision,
                digest=getattr(entry, "digest", "") if entry is not None else "",
                mode=session.mode,
                people=[person.name for person in session.people],
            )
            self._records[session] = record
        return record

    def changed(self, session: Session, typed: tuple[Turn, Any] | None = None) -> bool:
        """Save *session* now; *typed* is (turn, value) from the screen, kept as the draft.

        Returns True when it is on disk as it is now.
        """
        record = self.record_for(session)
        record.state = session.to_data()
        record.answers = session.answers()
        record.finished = session.finished
        record.rest_until = self._rest_until(session.exercise, record)
        if typed is not None and self._on_screen(session, typed[0].step.id, typed[0].actor):
            record.draft = self._draft(typed[0], typed[1])
        elif not self._draft_fits(session, record.draft):
            record.draft = {}
        if record.version == 0 and not (session.begun or record.draft or record.promise):
            return True  # opened and nothing done yet: no file to clutter Home with
        return self._save(record, session.exercise)

    def _rest_until(self, exercise: Exercise, record: SavedSession) -> str:
        """The day a session rests until: set when a later step is answered, kept
        while that stays the last thing done, and gone once the session moves on."""
        phrase = comeback.resting(exercise, record.state)
        if phrase is None:
            return ""
        if record.rest_until:
            return record.rest_until
        day = comeback.return_date(phrase, self.today())
        return "" if day is None else day.isoformat()

    def keep_draft(self, session: Session, turn: Turn, value: Any) -> bool | None:
        """Keep typed words as the draft; None when nothing changed since the last one."""
        if not self._on_screen(session, turn.step.id, turn.actor):
            return None
        record = self.record_for(session)
        draft = self._draft(turn, value)
        if draft == record.draft and not self.failure:
            return None
        record.draft = draft
        if not self.settings.keep_text and not self.failure:
            return None  # kept in memory only: drafts are free text
        return self._save(record, session.exercise)

    def set_promise(self, session: Session, words: str) -> bool:
        """Keep a gentle "we'll come back on…" with the session."""
        record = self.record_for(session)
        record.promise = words
        return self._save(record, session.exercise)

    def _save(self, record: SavedSession, exercise: Exercise) -> bool:
        on_disk = record if self.settings.keep_text else without_text(record, exercise)
        try:
            saved = self.store.save(on_disk)
        except SaveError as error:
            self.failure = error.reason
            return False
        except OSError as error:  # anything the store did not expect: still said plainly
            self.failure = error.strerror or "an unexpected error"
            return False
        except (TypeError, ValueError):  # a value TOML cannot hold: never a crash
            self.failure = "something typed could not be written as text"
            return False
        record.id, record.version, record.updated = saved.id, saved.version, saved.updated
        self.failure = ""
        self.generation += 1
        return True

    @staticmethod
    def _draft(turn: Turn, value: Any) -> dict[str, Any]:
        if _empty(value):
            return {}
        return {"step": turn.step.id, "person": turn.actor or "", "value": _writable(value)}

    @staticmethod
    def _on_screen(session: Session, step_id: object, actor: object) -> bool:
        """Whether the turn on screen now is *step_id*'s, for *actor* (None: for both)."""
        current = session.current
        return current is not None and (current.step.id, current.actor) == (step_id, actor)

    def _draft_fits(self, session: Session, draft: dict[str, Any]) -> bool:
        person = draft.get("person") or None  # saved as "" for both
        return bool(draft) and self._on_screen(session, draft.get("step"), person)

    def unsaved(self) -> bool:
        """Whether an unfinished session may hold more than its file (the last save failed)."""
        return bool(self.failure) and any(not s.finished for s in self._records)

    def draft_for(self, session: Session) -> Any:
        """The draft that belongs to the turn on screen now, or None."""
        record = self._records.get(session)
        if record is None or not self._draft_fits(session, record.draft):
            return None
        return copy.deepcopy(record.draft.get("value"))

    # -- reading back -----------------------------------------------------

    def live(self, session_id: str) -> Session | None:
        for session, record in self._records.items():
            if record.id == session_id:
                return session
        return None

    def resume(self, session_id: str, clock: Callable[[], float]) -> Resumed:
        """Bring a session back exactly where it was.

        Raises ``ExerciseGone`` when its exercise is no longer there,
        ``FileNotFoundError`` when it was deleted, ``ValueError`` when it
        could not be read (the file is then quarantined by the store).
        """
        session = self.live(session_id)
        if session is not None:
            return Resumed(session, self._records[session], self.draft_for(session))
        # The engine loads with the first session, as in ui/app.py, not at start:
        # importing it takes 10-12 ms of CPU, a tenth of the start's allowance.
        from reconnect_tui.engine import Session

        record = self.store.load(session_id)
        entry = self.library.get(record.exercise_id)
        if entry is None:
            raise ExerciseGone(record.exercise_id)
        session = Session.restore(entry.exercise, record.state, clock=clock)
        edits = None
        if record.digest and entry.digest and record.digest != entry.digest:
            order = record.state.get("order", [])
            edits = edits_since(list(order), entry.exercise, list(record.answers))
        self._records[session] = record
        return Resumed(session, record, self.draft_for(session), edits)

    def unfinished(self) -> list[SessionInfo]:
        """Unfinished sessions, newest first, including any only in memory (a failed save)."""
        try:
            found = self.store.unfinished()
        except OSError as error:  # the folder itself cannot be read: the banner says why
            self.failure = self.failure or reason_for(error)
            found = []
        known = {info.id for info in found}
        for session, record in self._records.items():
            if record.id not in known and not session.finished and record.answers:
                found.append(_info(record))
        found.sort(key=lambda info: info.updated, reverse=True)
        return found

    def last_finished(self) -> dict[str, str]:
        """Exercise id -> start stamp (``YYYYmmdd-HHMMSS``) of its latest finished session."""
        try:
            stamps = self.store.finished_stamps()
        except OSError:
            return {}
        return {exercise_id: found[-1] for exercise_id, found in stamps.items()}

    def forget(self, session_id: str) -> None:
        """Delete one session for good, in memory too."""
        self.store.delete(session_id)
        self.generation += 1
        for session, record in list(self._records.items()):
            if record.id == session_id:
                del self._records[session]


def _info(record: SavedSession) -> SessionInfo:
    """What a listing shows of *record*: its fields of the same names."""
    fields = {name: getattr(record, name) for name in attrs.fields_dict(SessionInfo)}
    return SessionInfo(**{**fields, "people": tuple(record.people)})
