"""An exercise as a readable, printable worksheet (``reconnect show``).

Authors use it to read their file the way a person would meet it; some people
prefer to do an exercise on paper. Two outputs: plain text, wrapped for a
terminal or a printer, and Markdown. Everything that came from the file is
cleaned first, and in Markdown the characters a renderer would act on are
escaped, so a file can never inject HTML or markup into the page.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from reconnect_tui.common.safetext import clean
from reconnect_tui.exercises.model import (
    Branch,
    ChoiceStep,
    CompareStep,
    ComposeStep,
    Condition,
    Exercise,
    LaterStep,
    ListStep,
    OptionGroup,
    PauseStep,
    ScaleStep,
    Step,
    SummaryStep,
    TextStep,
)
from reconnect_tui.exercises.prose import parse

FORMATS = ("text", "markdown")
WIDTH = 76
BLANK = "_" * 28

_AUDIENCE = {
    "solo": "on your own",
    "together": "for the two of you",
    "either": "for the two of you, or on your own",
}
# Placeholders as the engine knows them (see SPEC), plus {{ and }} for braces.
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_]+)(?:\.([a-z0-9-]+))?\}")
_TEMPLATE_SLOT = re.compile(r"\{\{|\}\}|\{([^{}]+)\}")


def render(exercise: Exercise, fmt: str = "text") -> str:
    """The worksheet for *exercise* as plain text or Markdown."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown worksheet format {fmt!r}")
    page = _Markdown() if fmt == "markdown" else _Text()
    _Worksheet(exercise, page).write()
    return page.result()


# --- the two kinds of page -------------------------------------------------


