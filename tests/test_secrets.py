"""A spec that carries a secret is refused; the value is never printed anywhere."""

from __future__ import annotations

import json

import pytest
from tests.conftest import CONTRACT_SPEC

AUTH_LINE = "    auth: {method: oauth2-client-credentials}\n"


@pytest.mark.parametrize(
    ("replacement", "field", "what"),
    [
        ("    auth: {method: basic, password: hunter2-Sup3r}\n", "flows[0].auth.password",
         "a value under 'password'"),
        ("    auth: {method: oauth2-client-credentials, client_secret: s3cr3tValue99}\n",
         "flows[0].auth.client_secret", "a value under 'client_secret'"),
        ("    auth: {method: api-key}\n    api_key: AbCdEf0123456789xyz\n", "flows[0].api_key",
         "a value under 'api_key'"),
        ("    auth: {method: api-key, notes: 'Bearer abcdefghijklmnop1234567890'}\n",
         "flows[0].auth.notes", "a bearer token"),
        ("    auth: {method: ssh-key, notes: '-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNz'}\n",
         "flows[0].auth.notes", "a private key"),
        ("    auth: {method: basic}\n    notes: see https://ops:Pa55word@sftp.example.org/in\n",
         "flows[0].notes", "a password inside a URL"),
        ("    auth: {method: api-key}\n    notes: https://hooks.example.org/in?token=9f8e7d6c5b4a\n",
         "flows[0].notes", "a secret in a URL's query string"),
        ("    auth: {method: oauth2-jwt-bearer, notes: "
         "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig}\n",
         "flows[0].auth.notes", "a JSON Web Token"),
        ("    auth: {method: api-key}\n    token: ghp_0123456789abcdefghijABCDEFGHIJ012345\n",
         "flows[0].token", "a value under 'token'"),
    ],
)
def test_secret_is_refused_without_printing_it(write, run, replacement, field, what):
    path = write("spec.yaml", CONTRACT_SPEC.replace(AUTH_LINE, replacement))
    for args in (["check", path], ["check", "--format", "json", path], ["compare", path, path]):
        result = run(*args)
        assert result.exit_code == 2
        assert f": {field}: holds {what}; a spec names only the auth method" in result.stderr
        if "json" in args:  # a program is told the same, as JSON on standard output
            [error] = json.loads(result.stdout)["errors"]
            assert (error["field"], error["message"].split(";")[0]) == (field, f"holds {what}")
        else:
            assert result.stdout == ""
        for secret in ("hunter2", "s3cr3t", "AbCdEf01", "abcdefghijklmnop", "b3BlbnNz",
                       "Pa55word", "9f8e7d6c", "eyJzdWIi", "ghp_0123"):
            assert secret not in result.output


def test_secret_message_names_the_line(write, run):
    path = write("spec.yaml", CONTRACT_SPEC.replace(
        AUTH_LINE, "    auth:\n      method: basic\n      password: hunter2-Sup3r\n"))
    result = run("check", path)
    assert result.stderr.startswith(f"Error: {path}:29: flows[0].auth.password: holds")


@pytest.mark.parametrize(
    "safe",
    [
        "    auth: {method: api-key, credential_name: NETSUITE_TOKEN}\n",
        "    auth: {method: oauth2-client-credentials, scopes: [leads.read]}\n",
        "    auth: {method: basic, notes: The password lives in the vault.}\n",
        "    auth: {method: oauth2-client-credentials}\n"
        "    notes: token endpoint is /oauth2/token\n",
        "    auth: {method: none}\n",
    ],
)
def test_talking_about_secrets_is_fine(write, run, safe):
    path = write("spec.yaml", CONTRACT_SPEC.replace(AUTH_LINE, safe))
    result = run("check", path)
    assert result.exit_code in (0, 1), result.output
    assert "holds" not in result.output
