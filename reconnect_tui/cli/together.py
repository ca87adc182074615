"""``reconnect join``: find the invitation to join, by its code or by asking which one."""

from __future__ import annotations

import sys

from reconnect_tui.cli.output import err, out
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.safetext import one_line
from reconnect_tui.together.invites import Invitation, invitations_for, tidy_code

NONE_OPEN = (
    "No invitation is open just now. The person inviting starts with "
    "`reconnect start ID --together NAME NAME --two-screens`, or picks "
    '"each on our own screen" in Who\'s here; then run `reconnect join` again.'
)


def describe(invitation: Invitation) -> str:
    return one_line(f"{invitation.title}: {invitation.inviter} invites {invitation.guest}", 100)


def choose(
    paths: Paths, code: str | None, person: str | None = None
) -> tuple[Invitation, str] | None:
    """The invitation to join and its code; None after saying plainly why there is none.

    As one person (``--person``), only the invitations for that person are offered.
    """
    invitations = invitations_for(paths.data_dir, person)
    if code is not None:
        wanted = tidy_code(code)
        if not wanted:
            err("That doesn't look like a join code: six letters and digits, like K7M-P2Q.")
            return None
        for invitation in invitations:
            if invitation.code == wanted:
                return invitation, wanted
        err("No open invitation has that code. It may have ended; ask for the code again.")
        return None
    if not invitations:
        err(NONE_OPEN)
        return None
    if len(invitations) == 1:
        return invitations[0], invitations[0].code
    if not sys.stdin.isatty():
        err("Several invitations are open; run `reconnect join CODE` with the code you were given.")
        return None
    out("Several invitations are open:")
    for number, invitation in enumerate(invitations, 1):
        out(f"  {number}. {describe(invitation)}")
    try:
        answer = input(f"Which one would you like to join? (1-{len(invitations)}) ")
    except EOFError:
        return None
    if not answer.strip().isdigit() or not 1 <= int(answer) <= len(invitations):
        err("That isn't one of the numbers; run `reconnect join` again to pick.")
        return None
    picked = invitations[int(answer) - 1]
    return picked, picked.code