class _Text:
    """Plain text, wrapped; user text is cleaned but otherwise literal."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def esc(self, text: str) -> str:
        return clean(text)

    def title(self, text: str) -> None:
        text = " ".join(text.split())
        self.lines += [text, "=" * min(len(text), WIDTH), ""]

    def step_heading(self, text: str) -> None:
        self.lines += ["-" * WIDTH, text, ""]

    def note(self, text: str) -> None:
        self.paragraph(text)

    def paragraph(self, text: str) -> None:
        for part in re.split(r"\n\s*\n", text.strip("\n")):
            for line in part.split("\n"):
                self.lines += textwrap.wrap(line, WIDTH) or [""]
            self.lines.append("")

    def label(self, label: str, text: str) -> None:
        self.paragraph(f"{label} {text}")

    def items(self, entries: list[str], box: str = "[ ]", indent: int = 2) -> None:
        pad = " " * indent
        for entry in entries:
            self.lines += textwrap.wrap(
                f"{box} {entry}" if box else entry,
                WIDTH,
                initial_indent=pad,
                subsequent_indent=pad + " " * (len(box) + 1 if box else 0),
            )
        self.lines.append("")

    def heading_in_step(self, text: str) -> None:
        self.lines.append(f"  {text}")

    def blanks(self, count: int, numbered: bool = False) -> None:
        for number in range(1, count + 1):
            prefix = f"{number}. " if numbered else ""
            self.lines.append(f"  {prefix}{'_' * (WIDTH - 4 - len(prefix))}")
            self.lines.append("")

    def emph(self, text: str) -> str:
        return text

    def strong(self, text: str) -> str:
        return text

    bullet_box = "•"

    def prose(self, lines: list[tuple[bool, str]]) -> None:
        """Exercise text: paragraphs (split by blank lines) and runs of bullets."""
        paragraph: list[str] = []
        bullets: list[str] = []
        for bullet, text in [*lines, (False, "")]:
            if paragraph and (bullet or not text.strip()):
                self.paragraph("\n".join(paragraph))
                paragraph = []
            if bullets and not bullet:
                self.items(bullets, box=self.bullet_box)
                bullets = []
            if bullet:
                bullets.append(text)
            elif text.strip():
                paragraph.append(text)

    def blank(self) -> str:
        return BLANK

    def result(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


class _Markdown(_Text):
    """CommonMark: headings per step, check boxes for options, escaped user text."""

    # Characters that start emphasis, links, code, tables, raw HTML or entities.
    _ACTIVE = re.compile(r"([\\`*_\[\]|~#])")
    # The start of a line that would turn into a list item or a heading underline.
    _LINE_START = re.compile(r"^(\s*)(\d*)([-+=.)])", re.MULTILINE)

    def esc(self, text: str) -> str:
        text = clean(text)
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = self._ACTIVE.sub(r"\\\1", text)
        # "1." and "-" at the start of a line would start a list: escape the
        # punctuation (a backslash before a digit is no escape in CommonMark).
        return self._LINE_START.sub(self._escape_line_start, text)

    @staticmethod
    def _escape_line_start(match: re.Match[str]) -> str:
        indent, digits, mark = match.groups()
        if mark in ".)" and not digits:
            return match.group(0)
        return f"{indent}{digits}\\{mark}"

    def title(self, text: str) -> None:
        self.lines += [f"# {' '.join(text.split())}", ""]

    def step_heading(self, text: str) -> None:
        self.lines += [f"## {text}", ""]

    def note(self, text: str) -> None:
        self.lines += [f"*{text}*", ""]

    def paragraph(self, text: str) -> None:
        for part in re.split(r"\n\s*\n", text.strip("\n")):
            # A backslash at the end of a line is a hard line break in CommonMark.
            self.lines += [" \\\n".join(line.strip() for line in part.split("\n")), ""]

    def label(self, label: str, text: str) -> None:
        self.paragraph(f"**{label}** {text}")

    def items(self, entries: list[str], box: str = "[ ]", indent: int = 2) -> None:
        self.lines += [f"- {box} {entry}" if box else f"- {entry}" for entry in entries]
        self.lines.append("")

    def heading_in_step(self, text: str) -> None:
        self.lines += [f"**{text}**", ""]

    def blanks(self, count: int, numbered: bool = False) -> None:
        line = r"\_" * 40
        for number in range(1, count + 1):
            self.lines += [f"{number}. {line}" if numbered else line, ""]

    def emph(self, text: str) -> str:
        return f"*{text}*"

    def strong(self, text: str) -> str:
        return f"**{text}**"

    bullet_box = ""

    def blank(self) -> str:
        return r"\_" * 12


# --- what goes on the page -------------------------------------------------


class _Worksheet:
    def __init__(self, exercise: Exercise, page: _Text) -> None:
        self.exercise = exercise
        self.page = page
        self.numbers = {step.id: n for n, step in enumerate(exercise.steps, start=1)}
        self.here: Step | None = None

    def write(self) -> None:
        ex, page = self.exercise, self.page
        page.title(page.esc(ex.title))
        page.paragraph(page.esc(ex.summary))
        minutes = "1 minute" if ex.minutes == 1 else f"{ex.minutes} minutes"
        page.note(f"About {minutes} · {_AUDIENCE[ex.audience]} · depth: {ex.depth}")
        if ex.roles:
            roles = " and ".join(page.esc(role) for role in ex.roles)
            page.label("Roles:", f"{roles}. You swap when the exercise says so.")
        if ex.tags:
            page.label("Tags:", ", ".join(page.esc(tag) for tag in ex.tags))
        for step in ex.steps:
            self.step(step)
        if ex.nudges:
            page.step_heading("Gentle reminders")
            for nudge in ex.nudges:
                page.paragraph(page.esc(nudge.message))
                phrases = ", ".join(_quote(page.esc(phrase)) for phrase in nudge.phrases)
                page.note(f"Shown when an answer holds {phrases}.")

    def step(self, step: Step) -> None:
        self.here = step  # whose words a placeholder means depends on the step it is in
        page = self.page
        number = self.numbers[step.id]
        title = self.filled(step.title) if step.title else _KIND_TITLES[step.kind]
        page.step_heading(f"{number}. {title}")
        about = self.about(step)
        if about:
            page.note(" ".join(about))
        if step.text:
            page.prose(self.prose(step.text))
        if step.solo_text and self.exercise.audience != "solo":
            page.label("When alone:", self.filled(step.solo_text))
        _KIND_WRITERS.get(step.kind, _write_nothing)(self, step)
        for branch in step.branches:
            page.paragraph(self.branch(step, branch))

    def about(self, step: Step) -> list[str]:
        """Short notes on who answers and how, in the order a reader needs them."""
        notes = []
        if self.exercise.audience != "solo":
            if step.who == "each":
                notes.append("For each of you, one at a time.")
            elif step.who != "both":
                notes.append(f"For the {self.page.esc(step.who)}.")
            elif self.exercise.audience == "together" or step.only == "together":
                notes.append("For both of you together.")
        if step.only == "together":
            notes.append("Only when you do this together.")
        elif step.only == "solo":
            notes.append("Only when you do this on your own.")
        if step.private and self.exercise.audience != "solo":
            notes.append("Kept private until a later step shares it.")
        if step.optional:
            notes.append("You may skip this step.")
        if step.min_seconds and step.kind != "pause":
            notes.append(f"Take at least {_duration(step.min_seconds)} here.")
        return notes

    def filled(self, text: str) -> str:
        """*text*, escaped, with placeholders put in words a reader understands on paper."""
        esc = self.page.esc
        pieces, last = [], 0
        for match in _PLACEHOLDER.finditer(text):
            pieces.append(esc(text[last : match.start()]))
            pieces.append(esc(self.placeholder(match)))
            last = match.end()
        pieces.append(esc(text[last:]))
        return "".join(pieces)

    def prose(self, text: str) -> list[tuple[bool, str]]:
        """*text* read as exercise prose: (is a bullet, the line escaped and filled) per line."""
        styles: dict[str, Callable[[str], str]] = {
            "": str,
            "em": self.page.emph,
            "strong": self.page.strong,
        }
        return [
            (
                line.bullet,
                "".join(styles[span.style](self.filled(span.text)) for span in line.spans),
            )
            for line in parse(clean(text))
        ]

    def placeholder(self, match: re.Match[str]) -> str:
        whole, name, ref = match.group(0), match.group(1), match.group(2)
        if whole in ("{{", "}}"):
            return whole[0]
        if ref is not None:
            where = self.step_ref(ref)
            if name == "answer":
                return f"[{self.whose(ref)} answer to {where}]"
            if name == "partner_answer":
                return f"[your partner's answer to {where}]"
            role = name.removesuffix("_answer")
            if name.endswith("_answer") and role in self.exercise.roles:
                return f"[the {role}'s answer to {where}]"
            return whole
        if name == "name":
            return "[your name]"
        if name == "partner":
            return "[your partner's name]"
        if name in self.exercise.roles:
            return f"[the {name}]"
        return whole

    def whose(self, step_id: str) -> str:
        """Whose answer ``{answer.STEP}`` shows here: "your", "the speaker's", "your shared".

        On a step for one role, an answer given by the other role is theirs
        (the engine shows it, as nobody here answered it), not the reader's.
        """
        there = self.exercise.step(step_id) if step_id in self.numbers else None
        if there is None or self.exercise.audience == "solo":
            return "your"
        if there.who == "both" and self.exercise.audience == "together":
            return "your shared"
        here = self.here.who if self.here is not None else "both"
        if there.who in self.exercise.roles and there.who != here:
            return f"the {self.page.esc(there.who)}'s"
        return "your"

    def step_ref(self, step_id: str) -> str:
        number = self.numbers.get(step_id)
        return f"step {number}" if number else f"step {step_id!r}"

    def branch(self, step: Step, branch: Branch) -> str:
        """A branch in words: "If the answer here is below 4, go back to step 3 …"."""
        target = self.numbers.get(branch.goto, 0)
        here = self.numbers[step.id]
        goto = self.filled(self.exercise.step(branch.goto).title) if target else ""
        named = f" {_quote(goto)}" if goto else ""
        if target == here:
            where = "do this step again"
        elif target and target < here:
            where = f"go back to step {target}{named}"
        else:
            where = f"go on to step {target}{named}" if target else f"go to {branch.goto}"
        if branch.swap_roles:
            where += " and swap roles"
        if branch.limit:
            times = "once" if branch.limit == 1 else f"{branch.limit} times"
            where += f" (at most {times})"
        if branch.when is None:
            # After branches with a test, one without is what happens when none held.
            fallback = step.branches.index(branch) > 0
            return f"Otherwise, {where}." if fallback else f"Then {where}."
        return f"If {self.condition(step, branch.when)}, {where}."

    def condition(self, step: Step, when: Condition) -> str:
        subject = (
            "the answer here"
            if when.step == step.id
            else (f"the answer to {self.step_ref(when.step)}")
        )
        if when.match is not None and self.exercise.step(when.step).who == "each":
            # Two answers: say whether one of them is enough.
            subject = subject.replace(
                "the answer", "both answers" if when.match == "both" else "either answer", 1
            )
        both = "both answers" in subject
        verb, has = ("are", "include") if both else ("is", "includes")
        value = when.value
        shown = str(value) if isinstance(value, int) else _quote(self.page.esc(str(value)))
        if when.op == "answered":
            which = "this step" if when.step == step.id else self.step_ref(when.step)
            return f"{which} was {'answered' if value else 'skipped'}"
        if when.op == "below":
            return f"{subject} {verb} below {value}"
        if when.op == "at_least":
            return f"{subject} {verb} {value} or more"
        if when.op == "includes":
            return f"{subject} {has} {shown}"
        return f"{subject} {verb} {shown}"


# --- one writer per step kind ---------------------------------------------


def _write_nothing(sheet: _Worksheet, step: Step) -> None:
    return None


def _write_pause(sheet: _Worksheet, step: PauseStep) -> None:
    line = f"Pause for {_duration(step.seconds)}"
    if step.min_seconds and step.min_seconds < step.seconds:
        line += f" (you may end it after {_duration(step.min_seconds)})"
    sheet.page.paragraph(line + ".")
    rhythm = step.rhythm
    if rhythm:
        phases = [f"breathe in for {_duration(rhythm.inhale)}"]
        if rhythm.hold_in:
            phases.append(f"hold for {_duration(rhythm.hold_in)}")
        phases.append(f"breathe out for {_duration(rhythm.exhale)}")
        if rhythm.hold_out:
            phases.append(f"rest for {_duration(rhythm.hold_out)}")
        sheet.page.paragraph("Slowly, " + ", ".join(phases) + ", and again.")


def _write_text(sheet: _Worksheet, step: TextStep) -> None:
    if step.placeholder:
        sheet.page.label("For example:", sheet.page.esc(step.placeholder))
    sheet.page.blanks(4 if step.multiline else 1)


def _groups(sheet: _Worksheet, groups: tuple[OptionGroup, ...], other: bool) -> None:
    page = sheet.page
    for group in groups:
        if group.label:
            page.heading_in_step(page.esc(group.label))
        page.items([page.esc(option) for option in group.options])
    if other:
        page.items([f"Something else: {page.blank()}"])


def _write_choice(sheet: _Worksheet, step: ChoiceStep) -> None:
    if not step.multiple:
        how = "Pick one."
    else:
        most = step.max_picks or len(step.options)
        if step.min_picks <= 1 and most >= len(step.options):
            how = "Pick any that fit."
        elif step.min_picks <= 1:
            how = f"Pick up to {most}."
        elif step.min_picks == most:
            how = f"Pick {most}."
        else:
            how = f"Pick {max(step.min_picks, 1)} to {most}."
    sheet.page.note(how)
    if step.options_from:
        whose = {"own": "your own", "partner": "your partner's"}.get(
            step.options_of, f"the {sheet.page.esc(step.options_of)}'s"
        )
        sheet.page.paragraph(
            f"Choose from {whose} list in {sheet.step_ref(step.options_from)}"
            " (or, with nothing listed there, answer in a few words):"
        )
        sheet.page.blanks(1)
        return
    _groups(sheet, step.groups, step.other)


def _write_scale(sheet: _Worksheet, step: ScaleStep) -> None:
    page = sheet.page
    low = f"{step.min} ({page.esc(step.min_label)})" if step.min_label else str(step.min)
    high = f"{step.max} ({page.esc(step.max_label)})" if step.max_label else str(step.max)
    if step.max - step.min <= 10:
        middle = [str(n) for n in range(step.min + 1, step.max)]
        line = "   ".join([low, *middle, high])
        page.paragraph(f"Circle one:  {line}")
    else:
        page.paragraph(f"A number from {low} to {high}: {page.blank()}")


def _write_list(sheet: _Worksheet, step: ListStep) -> None:
    page = sheet.page
    if step.placeholder:
        page.label("For example:", page.esc(step.placeholder))
    if step.min_items > 1:
        page.note(f"At least {step.min_items}, up to {step.max_items}.")
    else:
        page.note(f"Up to {step.max_items}.")
    page.blanks(min(max(step.min_items, 3), step.max_items), numbered=True)


def _write_compose(sheet: _Worksheet, step: ComposeStep) -> None:
    page = sheet.page
    pieces, last = [], 0
    for match in _TEMPLATE_SLOT.finditer(step.template):
        pieces.append(page.esc(step.template[last : match.start()]))
        name = match.group(1)
        if name is None:
            pieces.append(page.esc(match.group(0)[0]))
        else:
            pieces.append(f"{page.blank()} ({page.esc(name)})")
        last = match.end()
    pieces.append(page.esc(step.template[last:]))
    page.paragraph(page.emph("".join(pieces)))
    for slot in step.slots:
        if slot.prompt:
            line = sheet.filled(slot.prompt)
        else:
            line = "Pick one." if slot.kind == "choice" else "In your own words."
        if slot.optional:
            line += " (This one may stay empty.)"
        page.label(f"{page.esc(slot.name)}:", line)
        if slot.kind == "choice":
            _groups(sheet, slot.groups, slot.other)
        elif slot.placeholder:
            page.label("For example:", page.esc(slot.placeholder))


def _write_compare(sheet: _Worksheet, step: CompareStep) -> None:
    page = sheet.page
    page.paragraph(
        f"Put your two lists from {sheet.step_ref(step.step)} side by side and sort what you find."
    )
    page.heading_in_step(page.esc(step.both_label))
    page.blanks(2)
    for who in ("[one of you]", "[the other]"):
        pieces = step.only_label.split("{person}")
        page.heading_in_step(page.esc(who).join(page.esc(piece) for piece in pieces))
        page.blanks(2)


def _write_summary(sheet: _Worksheet, step: SummaryStep) -> None:
    if step.steps:
        named = [sheet.step_ref(step_id) for step_id in step.steps]
        which = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        text = f"Look back over what you wrote in {which}."
    else:
        text = "Look back over everything you wrote so far."
    gathered = set(step.steps) or {other.id for other in sheet.exercise.steps}
    if sheet.exercise.audience != "solo" and any(
        other.private for other in sheet.exercise.steps if other.id in gathered
    ):
        text += " Answers kept private until now are shared here."
    sheet.page.paragraph(text)


def _write_later(sheet: _Worksheet, step: LaterStep) -> None:
    page = sheet.page
    page.paragraph(
        "Stop here for now, and come back "
        + page.esc(step.come_back)
        + (
            " (or " + " / ".join(page.esc(t) for t in step.other_times) + ")"
            if step.other_times
            else ""
        )
        + ". Everything so far waits for you."
    )
    page.paragraph(f"Coming back on: {page.blank()}")


_KIND_WRITERS: dict[str, Callable[..., None]] = {
    "pause": _write_pause,
    "text": _write_text,
    "choice": _write_choice,
    "scale": _write_scale,
    "list": _write_list,
    "compose": _write_compose,
    "compare": _write_compare,
    "summary": _write_summary,
    "later": _write_later,
}
_KIND_TITLES = {
    "read": "Read",
    "pause": "Pause",
    "text": "Write",
    "choice": "Choose",
    "scale": "Rate",
    "list": "List",
    "compose": "Put it into words",
    "compare": "Compare",
    "summary": "Look back",
    "later": "Come back later",
}


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60 or seconds % 60:
        if seconds > 90:
            minutes, rest = divmod(seconds, 60)
            return f"{minutes} min {rest} s"
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    minutes = seconds // 60
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _quote(text: str) -> str:
    return f"“{text}”"
