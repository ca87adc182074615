"""The support page: where to turn for help, and local contacts from ``support.toml``.

This module holds the one copy of the support text. The app's support screen
(``ui/screens/support.py``) and ``reconnect support`` both show it, and the
built-in ``finding-support`` exercise opens that screen instead of a session.
The words live in code, not in a file, so the page shows even when every
file around it is missing or broken.

A person or a counsellor may add contacts for where they live in
``support.toml`` in the config folder (see :data:`EXAMPLE` and
``docs/support.md``). It is read through ``common/tomlguard`` and checked like
every other file: problems are collected with their lines, and a broken file
never stops the page; the contacts that could be read are shown.

Nothing here writes anything, and neither does anything that shows the page.
No Textual: the command line uses this module too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from reconnect_tui.common import tomlguard
from reconnect_tui.common.problems import Problem, did_you_mean, locate
from reconnect_tui.common.safetext import clean, one_line

EXERCISE_ID = "finding-support"
"""The built-in exercise that opens this page (its id from before the page existed)."""

KEYS = ("ctrl+g", "f3")
KEY_WORDS = "Ctrl+G or F3"
"""The key that opens the page anywhere in the app, and how it is said in words."""

DOOR = f"If you need help from outside, {KEY_WORDS} shows where to turn. Nothing about it is saved."
"""The calm line that leads to the page: on Home and in Help."""

TITLE = "Finding support"
KEPT = "Nothing about opening this page is saved: no session, no history line, no export."
INTRO = (
    "Help from outside, the most urgent first. There is nothing to fill in here. "
    "If it is hard to read this with someone beside you, you can close it and come "
    "back to it on your own."
)


@attrs.frozen
class Section:
    """One part of the support text: a short heading and a few plain paragraphs."""

    title: str
    text: str


SECTIONS = (
    Section(
        "If you might hurt yourself",
        "If you are thinking about ending your life or harming yourself, please reach out "
        "today, not later. Call your local emergency number, or a crisis line, and say what "
        "is going on.\n\n"
        'To find a crisis line where you live, search for "crisis line" and the name of '
        "your country, or ask a doctor, a pharmacist or someone you trust to look it up "
        "with you.",
    ),
    Section(
        "If home doesn't feel safe",
        "Being made afraid, controlled, watched or checked up on, put down again and again, "
        "or hurt: these are abuse, and no one earns them.\n\n"
        "Where any of that is happening, exercises for two and couples counselling are not "
        "where to begin. Start with help for yourself alone, from a service that keeps what "
        "you say confidential. A doctor or local health service can point you to one. If "
        "you are in danger now, call your emergency number.",
    ),
    Section(
        "If the low has lasted",
        "Pulling away from people is often a sign of low mood or depression, not of caring "
        "less. When the heaviness lasts for weeks, sleep or appetite change, or little feels "
        "worth doing, it deserves care of its own.\n\n"
        "A therapist who sees you alone can help with that, and with grief, with trauma, and "
        "with old hurts that keep spilling into the present. A doctor is a good first door.",
    ),
    Section(
        "Counselling for the two of you",
        "When you both feel safe and want things to change, a couples counsellor offers a "
        "steady room and a trained pair of ears. A good one helps you see the pattern "
        "between you rather than choosing a winner.\n\n"
        "Counsellors differ. If one doesn't suit you, or seems to favour one of you, saying "
        "so or trying someone else is reasonable. It's also fine if one of you is readier "
        "than the other.",
    ),
    Section(
        "Finding someone who fits",
        "Places to ask: a doctor or local health service, who may know names or refer you; "
        "the register of a professional body for therapists in your country; a health "
        "insurer or an employer's assistance scheme, if you have one; community clinics and "
        "university training clinics, which often cost less.\n\n"
        "Many therapists will talk briefly before a first session. Ask how they work, and "
        "notice whether you feel at ease. Whenever you are ready, one call or one message "
        "is already a real step.",
    ),
)


# --- local contacts: support.toml ----------------------------------------------

FORMAT = 1
MAX_BYTES = 64 * 1024
MAX_CONTACTS = 40
MAX_HEADING = 80
FIELDS = {
    "name": 80,
    "phone": 60,
    "address": 240,
    "hours": 120,
    "web": 200,
    "note": 400,
}
"""Each contact's keys, and the most characters each may hold."""
MULTILINE = ("address", "note")
TOP_KEYS = ("format", "heading", "contacts")


