"""Check an exercise file's data: its top-level keys, nudges, and each step's common keys.

:func:`read_exercise` is the way in. It checks each step on its own (the
kind-specific keys in :mod:`reconnect_tui.exercises.checks.kinds`), then what ties the
steps together (:mod:`reconnect_tui.exercises.checks.flow`), and builds the model only
when no error was found.
"""

from __future__ import annotations

from typing import Any

from reconnect_tui.common.problems import did_you_mean
from reconnect_tui.exercises.checks.build import Draft, build_exercise
from reconnect_tui.exercises.checks.flow import check_flow, check_nudge_message
from reconnect_tui.exercises.checks.keys import (
    ALL_STEP_SPECS,
    BRANCH_KEYS,
    EXERCISE,
    NUDGE_KEYS,
    ROLE_PATTERN,
    STEP,
    STEP_SPECS,
    TOP_KEY_SET,
    TOP_SPECS,
    describe,
    join,
)
from reconnect_tui.exercises.checks.kinds import KIND_CHECKS
from reconnect_tui.exercises.checks.values import Reader
from reconnect_tui.exercises.model import (
    FORMAT_VERSION,
    ID_PATTERN,
    STEP_KINDS,
    Exercise,
)

# How a step of each kind is named in problems ("unknown key 'x' in a pause step").
_STEP_NAMES = {kind: f"a {kind} step" for kind in STEP_KINDS}
_ROLES = EXERCISE.keys["roles"]


MAX_TITLE = EXERCISE.keys["title"].longest
"""The longest an exercise title may be, in characters (it is shown on one line)."""
# A step's words that read badly past a length: a warning names the bound.
_LONGEST = {name: key.longest for name, key in STEP.keys.items() if key.longest}


def read_exercise(reader: Reader, data: dict[str, Any]) -> Exercise | None:
    """The exercise in *data*, or ``None`` when *reader* recorded an error."""
    reader.table(data, "", TOP_KEY_SET, "the exercise")
    fmt = data.get("format")
    if fmt is None:
        reader.error("", "format is missing", "add format = 1 at the top of the file")
    elif type(fmt) is not int or fmt != FORMAT_VERSION:
        reader.error(
            "format",
            f"format should be {FORMAT_VERSION} (it is {fmt!r})",
            "this version of reconnect reads format 1 files",
        )
    fields: dict[str, Any] = {}
    if "id" not in data:
        reader.error("id", "id is missing", 'add id = "my-exercise" at the top')
    exercise_id = reader.text(data, "", "id")
    if exercise_id:
        reader.check_id(exercise_id, "id", "the exercise id")
    elif type(data.get("id")) is str:
        reader.error("id", "the exercise id is empty", 'for example id = "my-exercise"')
    fields["id"] = exercise_id
    fields["title"] = title = reader.text(data, "", "title", required=True)
    if len(title) > MAX_TITLE:
        reader.error(
            "title",
            f"the title is {len(title)} characters long; it may be up to {MAX_TITLE}",
            "a title is one short line: the summary can say more",
        )
    fields["summary"] = reader.text(data, "", "summary", required=True, multiline=True)
    for name in ("tags", "minutes", "depth", "audience", "revision"):
        value = reader.get(data, "", name, TOP_SPECS[name])
        if value is not None:  # absent or wrong (reported): the model's default
            fields[name] = value
    fields["roles"] = roles = _roles(reader, data)
    nudges = _nudges(reader, data.get("nudges"), roles)
    drafts = _steps(reader, data.get("steps"))
    if drafts:
        check_flow(reader, drafts, roles, {nudge["id"] for nudge in nudges})
    for problem in reader.problems:
        if problem.severity == "error":
            return None
    try:
        return build_exercise(fields, nudges, drafts)
    except (TypeError, ValueError) as error:  # the model's own last guard
        reader.error("", f"this exercise could not be put together ({error})")
        return None


def _roles(reader: Reader, data: dict[str, Any]) -> tuple[str, ...]:
    roles = reader.texts(data, "", "roles")
    if roles is None:
        return ()
    if len(roles) != _ROLES.size or len(set(roles)) != len(roles):
        reader.error(
            "roles",
            "roles should name exactly two different roles",
            'for example roles = ["speaker", "listener"]',
        )
    for position, role in enumerate(roles):
        if role in _ROLES.reserved:
            reader.error(
                join("roles", position),
                f"'{role}' cannot be a role name",
                "it already means something in who or in {placeholders}",
            )
        elif not ROLE_PATTERN.match(role):
            reader.error(
                join("roles", position),
                f"role name '{role}' should use only a-z and '_'",
                "role names are also used as {placeholders}",
            )
    return roles


