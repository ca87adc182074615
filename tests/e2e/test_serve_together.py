"""Two people over ``reconnect serve``, each with their own key and screen, in one session.

Sam invites from Who's here ("each on our own screen"), Alex finds the
invitation on Home and joins it; both do the daily check-in to the end. Each
client's bytes are checked: neither sees the other's words before the end.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

from tests.e2e.serve_harness import Harness, Output, running

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX pseudo-terminals"),
]

DOWN, TAB, CONTINUE = b"\x1b[B", b"\t", b"\x0e"  # ctrl+n: Continue (and Begin)


async def keys(process: object, *presses: bytes) -> None:
    """Press keys one at a time, as a person would (an escape sequence is one key)."""
    for press in presses:
        process.stdin.write(press)  # type: ignore[attr-defined]
        await asyncio.sleep(0.15)


async def open_as(h: Harness, name: str) -> tuple[object, object, Output]:
    conn = await h.connect(h.keys[name])
    app = await h.open_app(conn)
    return conn, app, Output(app.stdout)


def test_sam_invites_alex_joins_from_home_and_both_check_in_to_the_end(tmp_path: Path) -> None:
    # A socket's path must stay short (about 100 bytes): the folders sit near the root.
    short = Path(tempfile.mkdtemp(prefix="rt-"))

    async def go() -> None:
        async with running(short, real_app=True) as h:
            sam_conn, sam, sam_screen = await open_as(h, "Sam")
            await sam_screen.until(b"Daily check-in", 60)
            await keys(sam, DOWN, b"\r")
            await sam_screen.until(b"Who's here")
            # The two of us, Alex's name (Sam's own is fixed), each on our own screen, Begin.
            await keys(sam, TAB, TAB, DOWN, b" ", TAB, b"Alex", TAB, b" ", CONTINUE)
            await sam_screen.until(b"Waiting for Alex", 30)

            alex_conn, alex, alex_screen = await open_as(h, "Alex")
            home = await alex_screen.until(b"Sam has opened", 60)
            assert b"Welcome, Alex" in home
            await alex_screen.until(b"on two screens")
            await keys(alex, b"\r")  # the invitation is the first thing on Home
            await alex_screen.until(b"Two minutes", 30)

            await keys(sam, CONTINUE)
            await keys(alex, CONTINUE)
            await sam_screen.until(b"Mood")
            await alex_screen.until(b"Mood")
            # Alex answers everything while Sam is still on the first question.
            await keys(alex, b"4", CONTINUE)
            await alex_screen.until(b"Energy")
            await keys(alex, b"3", CONTINUE)
            await alex_screen.until(b"One appreciation")
            await keys(alex, b"ALEXSECRET", b"\r")
            await alex_screen.until(b"One small need")
            await keys(alex, CONTINUE)
            await alex_screen.until(b"still")
            await keys(sam, b"4", CONTINUE)
            await sam_screen.until(b"Energy")
            await keys(sam, b"3", CONTINUE)
            await sam_screen.until(b"One appreciation")
            await keys(sam, b"SAMSECRET", b"\r")
            await sam_screen.until(b"One small need")
            await asyncio.sleep(0.5)
            # Before the last answer that opens the end: nothing of the other's on either wire.
            assert b"ALEXSECRET" not in sam_screen.raw
            assert b"SAMSECRET" not in alex_screen.raw
            await keys(sam, CONTINUE)
            await sam_screen.until(b"Done", 30)
            await alex_screen.until(b"Done", 30)
            await keys(sam, CONTINUE)
            await keys(alex, CONTINUE)
            await sam_screen.until(b"the end of this one", 30)
            await alex_screen.until(b"the end, together", 30)
            for conn in (sam_conn, alex_conn):
                conn.close()  # type: ignore[attr-defined]

            finished = list((h.paths.data_dir / "sessions").rglob("*.toml"))
            assert len(finished) == 1
            saved = tomllib.loads(finished[0].read_text())
            assert saved["people"] == ["Sam", "Alex"]
            words = finished[0].read_text()
            assert "ALEXSECRET" in words and "SAMSECRET" in words  # both answers kept

    try:
        asyncio.run(go())
    finally:
        shutil.rmtree(short, ignore_errors=True)
