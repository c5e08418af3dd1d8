"""The OpenFn engine: the generated job files, run on @openfn/runtime under Node.js.

The runtime and the HTTP adaptor come from the npm registry and are installed
once into a folder the caller names (the CLI: `openfn/` in mailroom's cache folder,
or MAILROOM_OPENFN_CACHE; see environment.py), with a message saying so. The OpenFn CLI and compiler
are not on the registry; they are not needed, because the job files are
generated already compiled.

Each workflow runs in one Node process, driven through the stub's own
`run.mjs --jsonl`: one input state per line in, one result per line out. The
process is killed if it does not answer in time, and always when the
workflow is done.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from mailroom.errors import MailroomError
from mailroom.simulate.step_tools import RunResult
from mailroom.stub.openfn import LOGGER_VERSION
from mailroom.stub.plan import HTTP_ADAPTOR, HTTP_ADAPTOR_VERSION, RUNTIME_VERSION, Workflow

PACKAGES = {
    "@openfn/runtime": RUNTIME_VERSION,
    "@openfn/logger": LOGGER_VERSION,
    HTTP_ADAPTOR: HTTP_ADAPTOR_VERSION,
}
INSTALL_TIMEOUT = 600.0


def node_binary() -> str:
    node = shutil.which("node")
    if node is None:
        raise MailroomError(
            "--engine openfn needs Node.js 18 or newer (`node` is not on PATH); install it, "
            "or simulate with the Python engine (the default)"
        )
    return node


def installed(folder: Path, packages: dict[str, str]) -> bool:
    for name, version in packages.items():
        manifest = folder / "node_modules" / name / "package.json"
        try:
            if json.loads(manifest.read_text(encoding="utf-8")).get("version") != version:
                return False
        except (OSError, ValueError):
            return False
    return True


def ensure_installed(folder: Path, packages: dict[str, str] | None = None,
                     say: Any = None) -> Path:
    """The folder's node_modules, with every package at its version; installed on first
    use. Safe to call from several processes at once (a lock file serialises installs)."""
    packages = packages or PACKAGES
    if installed(folder, packages):
        return folder / "node_modules"
    npm = shutil.which("npm")
    if npm is None:
        raise MailroomError("--engine openfn installs the OpenFn runtime with npm, which is not "
                            "on PATH; install Node.js with npm")
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder / ".install.lock"):
        if not installed(folder, packages):
            _install(npm, folder, packages, say or _stderr)
    return folder / "node_modules"


def _install(npm: str, folder: Path, packages: dict[str, str], say: Any) -> None:
    wanted = " ".join(f"{n}@{v}" for n, v in packages.items())
    say(f"Installing the OpenFn runtime into {folder} (first use only): {wanted}")
    package = folder / "package.json"
    if not package.exists():
        package.write_text('{"name": "mailroom-openfn-cache", "private": true}\n')
    command = [npm, "install", "--no-audit", "--no-fund", "--loglevel=error",
               "--prefix", str(folder), *(f"{n}@{v}" for n, v in packages.items())]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
                              check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise MailroomError(f"npm install did not finish in {INSTALL_TIMEOUT:.0f} s; is the "
                            "npm registry reachable?") from None
    if done.returncode != 0 or not installed(folder, packages):
        tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise MailroomError(f"npm install of {wanted} failed: {tail or 'no message'}")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class OpenFnEngine:
    name = "openfn"

    def __init__(self, stub: Path, modules: Path, deadline: float) -> None:
        self.stub = stub
        self.modules = modules
        self.deadline = deadline
        self.node = node_binary()

    def open(self, workflow: Workflow, credentials: dict[str, dict[str, Any]]) -> NodeSession:
        command = [self.node, "--experimental-vm-modules", "--no-warnings",
                   str(self.stub / "run.mjs"),
                   str(self.stub / "workflows" / workflow.id / "workflow.json"),
                   "--jsonl", "--modules", str(self.modules),
                   "--timeout", str(int(max(self.deadline - time.monotonic(), 1) * 1000))]
        session = NodeSession(command, self.deadline)
        session.send({"credentials": credentials})
        ready = session.receive()
        if not ready.get("ready"):
            session.close()
            raise MailroomError(f"the OpenFn runtime did not start: {session.errors()}")
        return session


class NodeSession:
    """One Node process running one workflow, one run per line; killed when done."""

    def __init__(self, command: list[str], deadline: float) -> None:
        self.deadline = deadline
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, start_new_session=True,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr: deque[str] = deque(maxlen=40)
        assert self.process.stdout is not None and self.process.stderr is not None
        self._readers = [
            threading.Thread(target=self._read_results, args=(self.process.stdout,), daemon=True),
            threading.Thread(target=self._read_errors, args=(self.process.stderr,), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_results(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)  # the process has ended

    def _read_errors(self, stream: IO[str]) -> None:
        for line in stream:
            self._stderr.append(line.rstrip("\n"))

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # receive() reports the process's end

    def receive(self) -> dict[str, Any]:
        remaining = self.deadline - time.monotonic()
        try:
            line = self._lines.get(timeout=max(remaining, 0.1))
        except queue.Empty:
            self.close()
            raise MailroomError("the OpenFn runtime did not answer in time; it was stopped "
                                "(raise --timeout if the mock mailboxes are slow)") from None
        if line is None:
            raise MailroomError(f"the OpenFn runtime stopped: {self.errors()}")
        try:
            answer = json.loads(line)
        except ValueError:
            return self.receive()  # not a result line: ignore it
        return answer if isinstance(answer, dict) else {}

    def run(self, state: dict[str, Any]) -> RunResult:
        self.send({"state": state})
        answer = self.receive()
        final = answer.get("state")
        return RunResult(bool(answer.get("ok")), final if isinstance(final, dict) else None,
                         answer.get("steps") or {}, answer.get("error"))

    def errors(self) -> str:
        return " | ".join(line for line in self._stderr if line.strip())[-800:] or "no message"

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                assert self.process.stdin is not None
                self.process.stdin.close()
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        for reader in self._readers:
            reader.join(timeout=2)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
