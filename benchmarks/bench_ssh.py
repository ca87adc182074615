"""Start to first paint over a loopback SSH session against a local pseudo-terminal.

Both open Home in an 80x24 pseudo-terminal with TERM=xterm-256color and
empty private folders; "first paint" is the moment the heading and an
exercise title are both visible. The SSH run goes through a throwaway
OpenSSH server on 127.0.0.1 (see ``tests/e2e/ssh_server.py``: fresh host
and user keys, key login only), so it adds the handshake, the login and the
encrypted channel, but no real network delay. Runs alternate and medians
are compared. Reported, no target.

    python benchmarks/bench_ssh.py [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

import _pty  # noqa: E402

from tests.e2e.ssh_server import ssh_server, why_no_sshd  # noqa: E402

HOME_TEXT = ("reconnect", "lighter ones")


def first_paint(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from spawning *argv* until Home is readable, and the bytes by then."""
    started = time.perf_counter()
    with _pty.Term(argv, env, timeout=60) as term:
        painted = term.wait_for(*HOME_TEXT, any_of=("check-in", "Check-in"))
        size = len(term.raw)
        term.quit()
    return painted - started, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one run of each")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    reason = why_no_sshd()
    if reason:
        print(f"skipped: {reason}")
        return 0
    print(_pty.load())
    _pty.compile_package()
    folder = Path(tempfile.mkdtemp(prefix="reconnect-bench-ssh-"))
    # No COLORTERM on either side: OpenSSH does not pass it, so both get 256 colours.
    local_env = {k: v for k, v in _pty.app_env(folder).items() if k != "COLORTERM"}
    remote_env = {
        "RECONNECT_CONFIG_DIR": local_env["RECONNECT_CONFIG_DIR"],
        "RECONNECT_DATA_DIR": local_env["RECONNECT_DATA_DIR"],
        "LANG": "C.UTF-8",
    }
    client_env = dict(local_env)
    local_times, ssh_times, ssh_bytes, local_bytes = [], [], [], []
    with ssh_server(folder / "sshd", remote_env) as server:
        for _ in range(runs):
            seconds, size = first_paint(_pty.reconnect(), local_env)
            local_times.append(seconds)
            local_bytes.append(size)
            seconds, size = first_paint(server.reconnect(python=_pty.PYTHON), client_env)
            ssh_times.append(seconds)
            ssh_bytes.append(size)
    local, remote = _pty.median(local_times), _pty.median(ssh_times)
    print(_pty.row("measure", "local pty", "over SSH", "ratio", "target", ""))
    print(
        _pty.row(
            "start to first paint (s)",
            f"{local:.2f}",
            f"{remote:.2f}",
            f"{remote / local:.2f}x",
            "reported",
            "",
        )
    )
    print(
        _pty.row(
            "bytes by first paint",
            f"{_pty.median(local_bytes):,.0f}",
            f"{_pty.median(ssh_bytes):,.0f}",
            "",
            "",
            "",
        )
    )
    print(
        f"runs (s): local {[round(t, 2) for t in local_times]}, "
        f"ssh {[round(t, 2) for t in ssh_times]}"
    )
    print(_pty.load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