@attrs.frozen(kw_only=True)
class Contact:
    """One local contact; every field cleaned and bounded, all but the name optional."""

    name: str
    phone: str = ""
    address: str = ""
    hours: str = ""
    web: str = ""
    note: str = ""

    def lines(self) -> list[tuple[str, str]]:
        """(field, value) for each field filled in, the name first, in reading order."""
        return [(field, getattr(self, field)) for field in FIELDS if getattr(self, field)]


@attrs.frozen(kw_only=True)
class LocalSupport:
    """What ``support.toml`` holds, as far as it could be read.

    Attributes:
        path: the file, as shown.
        found: whether there is a file at all (no file is not a problem).
        heading: the place these contacts are for, e.g. "Near us: Leeds"; may be "".
        contacts: the contacts that could be read.
        problems: what could not be read, each with its line where known.
    """

    path: str
    found: bool = False
    heading: str = ""
    contacts: tuple[Contact, ...] = ()
    problems: tuple[Problem, ...] = ()


def load_local(path: Path) -> LocalSupport:
    """Read and check ``support.toml`` at *path*; never raises, never writes."""
    shown = one_line(str(path))
    data = tomlguard.read_bytes(path)
    if isinstance(data, Problem):
        if data.message == tomlguard.GONE:
            return LocalSupport(path=shown)
        return LocalSupport(path=shown, found=True, problems=(data,))
    if len(data) > MAX_BYTES:
        return LocalSupport(
            path=shown,
            found=True,
            problems=(
                Problem(
                    path=shown,
                    message=f"this file is larger than {MAX_BYTES // 1024} KiB, so it was not read",
                    hint="a list of local contacts needs only a few KiB",
                ),
            ),
        )
    text = tomlguard.decode(data, shown)
    if isinstance(text, Problem):
        return LocalSupport(path=shown, found=True, problems=(text,))
    return check_local(text, shown)


def check_local(text: str, shown: str) -> LocalSupport:
    """Check the text of a ``support.toml`` (shown as *shown* in problems)."""
    data = tomlguard.parse(text, shown, limit=MAX_BYTES)
    if isinstance(data, Problem):
        return LocalSupport(path=shown, found=True, problems=(data,))
    problems: list[Problem] = []

    def problem(message: str, key: str = "", hint: str = "", *, severity: str = "error") -> None:
        problems.append(Problem(path=shown, message=message, key=key, hint=hint, severity=severity))

    version = data.get("format")
    if version is None:
        problem(
            "format = 1 is missing; the file was read as format 1",
            hint="put `format = 1` on the first line",
            severity="warning",
        )
    elif version != FORMAT:
        problem(
            f"format = {one_line(repr(version), 20)} is not one this version reads",
            "format",
            "this version of reconnect reads format = 1",
        )
        return _done(shown, (), "", problems, text)
    for key in data:
        if key not in TOP_KEYS:
            problem(
                f"'{one_line(key, 40)}' is not a key of support.toml; it was left out",
                key,
                did_you_mean(key, TOP_KEYS) or f"the keys are {', '.join(TOP_KEYS)}",
                severity="warning",
            )
    heading = ""
    if "heading" in data:
        raw = data["heading"]
        if isinstance(raw, str):
            heading = _bounded(raw, MAX_HEADING, "heading", problem, multiline=False)
        else:
            problem("heading should be text in quotes", "heading")
    contacts: list[Contact] = []
    raw_contacts = data.get("contacts", [])
    if not isinstance(raw_contacts, list):
        problem("contacts should be a list of [[contacts]] tables", "contacts")
        raw_contacts = []
    if len(raw_contacts) > MAX_CONTACTS:
        problem(
            f"there are more than {MAX_CONTACTS} contacts; the first {MAX_CONTACTS} are shown",
            "contacts",
            severity="warning",
        )
    for number, raw in enumerate(raw_contacts[:MAX_CONTACTS]):
        contact = _contact(raw, f"contacts[{number}]", problem)
        if contact is not None:
            contacts.append(contact)
    return _done(shown, tuple(contacts), heading, problems, text)


