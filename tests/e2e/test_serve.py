"""``reconnect serve`` end to end with asyncssh's client: who gets in, what is refused, the limits.

A small stand-in app (``serve_harness.FAKE_APP``) keeps these quick; the real
app over the server is in ``test_serve_app.py``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import asyncssh
import pytest

from reconnect_tui.serve.limits import Limits
from tests.e2e.serve_harness import new_key, read_until, ready_info, running

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX pseudo-terminals")


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(asyncio.wait_for(coro, 60))


def test_a_known_key_gets_the_app_as_that_person_with_its_terminal(tmp_path: Path) -> None:
    async def go() -> None:
        async with running(tmp_path) as h:
            async with await h.connect(h.keys["Alex"]) as conn:
                app = await h.open_app(conn, term_size=(90, 30))
                info = await ready_info(app)
                assert info["person"] == "Alex"
                assert info["size"] == [90, 30]
                assert info["env"]["TERM"] == "xterm-256color"
                app.change_terminal_size(100, 33)  # window-change -> TIOCSWINSZ + SIGWINCH
                await read_until(app.stdout, b"SIZE 100x33")
                app.stdin.write(b"secret words typed")
                await read_until(app.stdout, b"GOT 18")
            log = h.log()
            assert "Alex came in from 127.0.0.1 with key SHA256:" in log
            assert h.keys["Alex"].get_fingerprint("sha256") in log
            assert "secret" not in log  # never any typed text
            assert "Alex came in" in h.stderr.getvalue()
            assert stat.S_IMODE(os.stat(h.paths.data_dir / "serve.log").st_mode) == 0o600

    run(go())


def test_the_host_key_is_made_once_private_and_its_fingerprint_shown(tmp_path: Path) -> None:
    async def go() -> tuple[str, str]:
        async with running(tmp_path) as h:
            first = h.stderr.getvalue()
            key = h.paths.data_dir / "serve" / "host_ed25519"
            assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
            assert h.server.host_key is not None
            printed = h.server.host_key.get_fingerprint("sha256")
            assert f"host key fingerprint: {printed}" in first
            assert "made a new host key" in first
        async with running(tmp_path) as again:
            assert again.server.host_key is not None
            assert "made a new host key" not in again.stderr.getvalue()
            return printed, again.server.host_key.get_fingerprint("sha256")

    before, after = run(go())
    assert before == after


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    async def go() -> None:
        async with running(tmp_path) as h:
            with pytest.raises(asyncssh.PermissionDenied):
                await h.connect(new_key())
            assert "unknown key SHA256:" in h.log()

    run(go())


@pytest.mark.parametrize(
    "options",
    [
        {"password": "hunter2", "preferred_auth": "password"},
        {"password": "hunter2", "preferred_auth": "keyboard-interactive"},
        {"preferred_auth": "password,keyboard-interactive,hostbased"},
    ],
    ids=["password", "keyboard-interactive", "no-key"],
)
def test_every_login_but_a_key_is_refused(tmp_path: Path, options: dict) -> None:
    async def go() -> None:
        async with running(tmp_path) as h:
            with pytest.raises(asyncssh.PermissionDenied):
                await h.connect(None, **options)

    run(go())


def test_commands_and_subsystems_are_refused(tmp_path: Path) -> None:
    async def go() -> None:
        async with running(tmp_path) as h, await h.connect(h.keys["Alex"]) as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.run("cat /etc/passwd", term_type="xterm")
            with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
                await conn.start_sftp_client()
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.create_process(subsystem="shell-please", term_type="xterm")
            log = h.log()
            assert "Alex: running a command refused" in log
            assert "cat /etc/passwd" not in log
            assert "Alex: sftp refused" in log

    run(go())


def test_forwarding_of_every_kind_is_refused(tmp_path: Path) -> None:
    async def go() -> None:
        async with running(tmp_path) as h, await h.connect(h.keys["Alex"]) as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", h.port)
            with pytest.raises(asyncssh.ChannelListenError):
                await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 9)
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.create_unix_connection(asyncssh.SSHUNIXSession, "/tmp/x.sock")
            with pytest.raises(asyncssh.ChannelListenError):
                await conn.forward_remote_path(str(tmp_path / "r.sock"), "/tmp/x.sock")
            log = h.log()
            for what in ("port forwarding (local)", "port forwarding (remote)"):
                assert f"Alex: {what} refused" in log

    run(go())


def test_agent_and_x11_forwarding_are_refused(tmp_path: Path) -> None:
    async def go() -> None:
        agent = tmp_path / "agent.sock"
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(str(agent))
        async with running(tmp_path) as h:
            conn = await h.connect(h.keys["Alex"], agent_forwarding=True, agent_path=str(agent))
            async with conn:
                app = await h.open_app(conn)
                info = await ready_info(app)
                assert "SSH_AUTH_SOCK" not in info["env"]
                (served,) = h.server.connections
                assert served.conn is not None
                assert served.conn.get_agent_path() is None
            conn = await h.connect(h.keys["Sam"], x11_forwarding=True, x11_display="127.0.0.1:9")
            async with conn:
                with pytest.raises(asyncssh.ChannelOpenError):
                    await h.open_app(conn)
        listener.close()

    run(go())


def test_only_terminal_and_language_variables_reach_the_app(tmp_path: Path) -> None:
    sent = {
        "LANG": "de_DE.UTF-8",
        "LC_ALL": "de_DE.UTF-8",
        "COLORTERM": "truecolor",
        "LD_PRELOAD": "/tmp/evil.so",
        "PYTHONSTARTUP": "/tmp/evil.py",
        "RECONNECT_DATA_DIR": "/tmp/elsewhere",
        "PATH": "/tmp/evil",
    }

    async def go() -> None:
        async with running(tmp_path) as h, await h.connect(h.keys["Sam"]) as conn:
            app = await h.open_app(conn, env=sent)
            env = (await ready_info(app))["env"]
            assert env["LANG"] == env["LC_ALL"] == "de_DE.UTF-8"
            assert env["COLORTERM"] == "truecolor"
            for name in ("LD_PRELOAD", "PYTHONSTARTUP", "RECONNECT_DATA_DIR"):
                assert name not in env
            assert env.get("PATH") != "/tmp/evil"
            log = h.log()
            assert "Sam: environment variable LD_PRELOAD refused" in log
            assert "/tmp/evil" not in log  # names only, never values

    run(go())


def test_a_session_without_a_terminal_is_told_how_to_connect(tmp_path: Path) -> None:
    async def go() -> None:
        async with running(tmp_path) as h, await h.connect(h.keys["Alex"]) as conn:
            process = await conn.create_process(encoding=None)  # no pty asked for
            out = await process.stdout.read()
            await process.wait_closed()
            assert b"ssh -t -p " + str(h.port).encode() in out
            assert out.count(b"\n") == 1
            assert process.exit_status == 1
            assert "without a terminal refused" in h.log()

    run(go())


def test_the_login_grace_time_closes_a_silent_connection(tmp_path: Path) -> None:
    async def go() -> float:
        async with running(tmp_path, Limits(login_grace=0.5)) as h:
            reader, writer = await asyncio.open_connection("127.0.0.1", h.port)
            writer.write(b"SSH-2.0-silent\r\n")
            start = time.monotonic()
            while await reader.read(4096):
                pass
            writer.close()
            return time.monotonic() - start

    assert run(go()) < 3.0


def test_connections_at_once_are_limited(tmp_path: Path) -> None:
    async def go() -> None:
        async with running(tmp_path, Limits(connections=2, per_person=2)) as h:
            first = await h.connect(h.keys["Alex"])
            second = await h.connect(h.keys["Sam"])
            with pytest.raises((asyncssh.Error, OSError)):
                await h.connect(h.keys["Sam"])
            assert "already 2 connections" in h.log()
            first.close()
            await first.wait_closed()
            await asyncio.sleep(0.2)
            third = await h.connect(h.keys["Sam"])  # room again
            third.close()
            second.close()

    run(go())


def test_connections_per_person_are_limited(tmp_path: Path) -> None:
    async def go() -> None:
        limits = Limits(connections=4, per_person=1)
        async with running(tmp_path, limits) as h, await h.connect(h.keys["Alex"]) as one:
            await ready_info(await h.open_app(one))
            async with await h.connect(h.keys["Alex"]) as two:
                busy = await h.open_app(two)
                out = await busy.stdout.read()
                await busy.wait_closed()
                assert b"Alex is already here in another window" in out
                assert busy.exit_status == 1
            async with await h.connect(h.keys["Sam"]) as sam:
                assert (await ready_info(await h.open_app(sam)))["person"] == "Sam"

    run(go())


def test_failed_logins_make_an_address_wait(tmp_path: Path) -> None:
    async def go() -> None:
        limits = Limits(failed_logins=2, throttle_seconds=60, auth_tries=6)
        async with running(tmp_path, limits) as h:
            for _ in range(2):
                with pytest.raises(asyncssh.PermissionDenied):
                    await h.connect(new_key())
            await asyncio.sleep(0.2)
            with pytest.raises((asyncssh.Error, OSError)):
                await h.connect(h.keys["Alex"])  # even a good key waits now
            assert "too many failed logins lately" in h.log()

    run(go())


def test_a_connection_may_offer_only_so_many_keys(tmp_path: Path) -> None:
    async def go() -> None:
        async with running(tmp_path, Limits(auth_tries=2)) as h:
            keys = [new_key(), new_key(), h.keys["Alex"]]
            with pytest.raises((asyncssh.Error, OSError)):
                await h.connect(None, client_keys=keys)
            assert "too many keys offered" in h.log()

    run(go())


class FreezingProxy:
    """A TCP relay that can stop passing bytes without closing: a dead link."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.frozen = False
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            while data := await src.read(65536):
                if not self.frozen:
                    dst.write(data)

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


