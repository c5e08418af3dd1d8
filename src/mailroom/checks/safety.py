"""Moving data safely: personal data and the organisations it reaches, and credentials
that fit the interface (domain articles 002 and 004)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mailroom.checks.registry import Finding, Severity, flow_rule, graded_rule, spec_rule
from mailroom.facts.flows import FOLDER_TRANSPORTS
from mailroom.facts.grammar import data_words, event_words, join, possessive
from mailroom.facts.privacy import KIND_WORDS
from mailroom.facts.words import AUTH, TRANSPORT

if TYPE_CHECKING:
    from mailroom.catalog.loading import Catalog
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts

_API_METHODS = ("api-key", "oauth2-client-credentials", "oauth2-authorization-code",
                "oauth2-jwt-bearer", "basic", "mtls")
# The methods that usually open each kind of interface, and how to say them. A shared
# file folder varies too much to judge; "other" is anything.
_FITS: dict[str, tuple[tuple[str, ...], str]] = {
    "rest": (_API_METHODS, "an API key, OAuth 2.0, a user name and password (basic auth) or "
                           "a client certificate (mutual TLS)"),
    "graphql": (_API_METHODS, "an API key, OAuth 2.0, a user name and password (basic auth) "
                              "or a client certificate (mutual TLS)"),
    "soap": (_API_METHODS, "a user name and password, an API key, OAuth 2.0 or a client "
                           "certificate (mutual TLS)"),
    "webhook": (("api-key", "basic", "mtls", "oauth2-client-credentials", "oauth2-jwt-bearer"),
                "a shared secret or API key in a header, a user name and password (basic "
                "auth), a client certificate (mutual TLS) or an OAuth 2.0 token"),
    "sftp": (("ssh-key", "basic"), "an SSH key or a password"),
    "database": (("basic", "mtls", "ssh-key"), "a database user's password, a client "
                                               "certificate, or an SSH key for a tunnel"),
    "queue": (("api-key", "basic", "mtls", "oauth2-client-credentials", "oauth2-jwt-bearer"),
              "a user name and password, an access key, a client certificate (mutual TLS) "
              "or an OAuth 2.0 token"),
}


def _personal(facts: SpecFacts, flow: FlowFacts) -> str:
    """"Personal data (name, email)", with the fields when the spec names them."""
    fields = flow.personal.fields if flow.personal is not None else ()
    return "Personal data" + (f" ({join(list(fields))})" if fields else "")


@flow_rule("personal-data-bulk-file", "warning", "personal_data")
def personal_data_bulk_file(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """Bulk files of personal data held by another organisation are a data-protection
    concern: the register is handed over, or held there to produce the files; a push of
    only what is needed, when it changes, is the alternative (article 004). Files that
    carry only the changed records hand no register over."""
    spec, flow = facts.spec, flow_facts.flow
    if flow_facts.personal is None or flow_facts.transport not in FOLDER_TRANSPORTS:
        return None
    source, destination = spec.system(flow.source), spec.system(flow.destination)
    receiver_folder = False  # the receiver's only way in is a folder: files of changes
    if source is not None and source.third_party and flow_facts.direction == "pull":
        # the article's supplier: polled for files of changes to a register it monitors
        held = (f"{source.label} is run by another organisation: it keeps these files, and "
                "to produce them it holds the whole register, which must be kept up to date "
                "there")
    elif destination is not None and destination.third_party and flow.sends != "changes":
        held = (f"{destination.label} is run by another organisation, so each file hands it "
                "the whole register, which must then be kept in sync there"
                if flow.sends == "everything" else
                f"{destination.label} is run by another organisation, and whether each file "
                "carries only the changed records or the whole register is not recorded: a "
                "whole register would be handed over, and kept in sync there")
        receiver_folder = destination.interface_kind in FOLDER_TRANSPORTS
    else:
        return None  # no other organisation is known to hold a register
    instead = ("files of only the changed records that are needed" if receiver_folder else
               "a push of only the changed records that are needed, when they change (a "
               "webhook, for instance)")
    record = ("agree who deletes the files" if flow_facts.personal.agreement is not None
              else "record the legal basis and who deletes the files")
    return (
        f"{_personal(facts, flow_facts)} moves as bulk files through "
        f"{TRANSPORT[flow_facts.transport]}, from "
        f"{spec.label(flow.source)} to {spec.label(flow.destination)}. {held}: a "
        f"data-protection (GDPR) concern. Consider {instead}, and {record}."
    )


@graded_rule("auth-none-personal-data", "error", "auth.method")
def auth_none_personal_data(facts: SpecFacts, flow_facts: FlowFacts,
                            catalog: Catalog) -> tuple[Severity, str] | None:
    """An interface without authentication should not carry personal data; to another
    organisation, it must not."""
    personal = flow_facts.personal
    if personal is None or flow_facts.credential.method != "none":
        return None
    mailbox = facts.label(flow_facts.mailbox)
    if personal.other_organisation:
        return "error", (
            f"This flow carries personal data to {facts.label(personal.receiver)}, which "
            f"another organisation runs, yet {possessive(mailbox)} interface asks for no "
            "authentication: anyone who finds it can read or send that data. Choose how the "
            "mail person proves who it is (an API key, OAuth 2.0, a client certificate or an "
            "SSH key) before any personal data moves.")
    return "warning", (
        f"This flow carries personal data, yet {possessive(mailbox)} interface asks for no "
        "authentication, so anyone who finds it can use it. Choose how the mail person "
        "proves who it is: an API key, OAuth 2.0, a client certificate or an SSH key.")


@flow_rule("auth-transport-mismatch", "warning", "auth.method")
def auth_transport_mismatch(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """Some auth methods belong to some transports: an SSH key opens SFTP, not a REST API."""
    transport, method = flow_facts.transport, flow_facts.credential.method
    if method in (None, "none", "other") or transport not in _FITS:
        return None
    fits, fit_words = _FITS[transport]
    if method in fits:
        return None
    return (
        f"The mail person is to authenticate with {AUTH[method]}, but "
        f"{TRANSPORT[transport]} usually takes {fit_words}. Check with the owner of "
        f"{facts.label(flow_facts.mailbox)} which of these its interface accepts, and record "
        "that method."
    )


@flow_rule("personal-data-no-agreement", "warning", "personal_data_agreement")
def personal_data_no_agreement(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Personal data that reaches another organisation needs an agreement that covers it."""
    personal = flow.personal
    if personal is None or not personal.other_organisation or personal.agreement != "none":
        return None
    receiver = facts.label(personal.receiver)
    return (
        f"{_personal(facts, flow)} reaches {receiver}, which another organisation runs, and "
        "nothing covers it there. Decide: sign a data-processing agreement with them, or "
        "record the other lawful basis it moves on; and send only the data that is needed, "
        "or none that is personal."
    )