def _done(
    shown: str, contacts: tuple[Contact, ...], heading: str, problems: list[Problem], text: str
) -> LocalSupport:
    return LocalSupport(
        path=shown,
        found=True,
        heading=heading,
        contacts=contacts,
        problems=locate(problems, text),
    )


def _bounded(value: str, limit: int, key: str, problem: Any, *, multiline: bool) -> str:
    """*value* cleaned of control characters and cut to *limit* characters (said when cut)."""
    if multiline:
        lines = [" ".join(line.split()) for line in clean(value).strip().split("\n")]
        kept = "\n".join(lines)
    else:
        kept = one_line(value)
    if len(kept) > limit:
        problem(
            f"{key} is longer than {limit} characters; it was shortened",
            key,
            severity="warning",
        )
        kept = kept[: limit - 1].rstrip() + "…"
    return kept


def _contact(raw: object, key: str, problem: Any) -> Contact | None:
    if not isinstance(raw, dict):
        problem(f"{key} should be a [[contacts]] table", key)
        return None
    values: dict[str, str] = {}
    for field, value in raw.items():
        where = f"{key}.{field}"
        if field not in FIELDS:
            problem(
                f"'{one_line(field, 40)}' is not a contact key; it was left out",
                where,
                did_you_mean(field, FIELDS) or f"the keys are {', '.join(FIELDS)}",
                severity="warning",
            )
        elif not isinstance(value, str):
            problem(f"{field} should be text in quotes; it was left out", where)
        else:
            multiline = field in MULTILINE
            kept = _bounded(value, FIELDS[field], where, problem, multiline=multiline)
            if kept:
                values[field] = kept
    if not values.get("name"):
        problem(
            "this contact has no name, so it was left out",
            key,
            'give it one, e.g. name = "Local crisis line"',
        )
        return None
    return Contact(**values)


# --- the page as plain text (``reconnect support``) ------------------------------------


def page_text(local: LocalSupport) -> str:
    """The whole page as plain text: the sections, then any local contacts."""
    parts = [TITLE, "", INTRO, ""]
    for section in SECTIONS:
        parts += [section.title, section.text, ""]
    parts += contact_lines(local)
    parts += [KEPT, f"In the app, {KEY_WORDS} opens this page from anywhere."]
    return "\n".join(parts)


def contact_lines(local: LocalSupport) -> list[str]:
    """The local contacts as plain lines, ending with a blank line; none: nothing."""
    if not local.contacts:
        return []
    lines = [local.heading or "Near you", ""]
    for contact in local.contacts:
        for field, value in contact.lines():
            if field == "name":
                lines.append(value)
            else:
                lines += [f"  {field}: {line}" for line in value.split("\n")]
        lines.append("")
    return lines


EXAMPLE = """\
# Local support contacts for reconnect: shown on the support page
# (Ctrl+G or F3 in the app, or `reconnect support` in a terminal).
# Put this file in your config folder as support.toml (`reconnect paths`
# shows where that is). Every key but format and a contact's name is optional.
format = 1

# The place these contacts are for.
heading = "Near us"

[[contacts]]
name = "Emergency services"
phone = "the local emergency number"
note = "For danger right now, to you or to anyone else."

[[contacts]]
name = "Our doctor's practice"
phone = "the practice's number"
address = "the practice's street address"
hours = "weekdays, office hours"
note = "Can refer either of us to a therapist, or to a counsellor for the two of us."

[[contacts]]
name = "A confidential helpline for abuse at home"
web = "the service's web address"
hours = "day and night"
note = "For help on your own, first, when home does not feel safe."
"""
"""An example ``support.toml`` (``reconnect support --example``; ``docs/support.example.toml``)."""
