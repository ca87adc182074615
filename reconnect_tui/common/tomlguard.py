"""Read a file safely and parse its TOML within cheap bounds: the one TOML reader.

Every TOML file the program reads (exercises, themes, ``config.toml``,
session files) is parsed by :func:`parse`.

Exercise files may come from anywhere, so reading never blocks (a named pipe
is refused before it is opened), never reads more than :data:`MAX_BYTES`,
and never hands tomllib text that would make it work for seconds: Python
3.11's tomllib is quadratic in the number of parts of a dotted key, so a
single 80 KB ``a.a.a…`` key costs it about half a minute. The checks here are
a few regular expressions over the text, linear in its length.

Every function returns a value or a :class:`Problem`; none raises for bad input.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from itertools import accumulate
from pathlib import Path
from typing import Any

from reconnect_tui.common.problems import Problem

MAX_BYTES = 256 * 1024
MAX_KEY_LENGTH = 256
MAX_DEPTH = 32

# MAX_DEPTH + 1 dotted parts in a row, in a key or a table header. The
# look-behind makes each try start at the beginning of a word, which keeps the
# search linear even on one enormous word. It is searched for where strings
# hold only spaces (see _blank), so a quoted part of any length is one part.
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED = re.compile(rf"(?<![A-Za-z0-9_-])(?:{_KEY_PART}[ \t]*\.[ \t]*){{{MAX_DEPTH}}}")
_LONG_WORD = re.compile(rf"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{{{MAX_KEY_LENGTH + 1}}}")
_LINE_LIMITS = (
    (
        _DOTTED,
        f"a key here has more than {MAX_DEPTH} dotted parts",
        "exercise files need only a few levels",
    ),
    (
        _LONG_WORD,
        f"a key or word here is longer than {MAX_KEY_LENGTH} characters",
        "break it up with spaces, or shorten it",
    ),
)
_DELTA = {ord("("): 1, ord(")"): -1}


def _shape_of(byte: int) -> int:
    char = chr(byte)
    if char in "[{":
        return ord("(")
    if char in "]}":
        return ord(")")
    if char in ".\n":
        return byte
    return ord("k") if char.isascii() and (char.isalnum() or char in "_-") else ord(" ")


# The shape of a text, byte for byte: key characters as "k", brackets and
# braces alike as "(" and ")", dots and newlines as they are, anything else
# as a space. A long key is a long run of "k"; with only dots and newlines
# left, a line with enough dots for a deep key is a run of that many dots.
_SHAPE = bytes(map(_shape_of, range(256)))
_LONG_RUN = b"k" * (MAX_KEY_LENGTH + 1)
_DEEP_DOTS = b"." * MAX_DEPTH
# TOML's strings, where tomllib sees them in a valid file: a multi-line string
# may hold one or two quotes in a row and (a basic one) escapes, and may end
# with one or two quotes before its close. Where a file is not valid, tomllib
# stops there, so it never reaches a place that is read differently here.
_STRING = (
    r'"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{3,5}'
    r"|'''(?:[^']|'{1,2}(?!'))*'{3,5}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
)
_STRING_OR_COMMENT = re.compile(rf"{_STRING}|#[^\n]*")
# What matters for nesting: strings and comments (skipped) and brackets.
_NESTING = re.compile(rf"{_STRING}|#[^\n]*|[\[\]{{}}]")
_NOT_NEWLINE = re.compile(r"[^\n]")
_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")

_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def _kind_of(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not an ordinary file")


GONE = "there is no file here"
UNREADABLE = "this file could not be read"


def read_bytes(path: Path) -> bytes | Problem:
    """The bytes of *path*, or a problem when it is missing, odd or too large."""
    shown = str(path)
    try:
        info = os.stat(shown)
        if not stat.S_ISREG(info.st_mode):
            return Problem(
                path=shown,
                message=f"this is {_kind_of(info.st_mode)}, not an exercise file",
                hint="point to a .toml file",
            )
        if info.st_size > MAX_BYTES:
            return _too_large(shown)
        # Non-blocking, and checked again after opening: the file may have
        # been swapped for a pipe between the two looks.
        fd = os.open(shown, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return Problem(path=shown, message="this is not an ordinary file")
            chunks = []
            size = 0
            # Ask for the size stat gave (plus one, to notice growth), never past the limit.
            wanted = min(info.st_size + 1, MAX_BYTES + 1)
            while size <= MAX_BYTES:
                chunk = os.read(fd, wanted)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                wanted = MAX_BYTES + 1 - size
        finally:
            os.close(fd)
    except FileNotFoundError:
        return Problem(path=shown, message=GONE)
    except PermissionError:
        return Problem(path=shown, message="this file may not be read (permission denied)")
    except OSError as error:
        return Problem(path=shown, message=f"{UNREADABLE} ({error.strerror})")
    data = b"".join(chunks)
    if len(data) > MAX_BYTES:
        return _too_large(shown)
    return data


def _too_large(shown: str, limit: int = MAX_BYTES) -> Problem:
    return Problem(
        path=shown,
        message=f"this file is larger than {limit // 1024} KiB, so it was not read",
        hint="an exercise file is usually a few KiB; is this the right file?",
    )


def _problem_at(shown: str, data: bytes | str, offset: int, message: str, hint: str) -> Problem:
    """A problem placed at *offset*: 1-based line and column (columns count bytes in bytes)."""
    if isinstance(data, bytes):
        line, start = data.count(b"\n", 0, offset), data.rfind(b"\n", 0, offset)
    else:
        line, start = data.count("\n", 0, offset), data.rfind("\n", 0, offset)
    return Problem(path=shown, message=message, line=line + 1, column=offset - start, hint=hint)


def decode(data: bytes, shown: str) -> str | Problem:
    """*data* as text: UTF-8 without NUL bytes; a leading byte-order mark is dropped."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return _problem_at(
            shown,
            data,
            nul,
            "this file holds a NUL byte, so it is not a text file",
            "save it again as plain UTF-8 text",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _problem_at(
            shown,
            data,
            error.start,
            f"this file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
            "save it as UTF-8 text",
        )
    return text.removeprefix("\ufeff")


