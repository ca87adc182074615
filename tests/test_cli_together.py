"""``reconnect join``: which invitation, said plainly when there is none or several."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import pytest

from reconnect_tui.cli import together as cli_together
from reconnect_tui.cli.main import main
from reconnect_tui.common.paths import Paths
from reconnect_tui.together import invites


def paths() -> Paths:
    short = Path(tempfile.mkdtemp(prefix="rt-"))
    return Paths(config_dir=short / "config", data_dir=short / "data")


def listen(invitation: invites.Invitation) -> None:
    """A socket file where the owner's would be (bound, so it is a real socket), and the note."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(invitation.socket))
    invites.publish(invitation)


def invite(where: Paths, code: str, title: str) -> invites.Invitation:
    invitation = invites.create(
        where.data_dir,
        code=code,
        exercise="daily-check-in",
        title=title,
        inviter="Sam",
        guest="Alex",
    )
    listen(invitation)
    return invitation


def test_no_invitation_says_how_to_make_one(capsys: pytest.CaptureFixture[str]) -> None:
    where = paths()
    assert cli_together.choose(where, None) is None
    assert "--two-screens" in capsys.readouterr().err


def test_one_invitation_is_joined_straight_away() -> None:
    where = paths()
    invitation = invite(where, "ABC-DEF", "Daily check-in")
    assert cli_together.choose(where, None) == (invitation, "ABC-DEF")


def test_a_code_picks_among_several_and_a_wrong_one_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    where = paths()
    invite(where, "ABC-DEF", "Daily check-in")
    second = invite(where, "GHJ-KMN", "Listening back")
    assert cli_together.choose(where, "ghj kmn") == (second, "GHJ-KMN")
    assert cli_together.choose(where, "ZZZ-ZZZ") is None
    assert "No open invitation has that code" in capsys.readouterr().err
    assert cli_together.choose(where, "no") is None
    assert "six letters and digits" in capsys.readouterr().err
    # Several and no terminal to ask in: the code is the way.
    assert cli_together.choose(where, None) is None
    assert "reconnect join CODE" in capsys.readouterr().err


def test_join_without_an_invitation_ends_with_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    where = paths()
    argv = ["--config-dir", str(where.config_dir), "--data-dir", str(where.data_dir), "join"]
    assert main(argv) == 1
    assert "No invitation is open" in capsys.readouterr().err


def test_as_one_person_only_their_invitations_are_offered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    where = paths()
    for_alex = invite(where, "ABC-DEF", "Daily check-in")
    for_sam = invites.create(
        where.data_dir,
        code="GHJ-KMN",
        exercise="daily-check-in",
        title="Listening back",
        inviter="Alex",
        guest="Sam",
    )
    listen(for_sam)
    # Two are open, but Alex is the guest of one only: it is joined straight away.
    assert cli_together.choose(where, None, "alex") == (for_alex, "ABC-DEF")
    assert cli_together.choose(where, None, "Sam") == (for_sam, "GHJ-KMN")
    # Sam's code does not open Alex's invitation, and nobody else is offered either.
    assert cli_together.choose(where, "ABC-DEF", "Sam") is None
    assert "No open invitation has that code" in capsys.readouterr().err
    assert cli_together.choose(where, None, "Robin") is None
    assert "No invitation is open" in capsys.readouterr().err
