"""The mock world of one simulation: a server per system, credentials, folders.

Everything here is bounded: each server answers at most MAX_REQUESTS and stops
by itself at the deadline; `close()` stops them all, frees their ports and
removes the folders. Use it as a context manager.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from mailroom.errors import MailroomError
from mailroom.outfolder import UnsafePath, inside, short_name
from mailroom.simulate.auth import AuthCheck, throwaway
from mailroom.simulate.mocks import Journal, MockServer
from mailroom.simulate.routes import TokenRoute
from mailroom.stub.shape import Credential
from mailroom.vendors import Dialect

if TYPE_CHECKING:
    from mailroom.spec.model import Spec


class World:
    def __init__(self, spec: Spec, timeout: float) -> None:
        self.spec = spec
        self.deadline = time.monotonic() + timeout
        self.journal = Journal()
        self.servers: dict[str, MockServer] = {}
        # by credential name and the system it opens: two systems whose flows name one
        # credential are still two systems, each with its own mock and values
        self.checks: dict[tuple[str, str], AuthCheck] = {}
        self.configurations: dict[tuple[str, str], dict[str, Any]] = {}
        self._folders = Path(tempfile.mkdtemp(prefix="mailroom-simulate-"))

    def __enter__(self) -> World:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        try:
            for server in self.servers.values():
                server.stop()
        finally:  # the temporary folder goes whatever happens to the mocks
            shutil.rmtree(self._folders, ignore_errors=True)

    def server(self, system: str) -> MockServer:
        """The mock of one system, started on first use."""
        if system not in self.servers:
            server = MockServer(system, self.spec.label(system), self.journal, self.deadline)
            server.start()
            self.servers[system] = server
        return self.servers[system]

    def credential(self, credential: Credential, system: str, caller: str,
                   dialect: Dialect | None = None) -> AuthCheck:
        """Throw-away values for a credential, pointing at the system's mock; the check
        its routes use. A token endpoint is added for the OAuth 2 methods that need one
        (`dialect`: the vendor's, whose token path and key header the mock then has)."""
        key = (credential.name, system)
        if key in self.checks:
            return self.checks[key]
        http = "baseUrl" in credential.fields
        token_path = dialect.token_path if dialect and dialect.token_path else "/oauth2/token"
        configuration = throwaway(credential, self.server(system).url if http else "",
                                  token_path)
        check = AuthCheck(credential.method, configuration,
                          key_auth=dialect.key_auth if dialect is not None else None,
                          client_assertion=bool(dialect and dialect.client_assertion))
        if http and credential.method in ("oauth2-client-credentials", "oauth2-jwt-bearer"):
            self.server(system).add(TokenRoute(caller, check, token_path))
        self.checks[key] = check
        self.configurations[key] = configuration
        return check

    def folder(self, system: str, path: str) -> Path:
        """A folder standing in for a system's SFTP area (or file drop)."""
        # The path comes from the spec: inside the world's own folder, whatever it says.
        parts = [short_name(system), *(part for part in path.split("/") if part)]
        try:
            folder = inside(self._folders, "/".join(parts))
        except UnsafePath:
            raise MailroomError(
                f"{system}: its folder {path} (from its interface) climbs out with '..'; "
                "simulate keeps every file in a folder of its own, so give the folder "
                "without '..'") from None
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @property
    def folders_root(self) -> Path:
        return self._folders

    def secrets(self) -> list[str]:
        return [value for check in self.checks.values() for value in check.secrets()]

    def remaining(self) -> float:
        return max(self.deadline - time.monotonic(), 0.0)
