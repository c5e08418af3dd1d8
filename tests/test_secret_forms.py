"""Every secret form we know of is refused by every command that reads a spec, in a value
and in a key, and no output (file, standard output, standard error) repeats it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import CONTRACT_SPEC, REPO, SAMPLES
from tests.interview_support import PUSH, Scripted, Then, answered_until

from mailroom.interview import engine
from mailroom.questionnaire.loading import load_questionnaire
from mailroom.spec.reading import parse_tree
from mailroom.spec.secrets import find_secrets, secret_in_text

# (name, the secret as typed, a part of it that must never be printed). Several come from
# detect-secrets' own tests and vendors' documented examples; none is a live credential.
FORMS = [
    ("aws access key", "AKIAIOSFODNN7EXAMPLE", "IOSFODNN7"),
    ("aws key glued to a word", "prodAKIAIOSFODNN7EXAMPLE", "IOSFODNN7"),
    ("aws key in full-width letters", "ＡＫＩＡＩＯＳＦＯＤＮＮ７ＥＸＡＭＰＬＥ",
     "ＩＯＳＦＯＤＮＮ"),
    ("aws key with an invisible space", "AKIAIOSF\u200bODNN7EXAMPLE", "IOSF"),
    ("aws secret key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "K7MDENG"),
    ("aws secret key by name", 'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
     "K7MDENG"),
    ("github classic token", "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", "wWPw5k4a"),
    ("github fine-grained token",
     "github_pat_11ABCDEFG0q8Zt3LmX0vRpW7_sYkN2cJ5bHfG9dA1eU4iOyT6nEq8Zt3LmX0vRpW7sYkN2cJ5bHfG9dA1e",
     "q8Zt3LmX"),
    ("gitlab token", "glpat-x8Zt3LmX0vRpW7sYkN2c", "x8Zt3LmX"),
    ("slack bot token", "xoxb-34532454-e039d02840a0b9379c", "e039d028"),
    ("slack user token", "xoxp-523423-234243-234233-e039d02840a0b9379c", "e039d028"),
    ("slack app token", "xapp-1-A02BCDEFGH1-2345678901234-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
     "0a1b2c3d"),
    ("slack webhook", "https://hooks.slack.com/services/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",
     "q8Zt3LmX"),
    ("google api key", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "9tSrke72"),
    ("stripe live key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "4eC39HqL"),
    ("stripe test key", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "4eC39HqL"),
    ("stripe restricted key", "rk_live_4eC39HqLyjWDarjtT1zdp7dc", "4eC39HqL"),
    ("openai key", "sk-proj-q8Zt3LmX0vRpW7sYkN2cJ5bHfG9dA1eU4iOy", "q8Zt3LmX"),
    ("sendgrid key", "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",
     "ngeVfQFY"),
    ("twilio key", "SK4b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", "4b1c2d3e4f"),
    ("pypi token", "pypi-AgEIcHlwaS5vcmc" + "q8Zt3LmX0vRpW7sYkN2cJ5bHfG9dA1eU4iOyT6nE" * 2,
     "q8Zt3LmX"),
    ("npm token", "//registry.npmjs.org/:_authToken=npm_q8Zt3LmX0vRpW7sYkN2cJ5bHfG9dA1eU4iO",
     "q8Zt3LmX"),
    ("azure storage key", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey="
     "lJzRc1YdHaAA2KCNJJ1tkYwF/+mKK6Ygw0NGe170Xu592euJv2wYUtBlV8z+qnlcNQSnIYVTkLWntUFpMcYG7Q==",
     "lJzRc1Yd"),
    ("json web token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
     "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "dozjgNry"),
    ("rsa private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq8Zt3LmX0vRpW7\n"
     "-----END RSA PRIVATE KEY-----", "MIIEowIB"),
    ("openssh private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAq8Zt3\n"
     "-----END OPENSSH PRIVATE KEY-----", "b3BlbnNz"),
    ("pgp private key block", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGq8Zt3LmX0vRpW7\n"
     "-----END PGP PRIVATE KEY BLOCK-----", "lQOYBGq8"),
    ("putty key", "PuTTY-User-Key-File-2: ssh-rsa\nPrivate-Lines: 14\nAAAAgQCq8Zt3LmX0",
     "AAAAgQCq"),
    ("password in a url", "sftp://ops:Pa55word@sftp.example.org/in", "Pa55word"),
    ("client_secret in a query", "https://id.example.org/cb?client_id=a&client_secret=Zx8fK2pQwe",
     "Zx8fK2pQ"),
    ("private_token in a query", "https://git.example.org/api/v4?private_token=glp9x8c7v6b5",
     "glp9x8c7"),
    ("access_token in a fragment", "https://app.example.org/done#access_token=ya29q8Zt3LmX",
     "ya29q8Zt"),
    ("signature in a query", "https://files.example.org/a.csv?X-Amz-Signature=9f8e7d6c5b4a3f2e",
     "9f8e7d6c"),
    ("base64 of user:password", "dXNlcjpodW50ZXIy", "dXNlcjpodW50ZXIy"),
    ("basic auth header", "Authorization: Basic dXNlcjpodW50ZXIy", "dXNlcjpodW50ZXIy"),
    ("bearer token", "send it with Bearer q8Zt3LmX0vRpW7sYkN2c", "q8Zt3LmX"),
    ("password in free text", "the password: hunter2 is on the wiki", "hunter2"),
    ("password after an equals sign", "db_pass=Pa55word!", "Pa55word"),
    ("quoted client secret", 'client_secret: "s3cr3tValue99"', "s3cr3tValue"),
    ("random token", "q8Zt3LmX0vRpW7sYkN2cJ5bHfG9dA1eU4iOyT6nE", "q8Zt3LmX"),
    ("discord bot token", "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
     "ZnCjm1XV"),
    ("mailchimp key", "343ea45721923ed956e2b38c31db76aa-us30", "343ea457"),
    ("telegram bot token", "bot110201543:AAHdqTcvCH1vGWJxfSe1ofSAs0K5PALDsaw", "AAHdqTcv"),
    ("keyword then symbols", "apikey:hope]nobody[finds>-_$#thisone", "finds>-_$#"),
    ("keyword with spaces", "my_password = hope]nobody[finds>-_$#thisone", "finds>-_$#"),
]
IDS = [name for name, _, _ in FORMS]
AUTH_LINE = "    auth: {method: oauth2-client-credentials}\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _in_value(secret: str) -> str:
    return CONTRACT_SPEC.replace(AUTH_LINE, f"{AUTH_LINE}    notes: {_quoted(secret)}\n")


def _in_key(secret: str) -> str:
    return CONTRACT_SPEC.replace(AUTH_LINE, f"{AUTH_LINE}    {_quoted(secret)}: x\n")


def _commands(spec: str, out: Path) -> list[list[str]]:
    return [["check", spec], ["check", "--format", "json", spec],
            ["render", spec, "-o", str(out / "render"), "--format", "md,html"],
            ["brief", spec, "-o", str(out / "brief")], ["stub", spec, "-o", str(out / "stub")],
            ["export", spec, "--to", "all", "-o", str(out / "export")],
            ["compare", spec, spec], ["compare", "--format", "json", spec, spec],
            ["simulate", spec], ["interview", "--resume", spec]]


def _written(out: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())


@pytest.mark.parametrize(("name", "secret", "probe"), FORMS, ids=IDS)
@pytest.mark.parametrize("place", [_in_value, _in_key], ids=["value", "key"])
def test_no_command_prints_or_writes_a_secret(write, run, tmp_path, place, name, secret, probe):
    spec = write("spec.yaml", place(secret))
    for args in _commands(spec, tmp_path / "out"):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "holds" in result.stderr
        for printed in (result.stdout, result.stderr, _written(tmp_path / "out")):
            assert probe not in printed and secret not in printed


def test_a_key_split_over_two_fields_is_refused(write, run):
    spec = write("spec.yaml", CONTRACT_SPEC.replace(
        AUTH_LINE, f"{AUTH_LINE}    notes: AKIAIOSFOD\n    caching: NN7EXAMPLE\n"))
    result = run("check", spec)
    assert result.exit_code == 2
    assert "flows[0]: holds an AWS key split over two fields" in result.stderr
    assert "IOSFOD" not in result.output and "NN7EXAMPLE" not in result.output


def test_a_secret_key_is_reported_where_its_mapping_is(write, run):
    spec = write("spec.yaml", _in_key("AKIAIOSFODNN7EXAMPLE"))
    result = run("check", spec)
    assert result.stderr.startswith(
        f"Error: {spec}:14: flows[0]: holds an AWS key as a field name; a spec names only")


def test_a_duplicate_secret_key_is_not_quoted_by_the_yaml_reader(write, run):
    spec = write("spec.yaml", CONTRACT_SPEC.replace(
        AUTH_LINE, f"{AUTH_LINE}    AKIAIOSFODNN7EXAMPLE: x\n    AKIAIOSFODNN7EXAMPLE: y\n"))
    result = run("check", spec)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {spec}:29: cannot be read, and the reason would repeat a "
                             "secret, so it is not shown; a spec names only the auth method, "
                             "never a secret value\n")
    assert "IOSFODNN7" not in result.output


@pytest.mark.parametrize(("name", "secret", "probe"), FORMS, ids=IDS)
def test_the_interview_refuses_a_secret_without_echoing_it(name, secret, probe):
    qn = load_questionnaire()
    asked = engine.next_question(qn, answered_until("flows[0].data", PUSH, qn))
    assert asked is not None
    problem = asked.parse(f"Leads {secret}").problem
    assert problem is not None and problem.startswith("That looks like ")
    assert probe not in problem and secret not in problem


@pytest.mark.parametrize("safe", [
    "SALESFORCE_JWT_PRIVATE_KEY", "The password lives in the vault.", "password: see the vault",
    "0132f9b48566755ac40daa438faa781981927127168a41e157410f04221a8403",  # a sha256 digest
    "123e4567-e89b-12d3-a456-426614174000", "X-HubSpot-Signature-v3", "oauth2-client-credentials",
    "https://dimagi.atlassian.net/wiki/spaces/commcarepublic/pages/2279637003/CommCare+API+Overview",
    "https://developers.hubspot.com/docs/api/create-and-edit-webhook-subscriptions-in-private-apps",
    "https://id.example.org/authorize?response_type=code&client_id=${CLIENT_ID}",
    "/services/data/v60.0/query", "flow-1-converted-leads-from-salesforce-to-netsuite-1",
    "password: N/A", "API key: stored in the vault", "Basic authentication, personal access tokens",
    "Bearer authentication", "https://api.example.org/list?sort_key=created_at&author=jsmith",
    "laws and draws", "Account.BillingAddress", "NORDADRESS_CLIENT_CERT",
    "3a5633e829d3c71-us2", "password: ${link}", "MONTHLY-REPORT-2024.csv",
])
def test_names_ids_digests_and_links_are_not_secrets(safe):
    assert secret_in_text(safe) is None


@pytest.mark.parametrize("shape", [
    "a" * 2**20, "a " * 2**19, "https://" * 2**17, "x://a:b" * 2**17, "eyJ" * 2**18,
    "password: a " * 2**16, "pwd:" * 2**18, "?token=$" * 2**17, "-----BEGIN " * 2**16,
    "Ａ" * 2**20, "AC" + "a" * 2**20, "ab/" * 2**18, "M" * 2**20, "N" + "a." * 2**19,
    "pwd: * " * 2**17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ " * 2**15,
], ids=lambda s: repr(s[:12]))
def test_a_mebibyte_is_scanned_in_linear_time(shape):
    """A 60,000-character title once took 13 s and 1 MiB minutes (a quadratic URL pattern);
    each shape here takes 0.05-0.5 s on a quiet 2-core machine. The bound is loose on
    purpose, so a busy machine does not fail it, while a quadratic scan still would."""
    started = time.perf_counter()
    secret_in_text(shape)
    assert time.perf_counter() - started < 5


COMMITTED = sorted([*SAMPLES.glob("*.yaml"), *SAMPLES.glob("compare/*.yaml"),
                    *SAMPLES.glob("briefs/*.yaml"), *(REPO / "catalog").glob("*.yaml")])


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: str(p.relative_to(REPO)))
def test_no_committed_sample_or_catalog_entry_holds_a_secret(path):
    tree = parse_tree(path.read_text(encoding="utf-8"), str(path))
    assert list(find_secrets(tree)) == []


def test_every_committed_sample_is_read(run):
    for path in COMMITTED:
        if "catalog" not in path.parts:
            result = run("check", str(path))
            assert result.exit_code in (0, 1), (path, result.output)


def test_checking_the_samples_never_loads_the_library():
    """Loading detect-secrets costs 150-300 ms, more than check's whole budget."""
    specs = [str(p) for p in COMMITTED]
    code = ("import sys\nfrom pathlib import Path\nfrom mailroom.spec.reading import parse_tree\n"
            "from mailroom.spec.secrets import find_secrets\n"
            f"for p in {specs!r}:\n    list(find_secrets(parse_tree(Path(p).read_text(), p)))\n"
            "print(sorted(m for m in sys.modules if m.startswith('detect_secrets')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


@pytest.mark.parametrize(("name", "secret", "probe"), [
    form for form in FORMS if form[0] in (
        "aws key in full-width letters", "slack webhook", "password in free text",
        "base64 of user:password", "client_secret in a query")], ids=lambda v: str(v)[:20])
def test_a_whole_interview_refuses_a_secret_and_never_writes_it(tmp_path, monkeypatch,
                                                                name, secret, probe):
    from mailroom.interview.run import run_interview

    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "spec.yaml"
    terminal = Scripted({**PUSH, "flows[0].notes": Then(f"See {secret}", "")})
    run_interview(path, terminal=terminal)
    assert terminal.keys.count("flows[0].notes") == 2  # refused, then asked again
    written = "".join(p.read_text() for p in tmp_path.rglob("*") if p.is_file()
                      and "cache" not in p.parts)
    for shown in (terminal.text(), written):
        assert probe not in shown and secret not in shown


def test_a_catalog_entry_holding_a_secret_is_refused_without_printing_it(tmp_path, run):
    """Entries are shown in documents and offered as answers: they are read like specs."""
    entry = (REPO / "catalog" / "sftp.yaml").read_text(encoding="utf-8")
    (tmp_path / "sftp.yaml").write_text(
        entry.replace("\n  note: ", "\n  note: Key AKIAIOSFODNN7EXAMPLE. ", 1), encoding="utf-8")
    result = run("catalog", "validate", str(tmp_path))
    assert result.exit_code == 2
    assert "api.note: holds an AWS key; a catalog entry names ways in" in result.output
    assert "IOSFODNN7" not in result.output
