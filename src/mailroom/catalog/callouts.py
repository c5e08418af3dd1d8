"""How a catalog system calls out, in plain words: for the brief, the document, the checks
and `mailroom catalog show`. Pure functions of an entry (a model or a record)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailroom.catalog.model import CalloutFact, Entry

PAYLOADS = {"json": "JSON", "soap-xml": "SOAP XML messages", "xml": "XML",
            "form-encoded": "form-encoded fields", "other": "its own format"}
REGISTRATION = {"api": "registered through its API", "manual": "set up by hand in its settings"}


def security_words(callout: CalloutFact, system: str) -> list[str]:
    """How a receiver tells a call is genuine, one phrase each ("the organisation id in
    each message")."""
    words = {
        "hmac-signature": "a signature of each call"
        + (f" in its {callout.signature_header} header" if callout.signature_header else ""),
        "shared-secret": "a secret key the receiver chooses, sent with each call",
        "organisation-id": f"the {system} organisation id in each message",
        "ip-allow-list": f"{system}'s published IP addresses",
        "client-certificate": f"{system}'s client certificate",
        "basic": "a user name and password the receiver issues",
        "token": "a token the receiver issues, sent with each call",
        "none": "nothing: the calls are not signed",
    }
    return [words[s] for s in callout.security]


# Which documented ways of proving a call genuine can carry a credential of each kind the
# spec names for the caller. A method missing here is one no callout can carry.
CARRIES: dict[str, set[str]] = {
    "api-key": {"shared-secret", "token"},
    "basic": {"basic"},
    "mtls": {"client-certificate"},
}


def either(parts: list[str]) -> str:
    """"a", "a or b", "a, b or c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def pushes(entry: Entry | None) -> list[CalloutFact]:
    return [c for c in entry.callouts if c.delivery == "push"] if entry is not None else []


def subscriptions(entry: Entry | None) -> list[CalloutFact]:
    return [c for c in entry.callouts if c.delivery == "subscribe"] if entry is not None else []


def can_carry(method: str, callouts: list[CalloutFact]) -> bool | None:
    """Whether some documented push can carry a credential of this kind: None where the
    vendor documents nothing about how its calls are secured, or the kind is not one to
    carry ("other", "none")."""
    documented = [c for c in callouts if c.security]
    if not documented or method in ("other", "none"):
        return None
    return any(set(c.security) & CARRIES.get(method, set()) for c in documented)


def registration_of(entry: Entry | None) -> tuple[str, CalloutFact] | None:
    """How the receiver URL is registered, where every documented push agrees."""
    found = {c.registration for c in pushes(entry)}
    if len(found) != 1 or None in found:
        return None
    callout = pushes(entry)[0]
    assert callout.registration is not None
    return callout.registration, callout


def describe(callout: CalloutFact, system: str, checks: bool = True) -> str:
    """"outbound messages: SOAP XML messages to a receiver URL set up by hand in its
    settings; the receiver tells they are genuine by …"."""
    if callout.delivery == "subscribe":
        text = (f"{callout.mechanism}: the receiving side subscribes to them and they come "
                "down that connection; there is no receiver URL to register")
    else:
        what = PAYLOADS.get(callout.payload or "", "calls")
        text = f"{callout.mechanism}: {what} sent to a receiver URL"
        if callout.registration:
            text += f" {REGISTRATION[callout.registration]}"
    words = security_words(callout, system) if checks else []
    if words and callout.security != ["none"]:
        text += "; the receiver tells they are genuine by " + either(words)
    elif words:
        text += "; " + words[0]
    return text