def check_bounds(
    text: str, shown: str, data: bytes | None = None, limit: int = MAX_BYTES
) -> Problem | None:
    """A problem when *text* would make the TOML parser work too hard.

    *data* is *text* as UTF-8, when the caller has it (a leading byte-order
    mark may be left on); else it is encoded here. *limit*: the most
    characters taken (session files may be larger than exercise files).
    """
    if len(text) > limit:
        return _too_large(shown, limit)
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    # Quick looks over the whole text's shape first: a deep dotted key needs
    # that many dots on one line, a long key that long a run of key characters.
    # Only then are the lines looked at closely (and the problem placed).
    shape = data.translate(_SHAPE)
    long = _LONG_RUN in shape
    marks = shape.translate(None, b"k ")  # dots, newlines and brackets
    deep = _DEEP_DOTS in marks.translate(None, b"()")
    if deep or long:
        problem = _long_or_deep_key(text, shown, deep=deep, long=long)
        if problem is not None:
            return problem
    # Brackets inside strings count here too; only when this rough count is
    # over the limit are strings and comments told apart.
    brackets = marks.translate(None, b".\n")
    if len(brackets) > MAX_DEPTH and _deeper_than_limit(brackets):
        return _too_deep(text, shown)
    return None


def _blank(token: re.Match[str]) -> str:
    """A string's insides, or a whole comment, as spaces; its quotes and newlines stay."""
    text = token.group()
    if text.startswith("#"):
        return " " * len(text)
    quotes = 3 if text[:3] in ('"""', "'''") else 1
    return text[:quotes] + _NOT_NEWLINE.sub(" ", text[quotes:-quotes]) + text[-quotes:]


