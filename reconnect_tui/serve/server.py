"""The SSH side of ``reconnect serve`` (asyncssh): keys in, the app out, nothing else.

A person is known by their key alone (the user name the client sends is not
looked at). Every connection gets one session with a pseudo-terminal, and
that session runs the ordinary app as the person, in a child process
(``child.py``). Everything else SSH can do is refused, and every option
asyncssh would otherwise default on (agent forwarding; no limits at all) is
set here explicitly. Imported only by the ``serve`` command: asyncssh is an
optional extra.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import asyncssh
import attrs

from reconnect_tui.common.atomic import (
    NotPrivate,
    SaveError,
    read_private,
    reason_for,
    write_private,
)
from reconnect_tui.common.bucket import Bucket
from reconnect_tui.common.paths import Paths
from reconnect_tui.common.problems import report_lines
from reconnect_tui.common.safetext import one_line
from reconnect_tui.serve.child import Child, child_environment
from reconnect_tui.serve.journal import Journal, log_file
from reconnect_tui.serve.keys import KeyRing, fingerprint, keys_file, read_keys
from reconnect_tui.serve.limits import Count, Limits, Throttle

MAX_CHILD_BUFFER = 64 * 1024  # bytes waiting for the app before the client is paused
READ_CHUNK = 64 * 1024
HANG_UP_SECONDS = 10.0  # an app's time to save and end after a hang-up


def host_key_file(paths: Paths) -> Path:
    return paths.data_dir / "serve" / "host_ed25519"


def load_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The server's ed25519 host key, made (0600) the first time; (key, made now)."""
    try:
        return asyncssh.import_private_key(read_private(path, 64 * 1024, ours_only=True)), False
    except FileNotFoundError:
        pass
    except NotPrivate as error:
        raise SaveError(path, "other people on this computer can read it; chmod 600 it") from error
    key = asyncssh.generate_private_key("ssh-ed25519")
    write_private(path, key.export_private_key("openssh"))
    return key, True


def app_command(paths: Paths, person: str) -> list[str]:
    """How a child starts the app as *person*, in the server's own folders."""
    return [
        sys.executable,
        "-m",
        "reconnect_tui",
        "--config-dir",
        str(paths.config_dir),
        "--data-dir",
        str(paths.data_dir),
        "--person",
        person,
    ]


@attrs.define
class Settings:
    """What one server runs with (tests change the command and the limits)."""

    paths: Paths
    listen: str = "127.0.0.1"
    port: int = 2222
    limits: Limits = attrs.field(factory=Limits)
    command: Callable[[str], Sequence[str]] | None = None

    def argv(self, person: str) -> list[str]:
        if self.command is not None:
            return list(self.command(person))
        return app_command(self.paths, person)


def connection_options(limits: Limits) -> dict[str, Any]:
    """Every option that decides what a client may do, set explicitly."""
    return {
        "public_key_auth": True,
        "password_auth": False,
        "kbdint_auth": False,
        "host_based_auth": False,
        "gss_host": None,  # no GSS key exchange or login
        "x509_trusted_certs": None,
        "agent_forwarding": False,  # asyncssh's default is on
        "x11_forwarding": False,
        "allow_scp": False,
        "sftp_factory": None,
        "allow_pty": True,
        "line_editor": False,  # raw bytes to and from the app's own terminal
        "encoding": None,
        "config": None,  # no sshd-style config file is read
        "login_timeout": limits.login_grace,
        "keepalive_interval": limits.keepalive_seconds,
        "keepalive_count_max": limits.keepalive_count,
        "tcp_keepalive": True,
    }


