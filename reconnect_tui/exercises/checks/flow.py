"""Checks on what ties the steps together: ids, references, branches, loops, reachability.

Run after every step was read on its own. A step may only look at (``when``,
``compare``, ``summary``, ``{answer.STEP}``) this step or earlier ones; a
branch may go anywhere, but going back makes a loop that needs a ``limit``;
and every step must be reachable from the first. A reference names a step by
its id exactly, as written: the model is built from the raw value, so one
that only matches after cleaning (``"b\u202e"``) or is empty is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconnect_tui.common.problems import did_you_mean
from reconnect_tui.common.safetext import clean
from reconnect_tui.exercises.checks.build import Draft
from reconnect_tui.exercises.checks.keys import (
    ANSWER_WORDS,
    BRACES,
    BRANCH_SPECS,
    OP_KINDS,
    OP_TYPES,
    ROLE_ANSWER,
    STEP_REFERENCE,
    WHEN,
    WHEN_KEYS,
    join,
)
from reconnect_tui.exercises.checks.values import Reader
from reconnect_tui.exercises.model import CONDITION_OPS, WHO_SHARED

Find = Callable[..., "int | None"]


def check_flow(
    reader: Reader, drafts: list[Draft], roles: tuple[str, ...], nudge_ids: set[str]
) -> None:
    """Check the references between *drafts*, their branches and that each can be reached."""
    position: dict[str, int] = {}
    for index, draft in enumerate(drafts):
        if draft.id in position:
            reader.error(
                join(draft.key, "id"),
                f"the step id '{draft.id}' is used twice",
                "give each step its own id",
            )
        elif draft.id:
            position[draft.id] = index
    ids = list(position)
    swaps = any(branch.get("swap_roles") is True for d in drafts for _key, branch in d.branches)
    loops: list[tuple[str, str]] = []  # (key, goto) of each loop with no limit

    def find(step_id: object, key: str, here: int, *, before: bool, what: str) -> int | None:
        """The index of *step_id* (the raw value), reporting an empty, missing or later step.

        A value that is not text was reported when it was read.
        """
        if type(step_id) is not str:
            return None
        there = position.get(step_id)
        if there is None:
            if not step_id:
                reader.error(
                    key, f"{key.rpartition('.')[2]} is empty", "write the id of a step here"
                )
            else:
                hint = did_you_mean(clean(step_id, multiline=False).strip(), ids)
                reader.error(key, f"there is no step '{step_id}'", hint)
            return None
        if before and there > here:
            reader.error(
                key,
                f"{what} looks at '{step_id}', which comes later",
                "it may only look at this step or an earlier one",
            )
        return there

    for index, draft in enumerate(drafts):
        fields = draft.fields
        who = fields.get("who", "both")
        if who not in WHO_SHARED and who not in roles:
            _who(reader, draft, who, roles)
        for place, nudge_id in enumerate(fields.get("nudges") or ()):
            if nudge_id not in nudge_ids:
                reader.error(
                    f"{draft.key}.nudges[{place}]",
                    f"there is no nudge '{nudge_id}'",
                    did_you_mean(nudge_id, nudge_ids),
                )
        if draft.kind == "compare" and "step" in fields:
            _compare(reader, draft, index, drafts, find)
        elif draft.kind == "choice" and "options_from" in fields:
            _options_from(reader, draft, index, drafts, find, roles, position)
        elif draft.kind == "later" and index == len(drafts) - 1 and not draft.branches:
            reader.error(
                join(draft.key, "kind"),
                "nothing comes after this later step, so there is nothing to come back to",
                "add the step people come back to after it, e.g. a list of what they noticed",
                severity="warning",
            )
        elif draft.kind == "summary":
            shown_ids = fields.get("steps", ())
            for n, step_id in enumerate(shown_ids):
                find(
                    step_id, f"{draft.key}.steps[{n}]", index - 1, before=True, what="this summary"
                )
            for step_id, _title in fields.get("titles", ()):
                title_key = join(join(draft.key, "titles"), step_id)
                if shown_ids and step_id not in shown_ids:
                    reader.error(
                        title_key,
                        f"titles names '{step_id}', which this summary does not show",
                        did_you_mean(step_id, list(shown_ids))
                        or f"add '{step_id}' to steps, or leave its title out",
                    )
                elif not shown_ids:
                    find(step_id, title_key, index - 1, before=True, what="this title")
        for branch_key, branch in draft.branches:
            _branch(reader, branch_key, branch, index, drafts, find, roles, loops)
        for text_key, text in draft.texts:
            _placeholders(reader, text_key, text, index, roles, position, drafts, swaps)
    _reachable(reader, drafts, position, loops)
    _unrevealed(reader, drafts)


def _unrevealed(reader: Reader, drafts: list[Draft]) -> None:
    """Warn about a private step that no later compare or summary step shows."""
    for index, draft in enumerate(drafts):
        if not draft.fields.get("private") or not draft.id:
            continue
        later = drafts[index + 1 :]
        if not any(_reveals(other, draft.id) for other in later):
            reader.error(
                join(draft.key, "private"),
                f"the step '{draft.id}' is private, but no later step ever shows it",
                "name it in a later summary step's steps (or compare it), "
                "or leave out private = true",
                severity="warning",
            )


def _reveals(draft: Draft, step_id: str) -> bool:
    """Whether *draft* shows *step_id*'s private answers (a summary of everything does)."""
    if draft.kind == "compare":
        return bool(draft.fields.get("step") == step_id)
    if draft.kind == "summary":
        steps = draft.fields.get("steps") or ()
        return not steps or step_id in steps
    return False


