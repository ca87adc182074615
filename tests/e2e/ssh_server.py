"""A throwaway OpenSSH server on loopback, for end-to-end runs of the app over SSH.

Everything lives in one temporary folder: a fresh host key, a fresh user
key, ``authorized_keys`` and the ``sshd_config``. The server listens on a
free port on 127.0.0.1 only, and is stopped (by its own process id) when
the ``with`` block ends. Used by ``tests/e2e/test_ssh.py`` and
``benchmarks/bench_ssh.py``.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[2]
SSHD = "/usr/sbin/sshd"


def why_no_sshd() -> str:
    """Why an SSH run cannot happen here, or "" when it can."""
    if sys.platform == "win32":
        return "needs a POSIX system with OpenSSH"
    if not Path(SSHD).exists():
        return f"OpenSSH server not found at {SSHD} (apt-get install openssh-server)"
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            return f"{tool} not found (apt-get install openssh-client)"
    if os.geteuid() != 0 and not os.access("/run/sshd", os.F_OK):
        return "sshd needs /run/sshd, which only root can make here"
    return ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@attrs.frozen
class SshServer:
    """A running server and how to reach it."""

    port: int
    user: str
    key: Path
    folder: Path

    def client(self, remote: str, *, tty: bool = True) -> list[str]:
        """The ``ssh`` command line that runs *remote* (a shell command) on this server."""
        return [
            "ssh",
            "-tt" if tty else "-T",
            "-p",
            str(self.port),
            "-i",
            str(self.key),
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "ConnectTimeout=10",
            f"{self.user}@127.0.0.1",
            remote,
        ]

    def reconnect(self, *args: str, python: str = sys.executable) -> list[str]:
        """``ssh … python -m reconnect_tui ARGS`` run from the checkout on the server."""
        command = f"cd {shlex.quote(str(ROOT))} && exec {shlex.quote(python)} -m reconnect_tui"
        return self.client(" ".join([command, *(shlex.quote(arg) for arg in args)]))


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "reconnect-test", "-f", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
    )


@contextlib.contextmanager
def ssh_server(folder: Path, env: Mapping[str, str] = ()) -> Iterator[SshServer]:
    """Start sshd in *folder*; sessions get *env* (e.g. RECONNECT_DATA_DIR) set by sshd."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # Privilege separation needs this folder; the openssh-server package makes it at boot.
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    host_key, user_key = folder / "host_key", folder / "user_key"
    _keygen(host_key)
    _keygen(user_key)
    authorized = folder / "authorized_keys"
    authorized.write_text(user_key.with_suffix(".pub").read_text())
    authorized.chmod(0o600)
    user = getpass.getuser()
    port = free_port()
    settings = dict(env)
    set_env = " ".join(f"{name}={shlex.quote(value)}" for name, value in settings.items())
    config = folder / "sshd_config"
    lines = [
        f"Port {port}",
        "ListenAddress 127.0.0.1",
        f"HostKey {host_key}",
        f"PidFile {folder / 'sshd.pid'}",
        f"AuthorizedKeysFile {authorized}",
        "StrictModes no",
        "UsePAM no",
        "PermitRootLogin yes",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        f"AllowUsers {user}",
        "PrintMotd no",
        "PrintLastLog no",
        "X11Forwarding no",
        "AllowTcpForwarding no",
        "AcceptEnv LANG LC_*",
        "LogLevel ERROR",
    ]
    if set_env:
        lines.append(f"SetEnv {set_env}")
    config.write_text("\n".join(lines) + "\n")
    log = folder / "sshd.log"
    process = subprocess.Popen(
        [SSHD, "-D", "-f", str(config), "-E", str(log)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                detail = log.read_text() if log.exists() else ""
                raise RuntimeError(f"sshd did not start: {detail.strip()}")
            time.sleep(0.05)
        yield SshServer(port=port, user=user, key=user_key, folder=folder)
    finally:
        # The whole session group: sshd, its per-connection children and their shells.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