class Server:
    """The running server: its keys, limits, log, and the connections it holds."""

    def __init__(self, settings: Settings, journal: Journal) -> None:
        self.settings = settings
        self.limits = settings.limits
        self.journal = journal
        self.count = Count(self.limits)
        self.throttle = Throttle(self.limits.failed_logins, self.limits.throttle_seconds)
        self.connections: set[Connection] = set()
        self.acceptor: asyncssh.SSHAcceptor | None = None
        self.keys = KeyRing()
        self.host_key: asyncssh.SSHKey | None = None
        self.port = settings.port

    def load_keys(self) -> KeyRing:
        """Read the people's keys again (each login reads them, so an added key works at once)."""
        ring = read_keys(keys_file(self.settings.paths))
        if ring.problems != self.keys.problems:  # logged when they change, not at every login
            for line in report_lines(ring.problems):
                self.journal.log(f"keys: {line} (that line is skipped)")
        self.keys = ring
        return ring

    async def start(self) -> int:
        """Listen; return the port (useful when 0 asked for any free one)."""
        paths = self.settings.paths
        self.host_key, made = load_host_key(host_key_file(paths))
        ring = self.load_keys()
        for line in report_lines(ring.problems):
            print(f"reconnect serve: keys: {line} (that line is skipped)", file=self.journal.stderr)
        self.acceptor = await asyncssh.create_server(
            lambda: Connection(self),
            self.settings.listen,
            self.settings.port,
            server_host_keys=[self.host_key],
            reuse_address=True,
            **connection_options(self.limits),
        )
        port = self.port = self.acceptor.get_port()
        if made:
            self.journal.say(f"made a new host key: {one_line(str(host_key_file(paths)))}")
        self.journal.say(f"listening on {self.settings.listen} port {port}")
        self.journal.say(
            f"host key fingerprint: {self.host_key.get_fingerprint('sha256')} "
            "(people can check it when ssh first asks)"
        )
        names = ring.names()
        self.journal.say(
            "people who may come in: "
            + (", ".join(names) if names else "no one yet")
            + ("" if names else " (add someone with `reconnect serve keys add NAME FILE`)")
        )
        if not is_loopback(self.settings.listen):
            self.journal.say("listening beyond this computer, as asked: only the keys above get in")
        return port

    async def stop(self) -> None:
        """Stop listening; every app gets a hang-up, saves and ends; then the links close."""
        if self.acceptor is not None:
            self.acceptor.close()
        sessions = [conn.session for conn in self.connections if conn.session is not None]
        for session in sessions:
            session.hang_up()
        await asyncio.gather(*(session.ended() for session in sessions))
        for conn in list(self.connections):
            if conn.conn is not None:
                conn.conn.close()
        if self.acceptor is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.acceptor.wait_closed(), 5)
        self.journal.say("stopped")


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class Connection(asyncssh.SSHServer):
    """One client: checked by key, counted, throttled; it may open one session."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.person = ""
        self.key_fingerprint = ""
        self.failed_keys = 0
        self.counted = False
        self.logged_in = False
        self.session: AppSession | None = None

    # -- coming and going -------------------------------------------------

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address = one_line(str(peer[0]), 60)
        server = self.server
        if server.throttle.waiting(self.address):
            server.journal.log(f"refused {self.address}: too many failed logins lately")
            conn.close()
            return
        if server.count.full():
            server.journal.log(
                f"refused {self.address}: already {server.limits.connections} connections"
            )
            conn.close()
            return
        server.count.open += 1
        self.counted = True
        server.connections.add(self)
        server.journal.log(f"connection from {self.address}")

    def connection_lost(self, exc: Exception | None) -> None:
        server = self.server
        if not self.counted:
            return
        self.counted = False
        server.count.open -= 1
        server.connections.discard(self)
        if self.session is not None:
            self.session.link_lost()
        if self.logged_in:
            server.count.person_out(self.person)
            why = f" ({one_line(str(exc), 80)})" if exc else ""
            server.journal.log(f"{self.person} left ({self.address}){why}")
        else:
            server.throttle.failed(self.address)
            server.journal.log(f"{self.address} went without logging in")

    # -- logging in: keys only ----------------------------------------------

    def begin_auth(self, username: str) -> bool:
        return True  # a key is always needed; the user name is not looked at

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        found = self.server.load_keys().person_of(key.public_data)
        if found is None:
            self.failed_keys += 1
            self.server.journal.log(
                f"{self.address}: unknown key {fingerprint(key.public_data)} refused"
            )
            if self.failed_keys >= self.server.limits.auth_tries and self.conn is not None:
                self.server.journal.log(f"{self.address}: too many keys offered; closed")
                self.conn.close()
            return False
        self.person, self.key_fingerprint = found.name, found.fingerprint
        return True

    def validate_ca_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        return False  # certificates are not used

    def auth_completed(self) -> None:
        self.logged_in = True
        self.server.count.person_in(self.person)
        self.server.journal.say(
            f"{self.person} came in from {self.address} with key {self.key_fingerprint}"
        )

    # -- what a logged-in client may ask for: one session ---------------------

    def session_requested(self) -> asyncssh.SSHServerSession[bytes] | bool:
        if self.session is not None and self.session.child is not None:  # one app per link
            self.server.journal.log(f"{self.person}: a second session on one link refused")
            return False
        self.session = AppSession(self)
        return self.session

    def connection_requested(self, dest_host: str, dest_port: int, *_: Any) -> bool:
        self.refused("port forwarding (local)")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self.refused("port forwarding (remote)")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self.refused("socket forwarding (local)")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self.refused("socket forwarding (remote)")
        return False

    def tun_requested(self, unit: int | None) -> bool:
        self.refused("tunnel")
        return False

    def tap_requested(self, unit: int | None) -> bool:
        self.refused("tunnel")
        return False

    def refused(self, what: str) -> None:
        self.server.journal.log(f"{self.person or self.address}: {what} refused")


class AppSession(asyncssh.SSHServerSession[bytes]):
    """The one session of a connection: the app, in its own pseudo-terminal."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.server = connection.server
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.child: Child | None = None
        self.term = ""
        self.size = (80, 24)
        self.to_child = bytearray()
        self.bucket = Bucket(self.server.limits.input_rate, self.server.limits.input_burst)
        self.paused = False
        self.reading = False
        self.done = asyncio.get_running_loop().create_future()
        self.resume_timer: asyncio.TimerHandle | None = None
        self.waiting: asyncio.Task[None] | None = None

    # -- asking for things ----------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any
    ) -> bool:
        self.term = term_type
        self.size = (term_size[0] or 80, term_size[1] or 24)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.connection.refused("running a command")  # the command itself is not logged
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        name = subsystem if subsystem in ("sftp", "scp") else "a subsystem"
        self.connection.refused(name)
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # the app is not signalled from outside

    # -- running the app ----------------------------------------------------------

    def session_started(self) -> None:
        chan = self.chan
        assert chan is not None
        person, server = self.connection.person, self.server
        if not self.term:
            server.journal.log(f"{person}: a session without a terminal refused")
            port = server.port
            chan.write(
                "reconnect needs a terminal: connect with  ssh -t -p "
                f"{port} HOST  (or add RequestTTY yes for this host).\r\n".encode()
            )
            chan.exit(1)
            return
        if server.count.person_over(person):
            self._refuse_busy(chan)
            return
        env, refused = child_environment(chan.get_environment(), os.environ, self.term)
        for name in refused:
            self.connection.refused(f"environment variable {one_line(name, 40)}")
        try:
            self.child = Child(server.settings.argv(person), env, *self.size)
        except OSError as error:
            server.journal.say(f"{person}: the app could not start ({reason_for(error)})")
            chan.write(b"reconnect could not start just now; please try again later.\r\n")
            chan.exit(1)
            return
        server.journal.log(f"{person}: app started (process {self.child.pid})")
        loop = asyncio.get_running_loop()
        loop.add_reader(self.child.master, self._from_child)
        self.reading = True
        self.waiting = loop.create_task(self._wait_child())

    def _refuse_busy(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        person = self.connection.person
        self.server.journal.log(f"{person}: over {self.server.limits.per_person} connections")
        most = self.server.limits.per_person
        windows = "another window" if most == 1 else f"{most} other windows"
        chan.write(
            f"{one_line(person)} is already here in {windows}. "
            "Close one of them, then come in again.\r\n".encode()
        )
        chan.exit(1)

    async def _wait_child(self) -> None:
        assert self.child is not None
        loop = asyncio.get_running_loop()
        ended: asyncio.Future[int] = loop.create_future()
        process = self.child.process

        def wait() -> None:  # a thread of its own: no shared pool a stuck child could fill
            code = process.wait()
            with contextlib.suppress(RuntimeError):  # the server has already stopped
                loop.call_soon_threadsafe(ended.set_result, code)

        threading.Thread(target=wait, name=f"wait-{process.pid}", daemon=True).start()
        code = await ended
        # Whatever it wrote last reaches the client before the session closes.
        self._from_child(until_empty=True)
        self._stop_reading()
        self.child.close()
        if not self.done.done():
            self.done.set_result(code)
        if self.chan is not None:
            with contextlib.suppress(Exception):
                self.chan.exit(code if code >= 0 else 128 - code)
        self.server.journal.log(f"{self.connection.person}: app ended ({code})")

    async def ended(self) -> None:
        if self.child is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(self.done), HANG_UP_SECONDS + 1)
            self._end_if_running()

    def _from_child(self, until_empty: bool = False) -> None:
        child, chan = self.child, self.chan
        if child is None or child.master < 0:
            return
        if chan is None:  # the link is gone: what the app still writes goes nowhere
            until_empty = True
        while True:
            try:
                data = os.read(child.master, READ_CHUNK)
            except BlockingIOError:
                return
            except OSError:  # EIO: the child's side is closed
                self._stop_reading()
                return
            if not data:
                self._stop_reading()
                return
            if chan is not None:
                with contextlib.suppress(Exception):
                    chan.write(data)
            if not until_empty:
                return

    def _stop_reading(self) -> None:
        if self.reading and self.child is not None and self.child.master >= 0:
            asyncio.get_running_loop().remove_reader(self.child.master)
        self.reading = False

    # The client reads slowly: stop reading the app until it catches up.
    def pause_writing(self) -> None:
        self._stop_reading()

    def resume_writing(self) -> None:
        if not self.reading and self.child is not None and self.child.master >= 0:
            asyncio.get_running_loop().add_reader(self.child.master, self._from_child)
            self.reading = True

    # -- typing: bounded, passed on as bytes -----------------------------------

    def data_received(self, data: bytes, datatype: int | None) -> None:
        if self.child is None or datatype is not None:
            return
        self.to_child += data
        self._feed()

    def _feed(self) -> None:
        child, chan = self.child, self.chan
        if child is None or chan is None or child.master < 0:
            self.to_child.clear()
            return
        loop = asyncio.get_running_loop()
        while self.to_child:
            allowed = self.bucket.take(len(self.to_child))
            if not allowed:
                break
            try:
                written = os.write(child.master, self.to_child[:allowed])
            except BlockingIOError:
                written = 0
            except OSError:
                self.to_child.clear()
                return
            # What did not fit goes back into the bucket, to be tried again.
            self.bucket.give_back(allowed - written)
            del self.to_child[:written]
            if written < allowed:
                break
        if self.to_child:
            if len(self.to_child) > MAX_CHILD_BUFFER and not self.paused:
                chan.pause_reading()  # the client waits (SSH's own flow control)
                self.paused = True
            if self.resume_timer is None:
                delay = max(0.01, self.bucket.wait_for(len(self.to_child)))
                self.resume_timer = loop.call_later(delay, self._feed_later)
        elif self.paused:
            chan.resume_reading()
            self.paused = False

    def _feed_later(self) -> None:
        self.resume_timer = None
        self._feed()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = (width or 80, height or 24)
        if self.child is not None:
            self.child.resize(*self.size)

    # -- ending ---------------------------------------------------------------

    def eof_received(self) -> bool:
        self.hang_up()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.link_lost()

    def link_lost(self) -> None:
        self.chan = None
        self.hang_up()

    def hang_up(self) -> None:
        if self.resume_timer is not None:
            self.resume_timer.cancel()
            self.resume_timer = None
        if self.child is not None and not self.done.done():
            self.child.hang_up()
            # An app that does not end on a hang-up is ended after a while.
            asyncio.get_running_loop().call_later(HANG_UP_SECONDS, self._end_if_running)

    def _end_if_running(self) -> None:
        if self.child is not None and not self.done.done():
            self.child.kill()


async def serve(settings: Settings, journal: Journal) -> int:
    """Run until SIGTERM or SIGINT; then every app saves and ends, and so does the server."""
    server = Server(settings, journal)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(number, stop.set)
    try:
        await server.start()
    except (OSError, asyncssh.Error) as error:
        journal.say(f"could not listen on {settings.listen} port {settings.port}: {error}")
        return 1
    await stop.wait()
    await server.stop()
    return 0


def run(settings: Settings) -> int:
    """``reconnect serve``: the server in the foreground, its log in the data folder."""
    try:
        journal = Journal(log_file(settings.paths))
    except SaveError as error:
        print(f"reconnect serve: {one_line(str(error))}", file=sys.stderr)
        return 1
    try:
        return asyncio.run(serve(settings, journal))
    except SaveError as error:
        journal.say(one_line(str(error)))
        return 1
    finally:
        journal.close()