def _long_or_deep_key(text: str, shown: str, *, deep: bool, long: bool) -> Problem | None:
    """A problem for the first key too deep or too long; *deep* and *long*: may there be one?

    The words inside strings and comments are not keys, so an answer or a
    prompt may hold any. A quoted key keeps its quotes, so it still counts as
    a part of a dotted key.
    """
    # A key never spans lines, so only a line with enough dots for a deep key,
    # or long enough for a long one, needs the closer (slower) look.
    deep_key, long_key = _LINE_LIMITS
    keys_only = _STRING_OR_COMMENT.sub(_blank, text)
    for number, line in enumerate(keys_only.split("\n"), start=1):
        if len(line) <= 2 * MAX_DEPTH:
            continue
        limits = []
        if deep and line.count(".") >= MAX_DEPTH:
            limits.append(deep_key)
        if long and len(line) > MAX_KEY_LENGTH:
            limits.append(long_key)
        for pattern, message, hint in limits:
            found = pattern.search(line)
            if found:
                return Problem(
                    path=shown, message=message, line=number, column=found.start() + 1, hint=hint
                )
    return None


def _deeper_than_limit(brackets: bytes) -> bool:
    """True when the running count of *brackets* (``(`` +1, ``)`` -1) goes over the limit."""
    # Each pass removes the innermost pairs, so nesting n deep is gone after
    # n passes; most files are gone after a few. What is left over (brackets
    # in strings that do not pair up) gets the exact count.
    rest = brackets
    for _ in range(MAX_DEPTH):
        shorter = rest.replace(b"()", b"")
        if not shorter:
            return False
        if len(shorter) == len(rest):
            break
        rest = shorter
    return max(accumulate(map(_DELTA.__getitem__, brackets))) > MAX_DEPTH


def _too_deep(text: str, shown: str) -> Problem | None:
    depth = 0
    for token in _NESTING.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return _problem_at(
                    shown,
                    text,
                    token.start(),
                    f"lists or tables here are nested more than {MAX_DEPTH} deep",
                    "exercise files need only a few levels",
                )
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def parse(
    text: str, shown: str, data: bytes | None = None, limit: int = MAX_BYTES
) -> dict[str, Any] | Problem:
    """The TOML data in *text*, after :func:`check_bounds`; or a problem.

    *data*: *text* as UTF-8, when the caller has it (see :func:`check_bounds`).
    """
    problem = check_bounds(text, shown, data, limit)
    if problem is not None:
        return problem
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return _syntax_problem(str(error), shown, text)
    except RecursionError:
        return Problem(
            path=shown,
            message="lists or tables in this file are nested too deeply",
            hint="exercise files need only a few levels",
        )


def _open_brace(text: str, line: int) -> bool:
    """Whether *line* (1-based) opens an inline table ``{`` that it does not close."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return False
    code = lines[line - 1].split("#", 1)[0]
    return code.count("{") > code.count("}")


# A few of tomllib's messages, said more plainly.
_SYNTAX_HINTS = (
    ("Cannot overwrite a value", "a key is set twice; keep one of them"),
    ("Cannot declare", "a table is declared twice; keep one of the headers"),
    ("Expected '=' after a key", "each line is `key = value`; text values need quotes"),
    ("Invalid value", 'text values need quotes, e.g. title = "…"'),
    ("Unterminated string", "a text value is missing its closing quote: close the quote"),
    # A line break inside a one-line string: the quote was never closed on its line.
    (
        "Illegal character '\\n'",
        'the text on this line has no closing quote: close the quote (or use """ for'
        " text over several lines)",
    ),
    ('Expected "\'"', "a text in single quotes has no closing ': close the quote"),
    ("Illegal character", "this character may not appear here; remove it"),
    ("Unclosed array", "a list is missing its closing ]"),
)


_INLINE_TABLE_HINT = (
    "an inline table { … } must be on one line: join the lines, or write it as a [table] of its own"
)


def _syntax_problem(message: str, shown: str, text: str = "") -> Problem:
    line = column = None
    place = _TOML_PLACE.search(message)
    if place:
        message = message[: place.start()]
        if place.group(1):
            line, column = int(place.group(1)), int(place.group(2))
    hint = next((h for start, h in _SYNTAX_HINTS if message.startswith(start)), "")
    if line is not None and _open_brace(text, line):
        hint = _INLINE_TABLE_HINT
    return Problem(
        path=shown,
        message=f"this is not valid TOML: {message[:1].lower()}{message[1:]}",
        line=line,
        column=column,
        hint=hint,
    )
