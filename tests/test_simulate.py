"""`mailroom simulate` with the Python engine: transcripts, checks, and nothing left behind.

Each sample's transcript is kept as a snapshot in tests/snapshots/simulate/<sample>.txt
(ports and times replaced). After a deliberate change, regenerate them and review the diff:

    MAILROOM_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_simulate.py
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time

import pytest
from tests.conftest import CONTRACT_SPEC, REPO, SAMPLES

from mailroom.simulate import simulate
from mailroom.simulate import steps as step_functions
from mailroom.simulate.mocks import MAX_REQUESTS, Journal, MockServer, Request
from mailroom.simulate.routes import ReceiverRoute
from mailroom.simulate.step_tools import send
from mailroom.spec.reading import load_spec
from mailroom.spec.records import as_data

SPECS = sorted(SAMPLES.glob("*.yaml"))
SNAPSHOTS = REPO / "tests" / "snapshots" / "simulate"
UPDATE = os.environ.get("MAILROOM_UPDATE_SNAPSHOTS") == "1"


def flat(text: str) -> str:
    """The transcript with its lines joined: wrapping does not matter here."""
    return " ".join(text.split())


def ports_in(text: str) -> set[int]:
    return {int(p) for p in re.findall(r"http://127\.0\.0\.1:(\d+)", text)}


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("sample", SPECS, ids=lambda p: p.stem)
def test_every_sample_passes_and_leaves_nothing_running(run, sample):
    result = run("simulate", str(sample))
    assert result.exit_code == 0, result.output
    workflows = result.output.count("\n  PASS ")
    assert workflows >= 1
    assert result.output.splitlines()[-1] == f"{workflows} passed, 0 failed"
    assert "✗" not in result.output
    ports = ports_in(result.output)
    assert ports or "temporary folder" in result.output
    assert not [p for p in ports if listening(p)]
    assert not [t for t in threading.enumerate() if t.name.startswith("mock-")]


@pytest.mark.parametrize("sample", SPECS, ids=lambda p: p.stem)
def test_every_transcript_matches_its_snapshot(sample):
    from mailroom.simulate.transcript import transcript

    report = simulate(load_spec(sample).spec, source=f"samples/{sample.name}")
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", transcript(report))
    text = re.sub(r"stopped; \d+\.\d s in all", "stopped; T s in all", text)
    snapshot = SNAPSHOTS / f"{sample.stem}.txt"
    if UPDATE:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot {snapshot}; write it with MAILROOM_UPDATE_SNAPSHOTS=1"
    assert text == snapshot.read_text(encoding="utf-8"), (
        f"{snapshot.name} differs; if the change is meant, regenerate with "
        "MAILROOM_UPDATE_SNAPSHOTS=1 (see this file's docstring)")


def test_the_transcript_says_who_calls_whom_with_what(run):
    result = run("simulate", str(SAMPLES / "contacts-poll-netsuite-salesforce.yaml"))
    out = flat(result.output)
    assert "NetSuite is the mail person: it starts every exchange of these runs." in out
    # Salesforce's own dialect: SOQL with a LastModifiedDate filter, nextRecordsUrl paging.
    assert ("NetSuite → Salesforce GET /services/data/v60.0/query?q=SELECT Id, LastModifiedDate, "
            "name,") in out
    assert "NetSuite → Salesforce GET /services/data/v60.0/query/01gSIM000000001-3 → 500" in out
    assert ("NetSuite → Salesforce GET /services/data/v60.0/query/01gSIM000000001-3 (retry 1) "
            "→ 200 2 record(s), done") in out
    assert "WHERE LastModifiedDate > 2024-05-01T08:05:00Z ORDER BY LastModifiedDate, Id" in out
    assert "NetSuite → NetSuite's own records POST /TODO/salesforce-to-netsuite/own-records" in out
    assert "Cursor: none before, 2024-05-01T08:05:00.000+0000 after." in out
    assert ("Cursor: 2024-05-01T08:05:00.000+0000 before, 2024-05-01T08:08:00.000+0000 after."
            in out)
    assert ("Dead-lettered: salesforce-to-netsuite:001SIM000000000004@2024-05-01T08:04:00.000+0000"
            in out)
    assert "the token endpoint took the credential's stored JWT assertion as it is" in out
    assert "✓ the cursor moved forward with what was saved" in out
    assert "(asks for an access token) → 200 token issued" in out


def test_duplicates_retries_and_dead_letters_are_shown(run):
    out = flat(run("simulate", str(SAMPLES / "press-release-push-pr-agency.yaml")).output)
    assert "→ 200 duplicate: this idempotency key was delivered before; skipped" in out
    assert "POST /v2/releases (retry 1) → 201 stored" in out
    assert "→ 422 injected permanent 422" in out
    assert ("✓ repeated deliveries skipped by the mock of Brightline PR, by their idempotency "
            "key: 1 (expected 1) · generic mock") in out
    assert "✓ permanent failure dead-lettered at once, not retried" in out
    assert "Each speaks one generic dialect, the same for every system" in out
    checks = out.split(" Checks ", 1)[1]
    assert checks.count("· generic mock") >= 4  # every check a mock judged says so


def test_a_push_into_netsuite_is_shown_as_netsuite_answers_it(run):
    out = flat(run("simulate", str(SAMPLES / "lead-push-salesforce-netsuite.yaml")).output)
    assert "PUT /services/rest/record/v1/customer/eid:salesforce-to-netsuite_3aaccount-0002 " \
        "(retry 1) → 204 created" in out
    assert "→ 204 updated: this external id was upserted before" in out
    assert "→ 400 injected permanent 400: INVALID_CONTENT" in out
    assert ("✓ repeated deliveries updated the record they created (an upsert by external id): "
            "1 (expected 1)") in out
    assert "✓ permanent failure dead-lettered at once, not retried" in out
    assert "Shaped like the vendor: NetSuite's mock" in out
    assert "generic mock" not in out.split(" Checks ", 1)[1]


def test_full_fetch_skips_duplicates_poll_by_poll(run):
    out = flat(run("simulate", str(SAMPLES / "hr-nightly-new-employees.yaml")).output)
    assert "Fetched 5 record(s), 3 skipped as duplicates (already taken)." in out
    assert "✓ duplicates skipped by the duplicate check, poll by poll: 0, 3, 5" in out
    assert "Intranet → SAP HCM lists /outbound/intranet/new-hires and reads every file" in out


def test_a_webhook_url_is_registered_before_events_and_then_called(run):
    out = flat(run("simulate", str(SAMPLES / "cdm-webhook-address-changes.yaml")).output)
    registered = out.index("→ 201 receiver URL registered")
    assert registered < out.index("Event 1:")
    assert "does not check the client certificate (plain HTTP on 127.0.0.1)" in out


def test_a_real_time_pull_with_a_cache_spares_a_call(run):
    out = flat(run("simulate", str(SAMPLES / "intranet-hr-office-lookup.yaml")).output)
    assert "Staff intranet answers from its cache; BambooHR is not asked." in out
    assert "✓ Request 5 got no answer, so the fallback" in out


def test_a_platform_in_the_middle_receives_then_pushes(run):
    out = flat(run("simulate", str(SAMPLES / "commcare-openfn-dhis2.yaml")).output)
    assert "CommCare → OpenFn POST /i/commcare-to-dhis2-through-openfn" in out
    assert "OpenFn → DHIS2 POST /api/tracker" in out
    assert out.index("CommCare → OpenFn") < out.index("OpenFn → DHIS2")


def test_a_mail_person_that_does_not_retry_fails_the_run(run, monkeypatch):
    from mailroom.simulate import step_tools as runner

    monkeypatch.setattr(runner, "MAX_ATTEMPTS", 1)
    result = run("simulate", str(SAMPLES / "press-release-push-pr-agency.yaml"))
    assert result.exit_code == 1
    assert "✗ retried after Brightline PR answered 429 (1 attempt(s))" in flat(result.output)
    assert "FAIL intranet-to-brightline" in result.output
    assert result.output.splitlines()[-1] == "0 passed, 1 failed"


def test_a_mail_person_without_idempotency_keys_stores_twice(run, monkeypatch):
    from mailroom.simulate import step_tools as runner

    counter = iter(range(1000))
    monkeypatch.setattr(step_functions, "idempotency_key",
                        lambda flow, record, *fields: f"{flow}:{next(counter)}")
    result = run("simulate", str(SAMPLES / "press-release-push-pr-agency.yaml"))
    assert result.exit_code == 1
    assert ("✗ every record to be delivered reached Brightline PR exactly once"
            in flat(result.output))
    assert runner.idempotency_key("a", {"id": 1}) == "a:1"


def test_a_mail_person_that_sends_wrong_credentials_is_refused(run, monkeypatch):
    monkeypatch.setattr(step_functions, "auth_headers", lambda *a: {"X-API-Key": "wrong"})
    result = run("simulate", str(SAMPLES / "press-release-push-pr-agency.yaml"))
    assert result.exit_code == 1
    assert "→ 401 refused: missing or wrong API key" in flat(result.output)
    assert "✗ 5 run(s) failed; first: Event 1:" in flat(result.output)


def test_flows_that_cannot_be_simulated_say_why(write, run):
    text = CONTRACT_SPEC.replace("transport: rest", "transport: queue")
    result = run("simulate", write("spec.yaml", text))
    assert result.exit_code == 0
    assert ("NOT SIMULATED: a queue mailbox needs a message broker; mailroom does not mock one"
            in flat(result.output))
    assert result.output.splitlines()[-1] == "0 passed, 0 failed"


def test_undecided_roles_are_not_simulated(write, run):
    """Nothing says who starts it: a schedule fits a push and a pull alike."""
    text = CONTRACT_SPEC.replace("    mail_person: salesforce\n", "").replace(
        "    mailbox: netsuite\n", "").replace("    direction: push\n", "").replace(
        "trigger: event", "trigger: schedule").replace("    event: a lead is converted\n", "")
    out = flat(run("simulate", write("spec.yaml", text)).output)
    assert "Who is the mail person is not decided yet." in out
    assert "NOT SIMULATED: who is the mail person (and so push or pull) is not decided" in out


def test_an_unreadable_spec_is_exit_2(run, tmp_path):
    result = run("simulate", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'missing.yaml'}: no such file\n"


def test_secrets_stay_out_of_the_transcript():
    from mailroom.simulate.transcript import transcript

    for sample in SPECS:
        report = simulate(load_spec(sample).spec, source=str(sample))
        text = transcript(report)
        assert report.secrets or "oauth" not in text.lower()
        for secret in report.secrets:
            assert secret not in text


# -- the mocks are bounded ------------------------------------------------------------------


def test_a_mock_stops_by_itself_at_its_deadline():
    server = MockServer("x", "X", Journal(), time.monotonic() + 0.3)
    server.start()
    port = int(server.url.rsplit(":", 1)[1])
    assert listening(port)
    time.sleep(0.8)
    assert not listening(port)  # closed by itself, before anyone stopped it
    assert send("GET", server.url + "/").status == 0
    server.stop()


def test_a_mock_answers_a_bounded_number_of_requests():
    journal = Journal()
    server = MockServer("x", "X", journal, time.monotonic() + 30)
    server.add(ReceiverRoute("/in", "Someone", None))
    request = Request("POST", "/in", {}, {}, {"id": 1})
    for _ in range(MAX_REQUESTS):
        server.dispatch(request)
    route, answer = server.dispatch(request)
    assert route is None and answer.status == 503
    assert journal.limit_hit == ["X"]
    server.server_close()


def test_runs_stop_at_the_deadline():
    """A timeout shorter than the scenario: the mocks stop answering at the deadline and
    the checks say so, quickly."""
    report = simulate(load_spec(SAMPLES / "lead-push-salesforce-netsuite.yaml").spec,
                      timeout=0.001)
    assert report.failed == 1 and report.elapsed < 5
    assert not report.workflows[0].checks[1].ok  # nothing reached NetSuite after the deadline


# -- the OpenFn engine's installer and process, without the network ---------------------


def test_without_node_the_openfn_engine_says_what_to_do(run, monkeypatch):
    import shutil

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "node" else real(name))
    result = run("simulate", str(SAMPLES / "lead-push-salesforce-netsuite.yaml"), "--engine",
                 "openfn")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --engine openfn needs Node.js 18 or newer (`node` is not on PATH); install it, "
        "or simulate with the Python engine (the default)\n")


FAKE_NPM = """#!/bin/sh
# Writes package.json for each name@version after --prefix DIR, as npm install would.
echo called >> "$CALLS"
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    -*) shift ;;
    install) shift ;;
    *) name="${1%@*}"; version="${1##*@}"; mkdir -p "$prefix/node_modules/$name"
       printf '{"name": "%s", "version": "%s"}' "$name" "$version" \
         > "$prefix/node_modules/$name/package.json"; shift ;;
  esac
