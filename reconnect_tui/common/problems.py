"""Problems found in an exercise file, and where in the file they are.

The library collects every problem in a file rather than stopping at the
first. A problem starts with a key path (``steps[3].slots.feeling``, list
positions counted from 0); the line and column are filled in afterwards by
:func:`locate`, and only for files that have problems, so loading good files
stays fast.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

import attrs

from reconnect_tui.common.safetext import code_points, one_line


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong (or worth knowing) about an exercise file.

    Attributes:
        path: the file, as given or shown.
        message: what is wrong, in plain words.
        line: 1-based line, when known.
        column: 1-based column, when known.
        key: the key path inside the file, e.g. ``steps[3].slots.feeling``.
        hint: a suggestion, e.g. ``did you mean 'choice'?``.
        severity: ``error`` (the file is not loaded) or ``warning`` (it is).

    A message or hint that quotes text names each character nobody can see
    by its code point (``U+200B``), whichever check wrote it.
    """

    path: str
    message: str = attrs.field(converter=code_points)
    line: int | None = None
    column: int | None = None
    key: str = ""
    hint: str = attrs.field(default="", converter=code_points)
    severity: str = "error"

    def format(self) -> str:
        """``path:line:col: error: message`` (the place is left out when unknown)."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"


def report_lines(problems: Iterable[Problem]) -> list[str]:
    """Problems as terminal lines: ``path:line:col: error: message``, the hint indented below."""
    lines = []
    for problem in problems:
        lines.append(one_line(problem.format()))
        if problem.hint:
            lines.append(f"    hint: {one_line(problem.hint)}")
    return lines


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``did you mean 'x'?`` hint for a misspelt *word*, or ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


# A table header: [a.b] or [[a.b]], with optional spaces and quoted parts.
_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]#]+?)\s*\]\]?\s*(?:#.*)?$")
# The start of a key = value line: bare, quoted or dotted key before '='.
_KEY = re.compile(
    r"""\s*((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*="""
)
_KEY_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'""")
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_-]+)\s*=""")


def _parts(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in _KEY_PART.findall(dotted)]


def key_lines(text: str) -> dict[str, tuple[int, int]]:
    """Map each key path set in *text* to its (line, column), both 1-based.

    A light scan, not a TOML parser: it follows table headers and
    ``key =`` lines, counts ``[[array]]`` headers to number list entries,
    skips multi-line strings, and notes keys inside one-line inline tables.
    Good enough to point an author at the right line.
    """
    places: dict[str, tuple[int, int]] = {}
    counts: dict[str, int] = {}
    prefix = ""
    in_string = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = ""
            continue
        header = _HEADER.match(line)
        if header and "=" not in line.split("]", 1)[0]:
            parts = _parts(header.group(2))
            path = ""
            for position, part in enumerate(parts):
                path = f"{path}.{part}" if path else part
                last = position == len(parts) - 1
                if last and header.group(1) == "[[":
                    counts[path] = counts.get(path, -1) + 1
                    path = f"{path}[{counts[path]}]"
                elif not last and path in counts:
                    path = f"{path}[{counts[path]}]"
            prefix = path
            places.setdefault(prefix, (number, line.index("[") + 1))
            continue
        key = _KEY.match(line)
        if not key:
            continue
        full = ".".join([prefix, *_parts(key.group(1))] if prefix else _parts(key.group(1)))
        places.setdefault(full, (number, key.start(1) + 1))
        rest = line[key.end() :]
        for quote in ('"""', "'''"):
            if rest.count(quote) % 2 == 1:
                in_string = quote
        if "{" in rest:
            for inner in _INLINE_KEY.finditer(line, key.end()):
                places.setdefault(f"{full}.{inner.group(1)}", (number, inner.start(1) + 1))
    return places


_INDEX = re.compile(r"\[\d+\]$")


def locate(problems: Sequence[Problem], text: str) -> tuple[Problem, ...]:
    """Fill in line and column for problems that have a key path but no line."""
    if not any(p.key and p.line is None for p in problems):
        return tuple(problems)
    places = key_lines(text)
    located = []
    for problem in problems:
        if problem.key and problem.line is None:
            key = problem.key
            while key and key not in places:
                # Drop the last part: "steps[2].options[1]" -> "steps[2].options" -> …
                trimmed = _INDEX.sub("", key)
                key = trimmed if trimmed != key else key.rpartition(".")[0]
            if key:
                line, column = places[key]
                problem = attrs.evolve(problem, line=line, column=column)
        located.append(problem)
    return tuple(located)