def test_keepalives_notice_a_dead_link_and_the_app_hangs_up(tmp_path: Path) -> None:
    async def go() -> float:
        limits = Limits(keepalive_seconds=0.3, keepalive_count=2)
        async with running(tmp_path, limits) as h:
            proxy = FreezingProxy(h.port)
            port = await proxy.start()
            conn = await asyncssh.connect(
                "127.0.0.1",
                port,
                username="x",
                client_keys=[h.keys["Alex"]],
                known_hosts=None,
                agent_path=None,
                config=None,
            )
            await ready_info(await h.open_app(conn))
            proxy.frozen = True
            start = time.monotonic()
            while "Alex hup" not in h.hups() and time.monotonic() - start < 10:
                await asyncio.sleep(0.1)
            took = time.monotonic() - start
            assert "Alex left" in h.log()
            conn.abort()
            return took

    assert run(go()) < 5.0


def test_typing_reaches_the_app_at_a_bounded_rate(tmp_path: Path) -> None:
    async def go() -> int:
        limits = Limits(input_rate=8192, input_burst=4096)
        async with running(tmp_path, limits) as h, await h.connect(h.keys["Alex"]) as conn:
            app = await h.open_app(conn)
            await ready_info(app)
            app.stdin.write(b"x" * 200_000)  # a huge paste
            await asyncio.sleep(1.0)
            seen = await asyncio.wait_for(app.stdout.read(1_000_000), 2)
            lines = seen.split(b"\n")[:-1]  # whole lines only
            return max(int(line.split()[1]) for line in lines if line.startswith(b"GOT "))

    got = run(go())
    # A burst and about a second of the rate, never the whole paste at once.
    assert 0 < got <= 4096 + 8192 * 2


