"""What people see: names, filled-in placeholders, privacy, comparisons, summaries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs

from reconnect_tui.common.safetext import one_line
from reconnect_tui.exercises.model import CompareStep, Exercise, Step
from reconnect_tui.exercises.prose import plain

from .answers import VALUE_KINDS, display_block, fill, item_key, shown
from .flow import other
from .privacy import hidden_note
from .state import earlier_tries
from .values import LEFT_BLANK, Comparison, Person, SummaryItem

# `{ROLE_answer.STEP}`: the answer of whoever holds ROLE in this round.
ROLE_ANSWER = "_answer"

Lookup = Callable[[str, str | None], str | None]


@attrs.frozen
class View:
    """A session seen at one moment, for turning steps into words.

    Keys: "a"/"b" are the people, "both" the pair. A *viewer* is whoever is in
    front of the screen: what they may see is decided in one place,
    :func:`~reconnect_tui.engine.privacy.hidden_note`. *history* is the
    session's undo stack, which also tells each answer's earlier tries and who
    held which role when it was given.
    """

    exercise: Exercise
    mode: str
    people: tuple[Person, ...]
    lead: str
    answers: dict[str, dict[str, Any]]
    revealed: Sequence[str]
    history: Sequence[dict[str, Any]] = ()
    finished: bool = False

    def name(self, key: str, *, who: bool = False) -> str:
        """A person's name; for the pair "both of you" (who=True) or "you both"."""
        if key == "both":
            return "both of you" if who else "you both"
        if self.mode == "solo":
            return "your partner" if key == "b" else (self.people[0].name or "you")
        person = self.people[0 if key == "a" else 1]
        return person.name or ("Partner A" if key == "a" else "Partner B")

    def holder(self, role: str) -> str:
        return self.lead if role == self.exercise.roles[0] else other(self.lead)

    def role_of(self, key: str) -> str | None:
        if not self.exercise.roles or key == "both":
            return None
        return self.exercise.roles[0 if key == self.lead else 1]

    def hidden(self, step: Step, owner: str, viewer: str) -> str | None:
        """None when *viewer* may see *owner*'s answer to *step* now, else what stands in."""
        return hidden_note(
            step.id,
            step.private,
            owner,
            viewer,
            mode=self.mode,
            revealed=self.revealed,
            finished=self.finished,
        )

    def lookup(self, actor: str, viewer: str) -> Lookup:
        """Placeholder values for text about *actor*'s turn, shown to *viewer*."""

        def find(head: str, tail: str | None) -> str | None:
            if tail is not None:
                if head in ("answer", "partner_answer"):
                    return self.answer_text(tail, actor, viewer, partner=head == "partner_answer")
                role = head.removesuffix(ROLE_ANSWER)
                if head.endswith(ROLE_ANSWER) and role in self.exercise.roles:
                    return self.role_answer_text(tail, role, viewer)
                return None
            if head == "name":
                return self.name(actor)
            if head == "partner":
                if self.mode == "solo":
                    return "your partner"
                return "each other" if actor == "both" else self.name(other(actor))
            if head in self.exercise.roles:
                return self.name(self.holder(head))
            return None

        return find

    def answer_text(self, step_id: str, actor: str, viewer: str, *, partner: bool) -> str:
        """An earlier answer as text: the actor's own, else the shared one, else the others'."""
        if step_id not in {step.id for step in self.exercise.steps}:
            return LEFT_BLANK
        step = self.exercise.step(step_id)
        row = self.answers.get(step_id, {})
        if self.mode == "solo":
            return LEFT_BLANK if partner else shown(step, row.get("a"))
        if partner and actor != "both":
            owners = [other(actor)]
        elif actor in row:
            owners = [actor]
        elif "both" in row:
            owners = ["both"]
        else:
            owners = [key for key in ("a", "b") if key in row and key != actor]
        texts = [
            self.hidden(step, owner, viewer) or shown(step, row.get(owner)) for owner in owners
        ]
        if not texts:
            return LEFT_BLANK
        if len(texts) == 1:
            return texts[0]
        return "; ".join(f"{self.name(o)}: {t}" for o, t in zip(owners, texts, strict=True))

    def role_answer_text(self, step_id: str, role: str, viewer: str) -> str:
        """The answer to *step_id* of whoever holds *role* now (alone: the one person's)."""
        if step_id not in {step.id for step in self.exercise.steps}:
            return LEFT_BLANK
        step = self.exercise.step(step_id)
        row = self.answers.get(step_id, {})
        owner = "a" if self.mode == "solo" else self.holder(role)
        if owner not in row and "both" in row:
            owner = "both"  # a step for both: the one shared answer
        if owner not in row:
            return LEFT_BLANK
        return self.hidden(step, owner, viewer) or shown(step, row[owner])

    def comparison(self, step: CompareStep) -> Comparison:
        """The two lists of *step*'s list step: named by both, and by one only."""
        row = self.answers.get(step.step, {})
        keys = [person.key for person in self.people]
        lists = {key: [str(item) for item in row.get(key) or []] for key in keys}
        named = {key: {item_key(item) for item in items} for key, items in lists.items()}
        both: list[str] = []
        common: set[str] = set()
        for item in lists["a"] if len(keys) > 1 else []:
            if item_key(item) in named["b"] and item_key(item) not in common:
                both.append(item)
                common.add(item_key(item))
        only = {
            key: tuple(item for item in items if item_key(item) not in common)
            for key, items in lists.items()
        }
        pair = self.lookup("both", "both")

        def for_person(key: str) -> Lookup:
            return lambda head, tail: (
                self.name(key) if (head, tail) == ("person", None) else pair(head, tail)
            )

        return Comparison(
            both=tuple(both),
            only=only,
            both_label=fill(step.both_label, pair),
            only_labels={key: fill(step.only_label, for_person(key)) for key in keys},
        )

    def summary(
        self, step_ids: Sequence[str], titles: Callable[[str], str] | None = None
    ) -> tuple[SummaryItem, ...]:
        """Answers to *step_ids* as text, as both people would see them together.

        Each item's heading (the author's title from *titles*, else the step's
        own) is filled in as things stood when the answer was given: its
        roles are the ones held then, ``{name}`` is whoever gave it. Earlier
        tries of a repeated step come with it, oldest first.
        """
        items = []
        known = {step.id: step for step in self.exercise.steps}
        tries = earlier_tries(list(self.history))
        leads = {(entry.get("step"), entry.get("key")): entry for entry in self.history}
        # Dicts keep the order keys first came in: the order the cells were first answered.
        when = {cell: at for at, cell in enumerate(leads)}
        for step_id in step_ids:
            step = known.get(step_id)
            if step is None or step.kind not in VALUE_KINDS:
                continue
            row = self.answers.get(step_id, {})
            # Answers in the order they were given: after a swap, round by round.
            for key in sorted(("both", "a", "b"), key=lambda k: when.get((step_id, k), -1)):
                earlier = tries.get(step_id, {}).get(key, [])
                if key not in row and not earlier:
                    continue
                entry = leads.get((step_id, key))
                lead = entry["state"].get("lead", self.lead) if entry else self.lead
                then = attrs.evolve(self, lead=lead if lead in ("a", "b") else self.lead)
                words = then.lookup(key, "both")
                text = step.solo_text if self.mode == "solo" and step.solo_text else step.text
                label = fill(titles(step_id), words) if titles is not None else ""
                # Without a title, the heading comes from the text: its marks taken out
                # first, so the answers a placeholder brings in stay as typed.
                title = fill(step.title, words) or one_line(fill(plain(text, ""), words), 60)
                hidden = self.hidden(step, key, "both")
                items.append(
                    SummaryItem(
                        step_id=step_id,
                        title=title,
                        person=None if self.mode == "solo" or key == "both" else key,
                        text=hidden or display_block(step, row.get(key)),
                        name=self.name(key, who=True),
                        label=label,
                        tries=tuple(
                            hidden or display_block(step, value)
                            for value in earlier
                            if value is not None
                        ),
                    )
                )
        return tuple(items)