def _who(reader: Reader, draft: Draft, who: str, roles: tuple[str, ...]) -> None:
    choices = ", ".join(f'"{choice}"' for choice in (*WHO_SHARED, *roles))
    hint = did_you_mean(who, WHO_SHARED + roles)
    if not hint and not roles:
        hint = f'to make it a role, add roles = ["{who}", "…"] at the top'
    reader.error(join(draft.key, "who"), f'who = "{who}" should be one of {choices}', hint)


def _compare(reader: Reader, draft: Draft, index: int, drafts: list[Draft], find: Find) -> None:
    key = join(draft.key, "step")
    there = find(draft.fields["step"], key, index - 1, before=True, what="this compare step")
    if there is not None and there < index:
        target = drafts[there]
        if target.kind != "list" or target.fields.get("who") != "each":
            reader.error(
                key,
                f'compare needs a list step with who = "each"; '
                f"'{target.id}' is a {target.kind or 'broken'} step "
                f'with who = "{target.fields.get("who", "both")}"',
                "point it at a list step that each partner fills in",
            )


def _options_from(
    reader: Reader,
    draft: Draft,
    index: int,
    drafts: list[Draft],
    find: Find,
    roles: tuple[str, ...],
    position: dict[str, int],
) -> None:
    """A choice's options_from: an earlier list step, passed on every way to this step."""
    fields, key = draft.fields, join(draft.key, "options_from")
    whose = fields.get("options_of", "own")
    if whose not in ("own", "partner", *roles):
        choices = ", ".join(f'"{choice}"' for choice in ("own", "partner", *roles))
        reader.error(
            join(draft.key, "options_of"),
            f'options_of = "{whose}" should be one of {choices}',
            did_you_mean(whose, ("own", "partner", *roles)),
        )
    there = find(fields["options_from"], key, index - 1, before=True, what="options_from")
    if there is None or there >= index:
        return
    target = drafts[there]
    if target.kind != "list":
        reader.error(
            key,
            f"options_from needs a list step; '{target.id}' is a {target.kind or 'broken'} step",
            "point it at a list step whose items people pick from",
        )
        return
    if whose == "partner" and target.fields.get("who", "both") == "both":
        reader.error(
            join(draft.key, "options_of"),
            f"'{target.id}' holds one shared list, so there is no partner's list to show",
            'give that list step who = "each", or leave options_of out',
        )
    only = target.fields.get("only")
    if only is not None and fields.get("only") != only:
        reader.error(
            key,
            f"'{target.id}' is only asked {'alone' if only == 'solo' else 'together'},"
            " so this step would often find no list",
            f'give this step only = "{only}" too, or point it at another list',
        )
    shown = any(_reveals(between, target.id) for between in drafts[there + 1 : index])
    if target.fields.get("private") and whose != "own" and not shown:
        reader.error(
            key,
            f"'{target.id}' is private and no step before this one shows it, so the other"
            " person's list is never offered here (they are asked for a few words instead)",
            f"add a summary or compare step naming '{target.id}' before this step",
            severity="warning",
        )
    branches = {i: [branch for _key, branch in d.branches] for i, d in enumerate(drafts)}
    if index in reached(branches, len(drafts), position, avoiding=there):
        reader.error(
            key,
            f"a branch can reach this step without passing '{target.id}'",
            "the list must come on every way to this step; check the branches before it",
        )