def _nudges(reader: Reader, value: object, roles: tuple[str, ...]) -> list[dict[str, Any]]:
    """The nudges' checked values (built into the model with the exercise)."""
    if value is None:
        return []
    if not isinstance(value, list):
        reader.error(
            "nudges",
            f"nudges should be a list of [[nudges]] tables, not {describe(value)}",
            "write [[nudges]] (two brackets) above each one",
        )
        return []
    nudges, seen = [], set()
    for position, raw in enumerate(value):
        key = join("nudges", position)
        table = reader.table(raw, key, NUDGE_KEYS, "a nudge")
        if table is None:
            continue
        if "id" not in table:
            reader.error(key, "this nudge has no id", 'add id = "…"')
        nudge_id = reader.text(table, key, "id")
        if not nudge_id and type(table.get("id")) is str:
            reader.error(join(key, "id"), "the nudge id is empty", 'for example id = "blame"')
        usable = bool(nudge_id) and reader.check_id(nudge_id, join(key, "id"), "the nudge id")
        if usable:
            if nudge_id in seen:
                reader.error(
                    join(key, "id"),
                    f"the nudge id '{nudge_id}' is used twice",
                    "give each nudge its own id",
                )
            seen.add(nudge_id)
        phrases = reader.texts(table, key, "phrases")
        if not phrases:
            reader.error(
                join(key, "phrases"),
                "this nudge has no phrases",
                'add phrases = ["…"], the words that bring it up',
            )
        elif not all(p.strip() for p in phrases):
            reader.error(join(key, "phrases"), "a phrase is empty")
        message = reader.text(table, key, "message", required=True, multiline=True)
        if "{" in message or "}" in message:
            check_nudge_message(reader, join(key, "message"), message, roles)
        if usable:  # without a usable id the file has an error, and no exercise is built
            nudges.append({"id": nudge_id, "phrases": phrases or (), "message": message})
    return nudges


def _steps(reader: Reader, value: object) -> list[Draft]:
    if value is None:
        reader.error("", "this exercise has no steps", 'add a [[steps]] table with kind = "read"')
        return []
    if not isinstance(value, list) or not value:
        reader.error(
            "steps",
            "steps should be a list of [[steps]] tables",
            "write [[steps]] (two brackets) above each step",
        )
        return []
    drafts = []
    for position, raw in enumerate(value):
        key = f"steps[{position}]"
        if isinstance(raw, dict):
            drafts.append(read_step(reader, raw, key))
        else:
            reader.error(key, f"each step should be a table, not {describe(raw)}")
    return drafts


def read_step(reader: Reader, table: dict[str, Any], key: str) -> Draft:
    """One step's keys checked on their own; the kind's own keys by its check."""
    given = table.get("kind")
    kind = given if isinstance(given, str) and given in STEP_SPECS else None
    if kind is not None:
        draft = Draft(key, kind)
        fields = reader.present(table, key, STEP_SPECS[kind], _STEP_NAMES[kind])
    else:
        if given is None:
            reader.error(
                key,
                "this step has no kind",
                'add kind = "read" (or pause, text, choice, scale, list, compose, '
                "compare, summary)",
            )
        else:
            reader.error(
                join(key, "kind"),
                f"unknown kind '{given}'",
                did_you_mean(str(given), STEP_KINDS) or "it can be " + ", ".join(STEP_KINDS),
            )
        draft = Draft(key, "")
        fields = reader.present(table, key, ALL_STEP_SPECS, "a step")
    draft.fields = fields
    step_id = fields.pop("id", None)
    if step_id is None:
        if "id" not in table:
            reader.error(key, "this step has no id", 'add id = "…", a short name used by branches')
    elif not step_id:
        reader.error(join(key, "id"), "the step id is empty", 'for example id = "welcome"')
    elif not ID_PATTERN.match(step_id):
        reader.check_id(step_id, join(key, "id"), "the step id")
    draft.id = step_id or ""
    if kind == "read" and not fields.get("text", "").strip():
        reader.blank(table, key, "text", 'add text = "…", what to take in')
    for name, longest in _LONGEST.items():
        length = len(fields.get(name, ""))
        if length > longest:
            reader.error(
                join(key, name),
                f"{name} is {length} characters long; up to {longest} reads well",
                "a step works best as a short prompt: split it over two steps"
                if name != "title"
                else "a title is a few words: the text can say more",
                severity="warning",
            )
    for name in ("text", "solo_text", "title"):
        if "{" in fields.get(name, ""):  # only these can hold placeholders to check
            draft.texts.append((join(key, name), fields[name]))
    branches = table.get("branches")
    if branches is not None:
        if isinstance(branches, list):
            for position, raw in enumerate(branches):
                branch_key = f"{key}.branches[{position}]"
                branch = reader.table(raw, branch_key, BRANCH_KEYS, "a branch")
                if branch is not None:
                    draft.branches.append((branch_key, branch))
        else:
            reader.error(
                join(key, "branches"), "branches should be a list of [[steps.branches]] tables"
            )
    if kind is not None:
        check = KIND_CHECKS.get(kind)
        if check is not None:
            check(reader, table, key, draft)
    return draft
