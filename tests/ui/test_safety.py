"""Outside text is shown as text: markup, actions and escape sequences never act."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Input

from reconnect_tui.ui.app import ReconnectApp
from reconnect_tui.ui.screens.end import EndScreen
from reconnect_tui.ui.screens.handoff import HandoffScreen
from reconnect_tui.ui.text import show, show_line
from tests.ui.conftest import make_app, plain, record_notices, runner, screen_text
from tests.ui.fixtures import HOSTILE, hostile_exercise

LITERAL = "[bold]x[/] [@click=app.quit]quit[/]"


def test_show_is_literal_and_clean() -> None:
    content = show(HOSTILE)
    assert isinstance(content, Content)
    assert content.plain.startswith(LITERAL)
    assert "\x1b" not in content.plain and "\x07" not in content.plain
    assert not content.spans
    assert "\n" not in show_line("a\nb[/]").plain


async def test_hostile_exercise_through_every_widget() -> None:
    """Walk the hostile exercise for two, typing hostile answers into every field."""
    quits = []
    app = make_app(hostile_exercise(), start="hostile", mode="together", names=(HOSTILE, "[/]"))
    app.exit = lambda *args, **kwargs: quits.append(args)  # a live [@click] would call this
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = set()
        for _ in range(20):
            if isinstance(app.screen, EndScreen):
                break
            if isinstance(app.screen, HandoffScreen):
                text = plain(app, "Static")
                assert "keyboard to [/]." in text or LITERAL in text
                await pilot.press("enter")
                continue
            screen = runner(app)
            kind = screen.turn.step.kind
            seen.add(kind)
            text = plain(app, "Static")
            assert LITERAL in text, kind
            assert "\x1b" not in screen_text(app)
            for field in app.screen.query(Input):
                field.value = HOSTILE
            if kind == "text":
                await pilot.pause(0.7)  # the hostile nudge message shows literally
                assert LITERAL in plain(app, "#nudges")
            if kind == "choice":
                labels = [pick.label.plain for pick in app.screen.query("Pick")]
                assert "[/]" in labels and "[b]" in labels
                await pilot.click("#option-1")
            if kind == "scale":
                await pilot.press("3")
            if kind == "compare":
                # Border titles hold our Content, never parsed markup.
                titles = [
                    Content.from_markup(box.border_title or "")
                    for box in app.screen.query(".compare-box")
                ]
                assert LITERAL in titles[0].plain
                assert all(not title.spans for title in titles)
            if kind == "list":
                await pilot.press("enter")
            if kind == "compose":
                app.screen.query_one("#slot-a").value = 0
            await pilot.pause()
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert seen == {"read", "text", "choice", "scale", "list", "compose", "compare", "summary"}
        assert LITERAL in plain(app, "Static")
        assert not quits


async def test_notifications_and_theme_names_stay_literal() -> None:
    app = make_app(hostile_exercise(), start=HOSTILE, theme=HOSTILE)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(said) == 2
        assert all("[/]" in notice.message and "\x1b" not in notice.message for notice in said)
        assert all(not notice.markup for notice in said)
        assert isinstance(app, ReconnectApp) and app.is_running