def _branch(
    reader: Reader,
    key: str,
    branch: dict[str, Any],
    index: int,
    drafts: list[Draft],
    find: Find,
    roles: tuple[str, ...],
    loops: list[tuple[str, str]],
) -> None:
    when = branch.get("when")
    if when is not None:
        table = reader.table(when, join(key, "when"), WHEN_KEYS, "a when")
        if table is not None:
            _condition(reader, table, join(key, "when"), index, drafts, find)
    if "goto" not in branch:
        reader.error(key, "this branch has no goto", 'add goto = "…", the step to go to')
    reader.text(branch, key, "goto")  # reports a goto that is not text
    goto = branch.get("goto")  # what the branch is built with, so it must be an id as it is
    limit = reader.get(branch, key, "limit", BRANCH_SPECS["limit"])
    if reader.flag(branch, key, "swap_roles") and not roles:
        reader.error(
            join(key, "swap_roles"),
            "swap_roles needs roles",
            'add roles = ["speaker", "listener"] at the top',
        )
    if goto is not None:
        there = find(goto, join(key, "goto"), index, before=False, what="")
        if there is not None and there <= index and limit is None and "limit" not in branch:
            loops.append((key, goto))  # reported with what it cuts off (see _reachable)


def _condition(
    reader: Reader, table: dict[str, Any], key: str, index: int, drafts: list[Draft], find: Find
) -> None:
    ops = [name for name in CONDITION_OPS if name in table]
    if len(ops) != 1:
        reader.error(
            key,
            "when should hold exactly one test",
            "one of below, at_least, is, includes, answered",
        )
    if "step" not in table:
        reader.error(key, "when has no step to look at", 'add step = "…"')
        return
    reader.text(table, key, "step")  # reports a step that is not text
    step_id = table["step"]  # what the condition is built with
    there = find(step_id, join(key, "step"), index, before=True, what="this when")
    if not ops or there is None:
        return
    op = ops[0]
    kind = drafts[there].kind
    types, expected = OP_TYPES[op]
    value = table[op]
    if type(value) not in types:
        reader.wrong(value, key, op, expected)
        return
    fits = OP_KINDS.get(op)
    if fits and kind and kind not in fits:
        reader.error(
            join(key, op),
            f"'{op}' cannot test a {kind} step",
            f"'{op}' works with {' or '.join(fits)} steps",
        )
    elif (
        isinstance(value, str)
        and kind == "choice"
        and not drafts[there].fields.get("other")
        and "options_from" not in drafts[there].fields
    ):
        options = [o for g in drafts[there].fields.get("groups", ()) for o in g.options]
        if value not in options:
            reader.error(
                join(key, op),
                f"'{value}' is not one of the options of '{step_id}'",
                did_you_mean(value, options),
            )
    if isinstance(value, str):
        table[op] = reader.clean(value, join(key, op), False)
    if "match" in table:
        counts = reader.get(table, key, "match", WHEN.keys["match"].spec)
        if counts is None:
            del table["match"]  # wrong, and reported: the default is used
        elif drafts[there].fields.get("who", "both") != "each":
            reader.error(
                join(key, "match"),
                f"match makes no difference here: '{step_id}' has one answer",
                'match is for a step with who = "each", which both partners answer',
                severity="warning",
            )


def _placeholders(
    reader: Reader,
    key: str,
    text: str,
    index: int,
    roles: tuple[str, ...],
    position: dict[str, int],
    drafts: list[Draft],
    swaps: bool,
) -> None:
    """Check the {placeholders} of a step's text: known names, answers of earlier steps."""
    names = ("name", "partner", *roles)
    heads = (*ANSWER_WORDS, *(role + ROLE_ANSWER for role in roles))
    here = drafts[index].fields.get("who", "both")
    for match in BRACES.finditer(text):
        inside = match.group(1)
        if inside is None or inside in names:
            continue
        reference = STEP_REFERENCE.match(inside)
        if reference and reference.group(1) in heads:
            head, step_id = reference.groups()
            if position.get(step_id, index) >= index:
                where = "comes later" if step_id in position else "does not exist"
                reader.error(
                    key,
                    f"{{{inside}}} refers to a step that {where}",
                    did_you_mean(step_id, [s for s, i in position.items() if i < index])
                    or "it may only show an answer given earlier",
                )
            elif head == "answer" and swaps and here in roles:
                there = drafts[position[step_id]].fields.get("who", "both")
                if there in roles and there != here:
                    reader.error(
                        key,
                        f"after the roles swap, {{{inside}}} here shows the {here}'s own"
                        f" answer from the round before",
                        f"write {{{there}{ROLE_ANSWER}.{step_id}}} for the {there}'s answer"
                        " in this round",
                        severity="warning",
                    )
            continue
        earlier = [f"{h}.{s}" for h in heads for s, i in position.items() if i < index]
        if reference and reference.group(1).endswith(ROLE_ANSWER) and not roles:
            hint = 'answers by role need roles = ["speaker", "listener"] at the top'
        else:
            hint = did_you_mean(inside, [*names, *earlier])
        if not hint and reference and reference.group(1).endswith(ROLE_ANSWER):
            hint = "the roles here are " + " and ".join(roles)
        reader.error(
            key,
            f"unknown placeholder {{{inside}}}",
            hint or "write {{ and }} to show braces as they are",
        )