def test_one_persons_crash_leaves_the_other_alone(tmp_path: Path) -> None:
    async def go() -> None:
        async with (
            running(tmp_path) as h,
            await h.connect(h.keys["Alex"]) as alex,
            await h.connect(h.keys["Sam"]) as sam,
        ):
            alex_app = await h.open_app(alex)
            sam_app = await h.open_app(sam)
            await ready_info(alex_app)
            await ready_info(sam_app)
            alex_app.stdin.write(b"CRASH")
            await alex_app.wait_closed()
            assert alex_app.exit_status != 0 or alex_app.exit_signal is not None
            sam_app.stdin.write(b"still here")
            await read_until(sam_app.stdout, b"GOT 10")

    run(go())


def test_stopping_hangs_up_every_app(tmp_path: Path) -> None:
    async def go() -> None:
        async with running(tmp_path) as h:
            alex = await h.connect(h.keys["Alex"])
            sam = await h.connect(h.keys["Sam"])
            await ready_info(await h.open_app(alex))
            await ready_info(await h.open_app(sam))
            await h.server.stop()
            assert sorted(h.hups()) == ["Alex hup", "Sam hup"]
            assert "stopped" in h.log()

    run(go())


@pytest.mark.slow
def test_sigterm_stops_the_real_command_cleanly(tmp_path: Path) -> None:
    """`reconnect serve` as its own process: SIGTERM, and it ends at once with 0."""
    env = {
        **os.environ,
        "RECONNECT_CONFIG_DIR": str(tmp_path / "c"),
        "RECONNECT_DATA_DIR": str(tmp_path / "d"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "reconnect_tui", "serve", "--port", "0"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        line = ""
        while "listening on" not in line:
            line = server.stderr.readline()
            assert line, "the server ended before it listened"
        server.send_signal(signal.SIGTERM)
        assert server.wait(10) == 0
    finally:
        server.kill()
