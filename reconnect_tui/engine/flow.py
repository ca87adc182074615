"""The route through an exercise: which steps apply, whose turns, where branches lead."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from reconnect_tui.exercises.model import Branch, Condition, Exercise, Step

from .answers import condition_holds
from .state import Cursor


def other(key: str) -> str:
    """The other person: "a" <-> "b"."""
    return "b" if key == "a" else "a"


@attrs.frozen
class Route:
    """An exercise as walked in one mode ("solo" or "together")."""

    exercise: Exercise
    mode: str

    def known(self) -> set[str]:
        return {step.id for step in self.exercise.steps}

    def applies(self, step: Step) -> bool:
        return step.only is None or step.only == self.mode

    def first_from(self, index: int) -> str | None:
        """The first step at or after *index* that belongs to this mode."""
        return next((step.id for step in self.exercise.steps[index:] if self.applies(step)), None)

    def holder(self, role: str, lead: str) -> str:
        """Who holds *role* while *lead* holds the first role."""
        return lead if role == self.exercise.roles[0] else other(lead)

    def order(self, step: Step, lead: str, first: str) -> tuple[str, ...]:
        """Whose turns a step takes, in order: "a"/"b", or "both" for one shared turn.

        Alone, every turn is the one person's. Together, an ``each`` step goes
        to *first* and then to the other; a role step to the role's holder.
        """
        if self.mode == "solo":
            return ("a",)
        if step.who == "each":
            return (first, other(first))
        if step.who in self.exercise.roles:
            return (self.holder(step.who, lead),)
        return ("both",)

    def turns(self, step: Step) -> int:
        """How many turns a step takes: two for an ``each`` step together, else one."""
        return 2 if self.mode == "together" and step.who == "each" else 1

    def run_next(self, step: Step) -> str | None:
        """The next step of the same run of ``each`` steps, or None when *step* ends it.

        A run is a stretch of ``each`` steps that follow one another by plain
        fall-through. One person does the whole run, then the other does it,
        so the keyboard changes hands once instead of at every step. A step
        with branches ends its run: its branches are followed once both
        people have done it, as for a single ``each`` step.
        """
        if self.turns(step) < 2 or step.branches:
            return None
        following = self.first_from(self.exercise.index(step.id) + 1)
        if following is None or self.turns(self.exercise.step(following)) < 2:
            return None
        return following

    def run_from(self, step_id: str) -> list[str]:
        """The step ids of the run that starts at *step_id* (just it, if it is not in a run)."""
        run = [step_id]
        # Each step appears once, so the run cannot be longer than the exercise.
        for _ in self.exercise.steps:
            following = self.run_next(self.exercise.step(run[-1]))
            if following is None:
                break
            run.append(following)
        return run

    def holds(
        self, condition: Condition, answers: dict[str, dict[str, Any]], cursor: Cursor
    ) -> bool:
        """Whether *condition* holds now.

        For a role step only the answer of whoever holds that role now counts:
        after a swap, the earlier holder's answer belongs to the last round.
        For an ``each`` step done together, each person's answer counts on its
        own, and the condition's ``match`` says whether one or both must pass.
        """
        row = answers.get(condition.step, {})
        passed = condition.step in cursor.passed
        if self.mode == "together" and condition.step in self.known():
            who = self.exercise.step(condition.step).who
            if who == "each":
                pairs = [(row.get(key), key in row or passed) for key in ("a", "b")]
                return condition_holds(condition, pairs)
            if who in self.exercise.roles:
                holder = self.holder(who, cursor.lead)
                row = {holder: row[holder]} if holder in row else {}
        return condition_holds(
            condition, [(value, True) for value in row.values()] or [(None, passed)]
        )

    def takes(self, branch: Branch) -> bool:
        """Whether *branch* can be taken in this mode: alone there is no one to swap roles with.

        So a ``swap_roles`` branch is passed over alone, and role steps come
        once, as for ``each`` steps; the flow goes on to the next branch.
        """
        return self.mode == "together" or not branch.swap_roles

    def next_after(
        self, step: Step, cursor: Cursor, answers: dict[str, dict[str, Any]]
    ) -> str | None:
        """Take the first branch that holds and has room left (counting it), else go on."""
        for index, branch in enumerate(step.branches):
            tally = f"{step.id}/{index}"
            if not self.takes(branch):
                continue
            if branch.limit is not None and cursor.taken.get(tally, 0) >= branch.limit:
                continue
            if branch.when is not None and not self.holds(branch.when, answers, cursor):
                continue
            self._count(cursor.taken, tally, branch)
            if branch.swap_roles:
                cursor.lead = other(cursor.lead)
            return self.first_from(self.exercise.index(branch.goto))
        return self.first_from(self.exercise.index(step.id) + 1)

    def plain_next(self, step: Step, taken: dict[str, int]) -> str | None:
        """The next step on the plain path: unconditional branches only, within limits."""
        for index, branch in enumerate(step.branches):
            if branch.when is not None or not self.takes(branch):
                continue
            tally = f"{step.id}/{index}"
            if branch.limit is not None and taken.get(tally, 0) >= branch.limit:
                continue
            self._count(taken, tally, branch)
            return self.first_from(self.exercise.index(branch.goto))
        return self.first_from(self.exercise.index(step.id) + 1)

    def turns_ahead(self, step: Step, cursor: Cursor) -> int:
        """Turns left after the current one, along the plain path (for "about m").

        Inside a run of ``each`` steps: the rest of this person's pass, the
        whole run again for the other person if this is the first pass, then
        the plain path on from the run's last step.
        """
        run = self.run_from(cursor.run) if cursor.run is not None else []
        if self.turns(step) > 1 and step.id in run:
            at = run.index(step.id)
            ahead = len(run) - at - 1 + (len(run) if cursor.turn == 0 else 0)
            step = self.exercise.step(run[-1])
        else:
            ahead = self.turns(step) - cursor.turn - 1
        taken = dict(cursor.taken)
        # Limits bound every loop; the cap only guards against a malformed exercise.
        for _ in range(len(self.exercise.steps) * 20):
            following = self.plain_next(step, taken)
            if following is None:
                break
            step = self.exercise.step(following)
            ahead += self.turns(step)
        return ahead

    def _count(self, taken: dict[str, int], tally: str, branch: Branch) -> None:
        """Count *branch* (known in *taken* as *tally*) being taken, in place.

        Swapping roles starts the counts of the branches that do not swap again,
        so limits hold per role turn: each speaker gets the full number of
        repeats. Swaps keep their own counts, so the swaps, and with them the
        whole session, still come to an end.
        """
        if branch.swap_roles:
            for key in [key for key in taken if not self._swaps(key)]:
                del taken[key]
        if branch.limit is not None:
            taken[tally] = taken.get(tally, 0) + 1

    def _swaps(self, tally: str) -> bool:
        """Whether the branch counted as *tally* ("step/index") swaps roles."""
        step_id, _, index = tally.rpartition("/")
        if step_id not in self.known() or not index.isdigit():
            return False
        branches = self.exercise.step(step_id).branches
        return int(index) < len(branches) and branches[int(index)].swap_roles

    def relocate(self, step_id: str, saved_order: Sequence[str]) -> str | None:
        """Where to carry on when *step_id* is gone from the exercise or not for this mode.

        The next step of the saved order that still exists; failing that, the
        step after the nearest earlier one that exists; failing that, the start.
        """
        known = self.known()
        if step_id in known:
            return self.first_from(self.exercise.index(step_id))
        if step_id in saved_order:
            at = list(saved_order).index(step_id)
            for later in saved_order[at + 1 :]:
                if later in known:
                    return self.first_from(self.exercise.index(later))
            for earlier in reversed(saved_order[:at]):
                if earlier in known:
                    return self.first_from(self.exercise.index(earlier) + 1)
        return self.first_from(0)