def check_nudge_message(reader: Reader, key: str, message: str, roles: tuple[str, ...]) -> None:
    """A nudge's message may name people ({name}, {partner}, a role), but no answer.

    A nudge can come up on any step where people type, so there is no
    "earlier step" whose answer it could show.
    """
    names = ("name", "partner", *roles)
    for match in BRACES.finditer(message):
        inside = match.group(1)
        if inside is None or inside in names:
            continue
        if STEP_REFERENCE.match(inside):
            reader.error(
                key,
                f"a nudge's message cannot show an answer ({{{inside}}})",
                "a nudge can come up on any step; it may name {name}, {partner}"
                + "".join(f", {{{role}}}" for role in roles),
            )
            continue
        reader.error(
            key,
            f"unknown placeholder {{{inside}}}",
            did_you_mean(inside, names) or "write {{ and }} to show braces as they are",
        )


def _reachable(
    reader: Reader, drafts: list[Draft], position: dict[str, int], loops: list[tuple[str, str]]
) -> None:
    """Report loops with no way out, and the steps no path leads to (see :func:`unreached`).

    The steps a loop with no limit cuts off are named in the loop's own error
    (they are reached once it has a limit), not each in one of their own.
    """
    branches = {i: [branch for _key, branch in d.branches] for i, d in enumerate(drafts)}
    cut_off = unreached(branches, len(drafts), position)
    loop_keys = {key for key, _goto in loops}
    mended = {
        i: [
            {**branch, "limit": 1} if branch_key in loop_keys else branch
            for branch_key, branch in d.branches
        ]
        for i, d in enumerate(drafts)
    }
    still = set(unreached(mended, len(drafts), position))
    follow_on = [drafts[i].id for i in cut_off if i not in still and drafts[i].id]
    for number, (key, goto) in enumerate(loops):
        message = f"going back to '{goto}' makes a loop with no way out"
        if number == 0 and follow_on:
            named = " or ".join(f"'{step_id}'" for step_id in follow_on)
            message += f", so no path leads on to {named}"
        reader.error(join(key, "goto"), message, "add limit = 3 (how many times it may repeat)")
    for index in cut_off:
        if index not in still:
            continue
        draft = drafts[index]
        reader.error(
            join(draft.key, "id"),
            f"no path leads to the step '{draft.id}'",
            "a branch before it always jumps past it; "
            "give that branch a when, or go to this step from somewhere",
        )


def unreached(
    branches: dict[int, list[dict[str, Any]]], count: int, position: dict[str, int]
) -> list[int]:
    """The steps no path leads to: from each step, its branches and the next step.

    *branches* holds the branch tables of the steps (by index) that have any,
    *count* is how many steps there are, *position* each step id's index.
    """
    if all(
        "when" in branch or "limit" in branch for tables in branches.values() for branch in tables
    ):
        return []  # every step goes on to the next one, so each is reached from the first
    seen = reached(branches, count, position)
    return [index for index in range(count) if index not in seen]


def reached(
    branches: dict[int, list[dict[str, Any]]],
    count: int,
    position: dict[str, int],
    *,
    avoiding: int | None = None,
) -> set[int]:
    """The steps some path from the first leads to; with *avoiding*, paths that miss that step."""
    if avoiding == 0:
        return set()
    seen, todo = {0}, [0]
    while todo:
        index = todo.pop()
        targets = []
        falls_through = True
        for branch in branches.get(index, ()):
            goto = branch.get("goto")
            target = position.get(goto) if isinstance(goto, str) else None
            if target is not None:
                targets.append(target)
            if "when" not in branch and "limit" not in branch:
                falls_through = False
                break
        if falls_through and index + 1 < count:
            targets.append(index + 1)
        for target in targets:
            if target not in seen and target != avoiding:
                seen.add(target)
                todo.append(target)
    return seen
