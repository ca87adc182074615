"""``reconnect support``: the support page in the terminal, and an example ``support.toml``.

It prints the same text as the app's support screen, with any local contacts
from ``support.toml``; problems in that file go to standard error as
``file:line: message``, after the page, and never stop it. It writes nothing:
no session, no history line, nothing in the data folder.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import TYPE_CHECKING

from reconnect_tui import support
from reconnect_tui.cli.output import err, out
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.problems import report_lines

if TYPE_CHECKING:
    import argparse


def cmd_support(args: argparse.Namespace, paths: Paths) -> int:
    if args.example:
        out(support.EXAMPLE, end="")
        return 0
    local = support.load_local(paths.support_file)
    text = support.page_text(local)
    if not local.found:
        text += (
            f"\n\nLocal contacts can be added in {paths.support_file}: "
            "`reconnect support --example` prints a file to start from."
        )
    out(wrapped(text))
    if local.problems:
        err("")
        err("Some of support.toml could not be read; the contacts above are the ones that could:")
        for line in report_lines(local.problems):
            err(line)
    # The page was shown; a problem in the optional contacts file is not a failure of it.
    return 0


def wrapped(text: str) -> str:
    """*text* wrapped to the terminal (at most 78 columns), keeping each line's indent."""
    width = min(shutil.get_terminal_size((80, 24)).columns, 80) - 2
    lines = []
    for line in text.split("\n"):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        lines.append(
            textwrap.fill(
                line,
                width,
                subsequent_indent=indent + "  " * bool(indent),
                break_long_words=False,  # a path or a web address stays whole
                break_on_hyphens=False,  # and so does --example
            )
            or line
        )
    return "\n".join(lines)


COMMANDS = {"support": cmd_support}