@flow_rule("event-push-whole-register", "warning", "sends")
def event_push_whole_register(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A push on an event carries the record that changed, not the whole register."""
    spec_flow = flow.flow
    if spec_flow.trigger != "event" or flow.direction != "push" or spec_flow.sends != \
            "everything":
        return None
    source, destination = facts.label(spec_flow.source), facts.label(spec_flow.destination)
    when = event_words(facts.spec, spec_flow) or "the event happens"
    return (
        f"Each time {when}, {source} pushes all the {data_words(facts.spec, spec_flow)} "
        f"to {destination}, not only the record that changed: the whole register travels "
        f"again and again, and {destination} must sort through it. Decide: send only the "
        "changed record with each event (only the data that is needed should travel); or, "
        "if the whole register is really needed, send it on a schedule instead."
    )


@spec_rule("credential-shared", "warning")
def credential_shared(facts: SpecFacts) -> Iterator[Finding]:
    """"Credentials are held by the mail person for the mailbox's interface": each
    system issues its own, so one name for two systems' credentials is a mistake (often a
    flow copied from another), and whoever sets them up gets one of them wrong."""
    first: dict[str, tuple[str, int]] = {}  # credential name -> (its mailbox, flow number)
    for flow in facts.flows:
        name, mailbox = flow.credential.name, flow.mailbox
        if not name or mailbox is None:
            continue
        other, number = first.setdefault(name, (mailbox, flow.number))
        if other == mailbox:
            continue
        here = facts.label(mailbox)
        yield Finding("warning", "credential-shared", (
            f"Flow {flow.number} names the credential {name} for {here}, but flow {number} "
            f"names the same credential for {facts.label(other)}. Each system issues its own "
            "credentials, so one name cannot hold both: whoever sets them up will give one "
            f"of the two systems the wrong one. Decide: give {possessive(here)} credential a "
            "name of its own."), flow.id, "auth.credential_name")


def _kinds(kinds: tuple[str, ...]) -> str:
    words = join([KIND_WORDS[k] for k in kinds])
    return words[:1].upper() + words[1:]


@flow_rule("sensitive-file-unencrypted", "warning", "file.encrypted")
def sensitive_file_unencrypted(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Identity numbers, financial or health data in a file left for another organisation
    must be encrypted while it waits: whoever can open the folder can read it."""
    personal, file = flow.personal, flow.file
    if personal is None or file is None or not personal.sensitive_data or file.encrypted:
        return None
    spec_flow = flow.flow
    ends = [facts.spec.system(s) for s in (spec_flow.destination, flow.mailbox)]
    other = next((s for s in ends if s is not None and s.third_party), None)
    if other is None:
        return None
    state = ("is not encrypted while it waits" if file.encrypted is False else
             "whether it is encrypted while it waits is not recorded")
    return (
        f"{_kinds(personal.sensitive_data)} travel in a file to {other.label}, which another "
        f"organisation runs, and {state}: whoever can open the folder can read them. Decide: "
        "encrypt each file for the receiver (PGP with their public key, for instance) before "
        "it is left, and send only the fields that are needed.")


@flow_rule("sensitive-no-access-control", "warning", "access_control")
def sensitive_no_access_control(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Identity numbers, financial or health data should reach only a system that says who
    can see them there."""
    personal = flow.personal
    if personal is None or not personal.sensitive_data:
        return None
    receiver = facts.spec.system(personal.receiver)
    if receiver is None or receiver.access_control:
        return None
    return (
        f"{_kinds(personal.sensitive_data)} reach {receiver.label}, and who can see them "
        f"there is not stated. Record who may see them in {receiver.label} (roles, or a named "
        "team), and keep it to those who need them.")


@flow_rule("file-overwrite-risk", "warning", "file.if_not_collected")
def file_overwrite_risk(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A file written under the same name every run, with nothing that checks whether the
    last one was collected, overwrites a file still waiting: its records never arrive."""
    file = flow.file
    if file is None or flow.action != "upload" or file.unique_per_run is not False or \
            file.if_not_collected in ("kept", "run-waits"):
        return None
    folder = f"{possessive(facts.label(flow.mailbox))} folder"
    said = ("the spec says the new file replaces it" if file.if_not_collected == "overwritten"
            else "nothing says what happens then")
    return (
        f"Every run writes {file.name} into {folder} under the same name, and when the last "
        f"file has not been collected yet {said}: the waiting file is overwritten and its "
        "records never reach the receiver. Decide: put the date in the name "
        "(YYYY-MM-DD, so each run's file is its own), or have the run check that the last "
        "file was collected and otherwise wait and tell someone.")
