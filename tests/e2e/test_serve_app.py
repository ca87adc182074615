"""The real app over ``reconnect serve``: asyncssh's client, then OpenSSH's ``ssh -tt``."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pexpect
import pytest

from tests.e2e.serve_harness import Output, running

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX pseudo-terminals"),
]


def session_file(tmp_path: Path) -> dict:
    (path,) = (tmp_path / "data" / "sessions").glob("*.toml")
    return tomllib.loads(path.read_text())


def test_answer_drop_the_link_mid_answer_come_back_and_pick_up_the_draft(tmp_path: Path) -> None:
    async def go() -> None:
        async with running(tmp_path, real_app=True) as h:
            conn = await h.connect(h.keys["Alex"])
            app = await h.open_app(conn)
            screen = Output(app.stdout)
            home = await screen.until(b"Daily check-in", 60)
            assert b"Welcome, Alex" in home
            app.stdin.write(b"\x1b[B")  # down to the daily check-in
            await asyncio.sleep(0.3)
            app.stdin.write(b"\r")
            await screen.until(b"Who's here")
            app.stdin.write(b"\r")  # as Alex, Begin has the focus
            await screen.until(b"Two minutes")
            app.stdin.write(b"\r")
            await screen.until(b"mood")
            app.stdin.write(b"4\x0e")  # a number, then ctrl+n: Continue
            await screen.until(b"energy")
            app.stdin.write(b"3\x0e")
            await screen.until(b"appreciated")
            app.stdin.write(b"you made tea\r")
            await screen.until(b"small")
            app.stdin.write(b"a walk")
            await screen.until(b"walk")
            conn.abort()  # the link drops mid-answer
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    if session_file(tmp_path).get("draft", {}).get("value") == "a walk":
                        break
                except (ValueError, OSError):
                    pass
                await asyncio.sleep(0.1)
            saved = session_file(tmp_path)
            assert saved["people"] == ["Alex"]
            assert saved["draft"]["value"] == "a walk"  # the hang-up kept it

            # Sam sees nothing of Alex's session.
            async with await h.connect(h.keys["Sam"]) as sam:
                sam_app = await h.open_app(sam)
                seen = await Output(sam_app.stdout).until(b"Daily check-in", 60)
                assert b"Welcome, Sam" in seen
                assert b"Pick up" not in seen

            # Alex comes back: the session is offered first, and the draft is there.
            async with await h.connect(h.keys["Alex"]) as again:
                back = await h.open_app(again)
                back_screen = Output(back.stdout)
                await back_screen.until(b"Pick up where you left off", 60)
                await asyncio.sleep(0.3)
                back.stdin.write(b"\r")
                await back_screen.until(b"a walk")
                back.stdin.write(b"\x11")  # ctrl+q
                await asyncio.wait_for(back.wait_closed(), 10)
            log = h.log()
            assert "tea" not in log and "walk" not in log

    asyncio.run(asyncio.wait_for(go(), 240))


@pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the OpenSSH client (ssh)")
def test_openssh_client_with_strict_host_key_checking(tmp_path: Path) -> None:
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        pytest.skip("needs ssh-keygen")
    where = ["--config-dir", str(tmp_path / "cfg"), "--data-dir", str(tmp_path / "data")]
    command = [sys.executable, "-m", "reconnect_tui", *where]
    subprocess.run(
        [keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "alex")], check=True
    )
    subprocess.run(
        [*command, "serve", "keys", "add", "Alex", str(tmp_path / "alex.pub")], check=True
    )
    server = subprocess.Popen([*command, "serve", "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        printed, port = "", ""
        while not (printed and port):
            line = server.stderr.readline()
            assert line, "the server ended before it listened"
            if found := re.search(r"port (\d+)", line):
                port = found.group(1)
            if found := re.search(r"fingerprint: (SHA256:\S+)", line):
                printed = found.group(1)
        # known_hosts from the server's public key, checked against the printed fingerprint.
        public = subprocess.run(
            [keygen, "-y", "-f", str(tmp_path / "data" / "serve" / "host_ed25519")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        known = tmp_path / "known_hosts"
        known.write_text(f"[127.0.0.1]:{port} {public[0]} {public[1]}\n")
        listed = subprocess.run(
            [keygen, "-l", "-f", str(known)], check=True, capture_output=True, text=True
        ).stdout
        assert printed in listed
        child = pexpect.spawn(
            "ssh",
            [
                "-tt",
                "-F",
                "/dev/null",
                "-i",
                str(tmp_path / "alex"),
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "IdentityAgent=none",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                f"UserKnownHostsFile={known}",
                "-o",
                "BatchMode=yes",
                "-p",
                port,
                "127.0.0.1",
            ],
            env={**os.environ, "TERM": "xterm-256color"},
            dimensions=(24, 80),
            timeout=30,
        )
        try:
            child.expect("Welcome, Alex")
            child.send("\x11")  # ctrl+q
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
        server.send_signal(signal.SIGTERM)
        assert server.wait(10) == 0
        log = (tmp_path / "data" / "serve.log").read_text()
        assert "Alex came in from 127.0.0.1" in log
    finally:
        server.kill()
