"""Exercise text's small formatting: paragraphs, ``- `` bullets, ``*emphasis*`` and ``**strong**``.

Our own rules, and nothing more: no markup language ever reads exercise text.
The parser turns text into lines of spans; the app turns those into Textual
``Content`` (``ui/text.py``), the worksheet into plain text or Markdown.

- A line that begins with ``- `` is a bullet; the ``- `` is its mark.
- ``**words**`` is strong and ``*words*`` is emphasis, within one line, when
  the words neither begin nor end with a space and hold no ``*``.
- A placeholder (``{name}``, ``{answer.STEP}``) is one piece: a ``*`` inside
  braces never opens emphasis, and emphasis may hold placeholders whole.
- Everything else stays as typed: a lone ``*``, ``2 * 3``, ``[b]``, ``$var``.

Nothing is lost but the marks: joining a parse's lines back (bullets with
their ``- ``) gives the text with only the consumed ``*`` taken out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal, TypeAlias

import attrs

Style: TypeAlias = Literal["", "em", "strong"]

BULLET = "- "
# A placeholder or a literal brace is one piece; then strong, then emphasis.
_PIECE = r"(?:\{\{|\}\}|\{[^{}\n]*\}|[^*{}\n])"
_INLINE = re.compile(
    r"(?P<brace>\{\{|\}\}|\{[^{}\n]*\})"
    rf"|\*\*(?P<strong>(?!\s){_PIECE}+?(?<!\s))\*\*"
    rf"|\*(?P<em>(?!\s){_PIECE}+?(?<!\s))\*"
)


@attrs.frozen
class Span:
    """A run of text in one style ("" for plain)."""

    text: str
    style: Style = ""


@attrs.frozen
class Line:
    """One line of text: its spans, and whether it is a bullet (shown with a mark)."""

    spans: tuple[Span, ...]
    bullet: bool = False

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


def _spans(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    last = 0
    for match in _INLINE.finditer(text):
        if match.group("brace") is not None:
            continue  # a placeholder stays whole, and as written
        if match.start() > last:
            spans.append(Span(text[last : match.start()]))
        strong = match.group("strong")
        spans.append(Span(strong, "strong") if strong else Span(match.group("em"), "em"))
        last = match.end()
    if last < len(text):
        spans.append(Span(text[last:]))
    return tuple(spans)


def parse(text: str) -> tuple[Line, ...]:
    """*text* as lines of styled spans; never raises, never drops more than the marks."""
    lines = []
    for raw in str(text).split("\n"):
        bullet = raw.startswith(BULLET)
        lines.append(Line(_spans(raw[len(BULLET) :] if bullet else raw), bullet))
    return tuple(lines)


def map_text(lines: tuple[Line, ...], change: Callable[[str], str]) -> tuple[Line, ...]:
    """*lines* with every span's text passed through *change* (to fill placeholders)."""
    return tuple(
        attrs.evolve(line, spans=tuple(attrs.evolve(s, text=change(s.text)) for s in line.spans))
        for line in lines
    )


def plain(text: str, bullet: str = "• ") -> str:
    """*text* for a plain-text page: marks taken out, bullets shown with *bullet*."""
    return "\n".join((bullet if line.bullet else "") + line.plain for line in parse(text))
