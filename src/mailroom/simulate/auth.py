"""Throw-away credentials for a simulation, and the mocks' check of them.

Every value is made up for this one run and forgotten when it ends; none is ever
written to a file or printed. The mocks check exactly what the generated jobs
send: an API key header, a basic-auth header, or a bearer token they issued.
"""

from __future__ import annotations

import base64
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from mailroom.stub.shape import Credential
from mailroom.vendors import KeyAuth

API_KEY_HEADER = "x-api-key"
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def throwaway(credential: Credential, base_url: str,
              token_path: str = "/oauth2/token") -> dict[str, Any]:
    """A configuration for one credential: made-up secrets, the mock's URLs (`token_path`:
    where the mock issues tokens, the vendor's path where it has one)."""
    values: dict[str, Any] = {}
    for name in credential.fields:
        values[name] = _value(name, base_url, token_path)
    return values


def _value(name: str, base_url: str, token_path: str) -> Any:
    fixed: dict[str, Any] = {
        "baseUrl": base_url,
        "tokenUrl": f"{base_url}{token_path}",
        "host": "127.0.0.1",
        "port": 22,
        "username": "sim-user",
        "tls": {},
    }
    if name in fixed:
        return fixed[name]
    return f"sim-{name.lower()}-{secrets.token_hex(12)}"


@dataclass
class AuthCheck:
    """What a mailbox expects, for one credential; `refuses` says why not, or None."""

    method: str | None
    configuration: dict[str, Any]
    issued: set[str] = field(default_factory=set)  # bearer tokens handed out
    lock: threading.Lock = field(default_factory=threading.Lock)
    key_auth: KeyAuth | None = None  # the vendor's own API key header, for `api-key`
    client_assertion: bool = False  # client credentials as a JWT client_assertion (NetSuite)

    @property
    def checked(self) -> bool:
        return self.method in ("api-key", "basic", "oauth2-client-credentials",
                               "oauth2-jwt-bearer", "oauth2-authorization-code")

    def describe(self) -> str:
        """What an endpoint checks, in words."""
        if self.method == "api-key" and self.key_auth is not None:
            return (f"checks {self.key_auth.header}: {self.key_auth.shown()}, as the "
                    "vendor documents it")
        return {
            "api-key": "checks the API key header",
            "basic": "checks the basic-auth header",
            "oauth2-client-credentials": "checks the bearer token",
            "oauth2-jwt-bearer": "checks the bearer token",
            "oauth2-authorization-code": "checks the bearer token",
            "mtls": "does not check the client certificate (plain HTTP on 127.0.0.1)",
            "none": "needs no credentials",
        }.get(self.method or "", "checks no credentials (the spec does not say how)")

    def describe_grant(self) -> str:
        """What a token endpoint wants, in words."""
        if self.method == "oauth2-jwt-bearer":
            return "for the JWT assertion"
        if self.client_assertion:
            return "for the client id's signed JWT (client_assertion)"
        return "for the client id and secret"

    def refuses(self, headers: dict[str, str]) -> str | None:
        if not self.checked:
            return None
        c = self.configuration
        if self.method == "api-key" and self.key_auth is not None:
            want = self.key_auth.value([str(c.get(f)) for f in self.key_auth.fields])
            ok = headers.get(self.key_auth.header.lower()) == want
            return None if ok else f"missing or wrong {self.key_auth.header} header"
        if self.method == "api-key":
            ok = headers.get(API_KEY_HEADER) == c.get("apiKey")
            return None if ok else "missing or wrong API key"
        if self.method == "basic":
            pair = f"{c.get('username')}:{c.get('password')}".encode()
            ok = headers.get("authorization") == "Basic " + base64.b64encode(pair).decode()
            return None if ok else "missing or wrong user name and password"
        token = headers.get("authorization", "").removeprefix("Bearer ")
        if self.method == "oauth2-authorization-code":
            return None if token == c.get("access_token") else "missing or wrong bearer token"
        with self.lock:
            return None if token in self.issued else "missing or unknown bearer token"

    def grant(self, form: dict[str, str]) -> str | None:
        """A new token when the token request carries the right secrets, else None."""
        c = self.configuration
        if self.method == "oauth2-client-credentials" and self.client_assertion:
            ok = (form.get("grant_type") == "client_credentials"
                  and form.get("client_assertion_type") == CLIENT_ASSERTION_TYPE
                  and form.get("client_assertion") == c.get("clientAssertion"))
        elif self.method == "oauth2-client-credentials":
            ok = (form.get("grant_type") == "client_credentials"
                  and form.get("client_id") == c.get("clientId")
                  and form.get("client_secret") == c.get("clientSecret"))
        else:
            ok = (form.get("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer"
                  and form.get("assertion") == c.get("assertion"))
        if not ok:
            return None
        token = f"sim-access-{secrets.token_hex(12)}"
        with self.lock:
            self.issued.add(token)
        return token

    def secrets(self) -> list[str]:
        """Every secret value in play, so that tests can look for them where they must
        not be."""
        values = [str(v) for k, v in self.configuration.items()
                  if isinstance(v, str) and v.startswith("sim-")]
        with self.lock:
            return values + sorted(self.issued)
