"""Two screens for people served by ``reconnect serve``: invitations on Home, one seat each."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import attrs
from textual.widgets import OptionList

from reconnect_tui.engine import Session
from reconnect_tui.engine.duo import Duo
from reconnect_tui.together import invites
from reconnect_tui.together.link import Host
from reconnect_tui.ui.app import ReconnectApp
from reconnect_tui.ui.keeping import open_keeper
from reconnect_tui.ui.screens.home import HomeScreen
from reconnect_tui.ui.screens.together import TogetherScreen
from reconnect_tui.ui.together import GuestChannel, owner_key
from tests.test_engine_duo import duo_for
from tests.ui.test_together import CLOCK, LIBRARY, SIZE, owner_app, paths_in, text_of, until


@contextlib.asynccontextmanager
async def sam_invites_alex(data_dir: Path) -> AsyncIterator[tuple[Duo, Host]]:
    """An owner as another process would be (its own process id), Sam inviting Alex."""
    duo = duo_for("daily-check-in")
    invitation = invites.create(
        data_dir,
        code=invites.new_code(),
        exercise="daily-check-in",
        title="Daily check-in",
        inviter="Sam",
        guest="Alex",
    )
    invitation = attrs.evolve(invitation, pid=os.getppid())  # alive, and not this process
    host = Host(
        duo, invitation, guest="b", session_id="s1", on_change=lambda: None, clock=time.monotonic
    )
    await host.start()
    try:
        yield duo, host
    finally:
        await host.stop("done")


def home_lines(app: ReconnectApp) -> str:
    listing = app.screen.query_one("#exercises", OptionList)
    return "\n".join(str(option.prompt) for option in listing.options)


def served(tmp_path: Path, person: str | None) -> ReconnectApp:
    paths = paths_in(tmp_path)
    keeper, _ = open_keeper(paths, LIBRARY)
    return ReconnectApp(paths=paths, library=LIBRARY, clock=CLOCK, keeper=keeper, person=person)


async def test_the_guests_home_offers_the_invitation_and_joins_it_as_that_person(
    tmp_path: Path,
) -> None:
    app = served(tmp_path, "Alex")
    assert app.paths is not None
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "Waiting for you" not in home_lines(app)
        async with sam_invites_alex(app.paths.data_dir) as (_duo, host):
            home = app.screen
            assert isinstance(home, HomeScreen)
            home._look_for_invitations()  # what Home's timer does every few seconds
            await pilot.pause()
            lines = home_lines(app)
            assert "Sam has opened Daily check-in for you both, on two screens." in lines
            listing = home.query_one("#exercises", OptionList)
            assert listing.highlighted is not None
            assert listing.get_option_at_index(listing.highlighted).id == "join:0"
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, TogetherScreen))
            screen = app.screen
            assert isinstance(screen, TogetherScreen)
            channel = screen.channel
            assert isinstance(channel, GuestChannel) and channel.as_person == "Alex"
            await until(pilot, lambda: channel.seat is not None)
            assert channel.person == "b" and host.partner_here


async def test_another_served_person_is_not_offered_it_and_the_whole_account_is(
    tmp_path: Path,
) -> None:
    robin = served(tmp_path / "r", "Robin")
    owner = served(tmp_path / "o", None)
    for app in (robin, owner):
        assert app.paths is not None
        async with sam_invites_alex(app.paths.data_dir), app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda app=app: isinstance(app.screen, HomeScreen))
            await pilot.pause()
            lines = home_lines(app)
            if app is robin:
                assert "Waiting for you" not in lines and "Sam" not in lines
            else:
                assert "Sam has opened Daily check-in for Sam and Alex, on two screens." in lines


async def test_an_owners_own_invitation_is_not_offered_on_its_own_home(tmp_path: Path) -> None:
    app = served(tmp_path, None)
    assert app.paths is not None
    async with app.run_test(size=SIZE):
        invitation = invites.create(
            app.paths.data_dir, code="ABC-DEF", exercise="daily-check-in", title="T",
            inviter="Sam", guest="Alex",
        )  # fmt: skip
        host = Host(
            duo_for("daily-check-in"),
            invitation,
            guest="b",
            session_id="s1",
            on_change=lambda: None,
            clock=time.monotonic,
        )
        await host.start()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.invitations() == []
        await host.stop("done")


def test_a_served_inviter_always_owns_their_own_seat() -> None:
    session = Session.start(
        LIBRARY.get("daily-check-in").exercise,  # type: ignore[union-attr]
        mode="together",
        names=["Alex", "Sam"],
        clock=CLOCK,
    )
    assert owner_key(session, "sam") == "b"  # picked up later, Sam is listed second
    assert owner_key(session, "Alex") == "a"
    assert owner_key(session, None) == "a"


async def test_a_served_inviter_is_told_the_invitation_waits_on_the_partners_home(
    tmp_path: Path,
) -> None:
    paths = paths_in(tmp_path)
    app = owner_app(paths, "daily-check-in", person="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(invites.open_invitations(paths.data_dir)))
        await until(pilot, lambda: "Waiting for Alex" in text_of(app))
        words = text_of(app)
        assert "this invitation is on their Home, ready to join." in words
        assert "reconnect join" not in words  # a served partner has no shell to run it in