done
"""


def test_the_installer_installs_once_and_says_so(tmp_path, monkeypatch):
    from mailroom.simulate.openfn_engine import ensure_installed

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "npm").write_text(FAKE_NPM)
    (bin_dir / "npm").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("CALLS", str(tmp_path / "calls"))
    said: list[str] = []
    packages = {"@openfn/runtime": "1.9.5", "@openfn/language-http": "7.2.10"}
    folder = tmp_path / "cache"
    modules = ensure_installed(folder, packages, say=said.append)
    assert modules == folder / "node_modules"
    assert said == [f"Installing the OpenFn runtime into {folder} (first use only): "
                    "@openfn/runtime@1.9.5 @openfn/language-http@7.2.10"]
    assert ensure_installed(folder, packages, say=said.append) == modules
    assert len(said) == 1 and (tmp_path / "calls").read_text().count("called") == 1


def test_a_node_process_that_does_not_answer_is_killed(tmp_path):
    import shutil

    from mailroom.errors import MailroomError
    from mailroom.simulate.openfn_engine import NodeSession

    node = shutil.which("node")
    if node is None:
        pytest.skip("no node")
    session = NodeSession([node, "-e", "setInterval(() => {}, 1000)"], time.monotonic() + 0.5)
    with pytest.raises(MailroomError, match="did not answer in time; it was stopped"):
        session.run({})
    assert session.process.poll() is not None  # killed, not left running


# What a simulation of each mix of answers must come to: PASS, or the reason it is not
# simulated (a push is Salesforce's, a pull NetSuite's).
NOT_DECIDED = "the transport of salesforce-to-netsuite is not decided"
NO_DATABASE = "a database mailbox needs a database; mailroom does not mock one yet"
PULL_ON_EVENT = "a pull cannot start on an event (mailroom check: event-needs-push)"
PULLED_WEBHOOK = ("a webhook is the source calling out, so it cannot be pulled (mailroom check: "
                  "webhook-is-push)")
PULL_WHEN = "when the pull runs (schedule or on demand) is not decided"


def expected_outcome(direction: str, trigger: str | None, transport: str | None) -> str:
    if direction == "pull" and transport == "webhook":
        return PULLED_WEBHOOK
    if direction == "pull" and trigger is None:
        return PULL_WHEN
    if direction == "pull" and trigger == "event":
        return PULL_ON_EVENT
    if direction == "pull" and trigger == "on-demand" and transport in ("sftp", "file"):
        return (f"a real-time pull from a {transport} folder: mailroom writes folder reads for "
                "scheduled pulls only; decide how the file is read on demand")
    if transport is None:
        return NOT_DECIDED
    return NO_DATABASE if transport == "database" else "PASS"


@pytest.mark.parametrize("transport", ["rest", "webhook", "sftp", "file", "database", None])
@pytest.mark.parametrize("trigger", ["event", "schedule", "on-demand", None])
@pytest.mark.parametrize(("sample", "direction"), [("lead-push-salesforce-netsuite.yaml", "push"),
                                                   ("contacts-poll-netsuite-salesforce.yaml",
                                                    "pull")])
def test_any_mix_of_answers_is_simulated_or_said_to_be_impossible(sample, direction, trigger,
                                                                   transport):
    """Stub and simulation never crash on a spec: each flow passes, or is not simulated for
    the reason the facts give (and only then)."""
    from mailroom.spec.model import Spec
    from mailroom.stub import build_stub, provenance

    data = as_data(load_spec(SAMPLES / sample).spec)
    data["flows"][0].update(trigger=trigger, transport=transport)
    for system in data["systems"]:  # the transport alone: no way in to take it from
        system["interface_kind"] = None
    spec = Spec.model_validate(data)
    build_stub(spec, provenance(spec))
    (workflow,) = simulate(spec).workflows
    outcome = workflow.skipped or ("PASS" if workflow.passed else "FAIL")
    assert outcome == expected_outcome(direction, trigger, transport), \
        [c.text for c in workflow.checks if not c.ok]


@pytest.mark.parametrize("kind", ["rest", "sftp"])
def test_a_flow_without_a_transport_is_simulated_through_the_mailboxs_way_in(kind):
    """The transport left to the details: the mailbox's way in says how the data travels,
    and the simulation delivers through it (a file into a folder for SFTP)."""
    from mailroom.spec.model import Spec

    data = as_data(load_spec(SAMPLES / "lead-push-salesforce-netsuite.yaml").spec)
    data["flows"][0].update(transport=None)
    for system in data["systems"]:
        system["interface_kind"] = kind if system["id"] == "netsuite" else None
    (workflow,) = simulate(Spec.model_validate(data)).workflows
    assert workflow.skipped is None and workflow.passed, \
        [c.text for c in workflow.checks if not c.ok]
    assert workflow.workflow.flows[0].is_folder == (kind == "sftp")


def test_an_inferred_mail_person_is_said_to_be_inferred(write, run):
    """Nobody stated the mail person, but the webhook leaves no choice: Salesforce pushes,
    and the transcript says that it was inferred, and from what."""
    text = CONTRACT_SPEC.replace("    mail_person: salesforce\n", "").replace(
        "    mailbox: netsuite\n", "").replace("    direction: push\n", "").replace(
        "transport: rest", "transport: webhook")
    out = flat(run("simulate", write("spec.yaml", text)).output)
    assert ("Salesforce is the mail person (inferred: a webhook is the source calling a URL at "
            "the destination, so the source pushes): it starts every exchange") in out


def test_systems_whose_flows_share_a_credential_name_keep_their_own_mocks():
    """Three scheduled pulls, each from its own system, copied from one another down to
    the credential's name: each run knocks on its own system's mock and passes."""
    from mailroom.spec.model import Spec

    sources = ["alpha", "beta", "gamma"]
    spec = Spec.model_validate({
        "spec": 1, "title": "Three sources",
        "systems": [{"id": s, "name": s.capitalize(), "api": True} for s in sources]
        + [{"id": "hub", "name": "Hub", "api": True, "skills": True}],
        "flows": [{"id": f"{s}-to-hub", "data": f"{s.capitalize()} records (name)", "source": s,
                   "destination": "hub", "mail_person": "hub", "trigger": "schedule",
                   "schedule": "every 30 minutes", "change_detection": "modified-since",
                   "transport": "rest", "format": "json",
                   "auth": {"method": "api-key", "credential_name": "SHARED_API_KEY"}}
                  for s in sources]})
    report = simulate(spec)
    assert [w.passed for w in report.workflows] == [True, True, True], [
        c.text for w in report.workflows for c in w.checks if not c.ok]
    for workflow, source in zip(report.workflows, sources, strict=True):
        lines = workflow.mailboxes  # each mock's line, then the routes it serves
        polled = lines.index(f"  GET /TODO/{source}-to-hub  serves records page by page, "
                             "newer than modified_since; checks the API key header")
        server = next(line for line in reversed(lines[:polled]) if not line.startswith(" "))
        assert server.split()[0] == source.capitalize()


def test_a_run_that_gives_up_on_records_ends_failed_and_says_whom_to_tell(run):
    """The report step ends the run in error (the platform's failure alert fires) and
    names whom the spec says; the cursor still moves on, as Lightning starts the next cron
    run from the cursor step's last successful output."""
    result = run("simulate", str(SAMPLES / "contacts-poll-netsuite-salesforce.yaml"))
    out = flat(result.output)
    assert result.exit_code == 0, result.output
    assert ("Run failed: report-failures: 1 record(s) not delivered: tell Aisha Mensah and the "
            "finance systems inbox") in out
    assert "✓ every run completed (3); 1 ended failed, as it must" in out
    assert ("✓ the cursor moved forward with what was saved: 2024-05-01T08:05:00.000+0000 → "
            "2024-05-01T08:08:00.000+0000") in out
    from mailroom.stub import build_stub, provenance

    loaded = load_spec(SAMPLES / "contacts-poll-netsuite-salesforce.yaml")
    files = build_stub(loaded.spec, provenance(loaded))[1]
    job = next(text for name, text in files.items() if name.endswith("/report-failures.js"))
    assert "if (letters.length) throw new Error(" in job
    assert 'const ALERT = "tell Aisha Mensah and the finance systems inbox' in job


def test_a_mapped_field_is_read_by_the_name_the_source_gives_it():
    """source_field as the system spells it (LastName, FNAME), and a related record's field
    (Account.Name) where the answer nests it, as Salesforce's does; flat keys first."""
    from mailroom.simulate.steps import field_of

    answer = {"LastName": "Okafor", "Account": {"Name": "Acme"}, "Contact.Email": "a@x.example"}
    assert field_of(answer, "LastName") == "Okafor"
    assert field_of(answer, "Account.Name") == "Acme"
    assert field_of(answer, "Contact.Email") == "a@x.example"
    assert field_of(answer, "Account.Phone") is None
    assert field_of(answer, "last_name") is None  # never a made-up spelling


def test_a_dead_letters_reason_ends_in_one_full_stop():
    """A vendor's refusal that is a sentence already ("Improperly formatted XML.") is not
    given a second full stop; one without gets its own."""
    from mailroom.simulate.transcript import _state_lines

    state = {"deadLetters": [
        {"key": "form-0001", "status": 400, "attempts": 1, "reason": "Improperly formatted XML."},
        {"key": "form-0002", "status": 422, "attempts": 1, "reason": "no such field"},
        {"key": "form-0003", "error": "held back: the folder is not collected yet."}]}
    text = " ".join(_state_lines(state, None, False, False))
    assert "Improperly formatted XML. " in text + " " and ".." not in text
    assert "no such field." in text and "collected yet." in text
