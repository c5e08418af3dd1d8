"""The flow as a sentence whose subject is the mail person.

"Salesforce pushes converted leads into NetSuite's REST API when a lead is converted"
and "NetSuite pulls converted leads from Salesforce's REST API every 15 minutes"
describe different work for different people: the subject is the system whose code
starts the exchange. A role that was inferred rather than stated says so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mailroom.spec.schedule import describe_schedule

if TYPE_CHECKING:
    from mailroom.facts.roles import Role, Roles
    from mailroom.spec.model import Flow, Spec

VERBS: dict[str, str] = {"push": "pushes", "pull": "pulls"}
INTERFACE_WORDS: dict[str, str] = {
    "rest": "REST API",
    "soap": "SOAP API",
    "graphql": "GraphQL API",
    "webhook": "webhook receiver",
    "sftp": "SFTP folder",
    "database": "database",
    "queue": "queue",
    "file": "file drop",
    "other": "interface",
}
# Why a role was inferred, in words that follow "inferred: ".
REASON_WORDS: dict[str, str] = {
    "other-end": "a flow is one leg, so it is the other end",
    "direction": "the stated direction names it",
    "webhook": "a webhook is the source calling a URL at the destination, so the source "
               "pushes",
    "event": "only the system where an event happens can act on it at once, so a flow "
             "started by an event is a push from the source",
}


def sentence(spec: Spec, flow: Flow, roles: Roles, transport: str | None = None, *,
             with_roles: bool = False) -> str:
    """The flow read back with the mail person as the subject, as far as it is known;
    `transport` is how the data travels as the facts know it (the flow's answer, else
    the mailbox's way in)."""
    names = system_names(spec)
    data = _data_phrase(flow.data, names)
    mail_person = spec.label(roles.mail_person.system) if roles.mail_person.known else None
    mailbox = _mailbox_phrase(spec, roles.mailbox.system, transport)
    if with_roles and mail_person:
        mail_person += role_mark("mail person", roles.mail_person)
    if with_roles and roles.mailbox.known:
        mailbox += role_mark("mailbox", roles.mailbox)
    if roles.direction == "push":
        core = f"{mail_person} pushes {data} into {mailbox}"
    elif roles.direction == "pull":
        core = f"{mail_person} pulls {data} from {mailbox}"
    elif mail_person:  # roles that contradict each other: say so rather than choose
        core = (
            f"{mail_person} moves {data} from {spec.label(flow.source)} to "
            f"{spec.label(flow.destination)} (who pushes and who pulls does not add up)"
        )
    else:
        core = (
            f"{data[0].upper()}{data[1:]} move from {spec.label(flow.source)} to "
            f"{spec.label(flow.destination)}"
        )
        return f"{core} {_timing(flow, names)}; which of them starts it is not decided yet."
    return f"{core} {_timing(flow, names)}."


def role_mark(word: str, role: Role) -> str:
    """" (mail person)", or " (mail person, inferred)" for a role nobody stated."""
    return f" ({word}, inferred)" if role.inferred else f" ({word})"


def inferred_words(role: Role) -> str:
    """Why an inferred role is what it is: "inferred: a webhook is …"."""
    return f"inferred: {REASON_WORDS[role.reason or 'other-end']}"


def data_words(spec: Spec, flow: Flow) -> str:
    """What moves, as it reads inside a sentence: "converted leads" (details in brackets
    left out, the first letter lowered unless it starts a name)."""
    return _data_phrase(flow.data, system_names(spec))


def event_words(spec: Spec, flow: Flow) -> str | None:
    """The event (or the demand) as it reads after "when": "a lead is converted"."""
    return _event_phrase(flow.event, system_names(spec))


def timing_words(spec: Spec, flow: Flow) -> str:
    """When the flow runs, as it reads at the end of its sentence: "when a lead is
    converted", "every day at 02:00", "on demand, when an employee logs in"."""
    return _timing(flow, system_names(spec))


def interface_words(spec: Spec, mailbox: str | None, transport: str | None) -> str | None:
    """The mailbox's way in, in words. Once its kind is known, the kind the data travels
    by ("SFTP folder", "REST API"): the system's `interface` then says where it is (a path,
    a folder), which is told elsewhere. Before that, the system's own description ("press
    release intake API"), else the transport's words; None when nothing is known."""
    system = spec.system(mailbox)
    kind = system.interface_kind if system is not None else None
    if kind not in (None, "none", "other") and transport not in (None, "other"):
        return INTERFACE_WORDS[transport]
    if system is not None and system.interface:
        return system.interface
    return INTERFACE_WORDS.get(transport or "")


def _data_phrase(data: str | None, names: set[str]) -> str:
    if not data:
        return "records (not described yet)"
    text = re.sub(r"\s*[(（][^)）]*[)）]", "", data).strip() or data.strip()
    return sentence_start_lowered(text.rstrip("."), names, evidence=data)


def system_names(spec: Spec) -> set[str]:
    """The systems' names: a text starting with one keeps its capital."""
    return {s.label for s in spec.systems}


def _mailbox_phrase(spec: Spec, mailbox: str | None, transport: str | None) -> str:
    if mailbox is None:
        return "a mailbox not decided yet"
    name = spec.label(mailbox)
    interface = interface_words(spec, mailbox, transport)
    if interface is None:
        return name
    return f"{possessive(name)} {interface}"


def possessive(name: str) -> str:
    """"NetSuite's", "Books'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _timing(flow: Flow, names: set[str]) -> str:
    event = _event_phrase(flow.event, names)
    if flow.trigger == "event":
        if not event:
            return "when an event happens (which event is not decided yet)"
        return f"when {event}"
    if flow.trigger == "schedule":
        if not flow.schedule:
            return "on a schedule not decided yet"
        return describe_schedule(flow.schedule)
    if flow.trigger == "on-demand":
        if event:
            return f"on demand, when {event}"
        return "on demand, when a person or a request asks for it"
    return "at a time not decided yet"


def _event_phrase(event: str | None, names: set[str]) -> str | None:
    if not event or not event.strip():
        return None
    text = event.strip().rstrip(".")
    text = re.sub(r"^(when|whenever)\s+", "", text, flags=re.IGNORECASE)
    return sentence_start_lowered(text, names)


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def sentence_start_lowered(text: str, names: set[str], evidence: str | None = None) -> str:
    """The stakeholder's words as typed, with the first letter lowered only where it was
    clearly capitalised just because it starts the text, so the phrase can sit inside a
    sentence ("Paid orders (order number, VAT)" -> "paid orders").

    Clearly means: the first word is a plain word (its other letters lower case: not an
    acronym such as "CSV", nor "CommCare"), it is not the start of a system's name, and
    the other words of `evidence` (the whole text as typed, details in brackets too)
    show a writer who capitalises nothing else but acronyms, names and mixed-case words.
    So "Konvertierte Leads" and "Neue Mitarbeiter (Name, Abteilung)" are kept, as German
    capitalises its nouns; a text of one word ("Bestellungen") gives no such evidence and
    is kept; scripts without capitals (Japanese, Arabic) are never changed.
    """
    words = _WORD.findall(evidence if evidence is not None else text)
    first = _WORD.match(text)
    if first is None or len(words) < 2 or not _capitalised(first.group()):
        return text
    if any(text == name or text.startswith(name + " ") for name in names):
        return text
    name_words = {word for name in names for word in _WORD.findall(name)}
    rest = words[1:]
    if any(_capitalised(word) and word not in name_words for word in rest):
        return text
    return text[0].lower() + text[1:]


def _capitalised(word: str) -> bool:
    """"Leads", "Neue", "A": a capital and then only lower-case letters (not "CSV",
    "CommCare", "iPhone", nor a word of a script without capitals)."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and all(c.islower() for c in letters[1:])


def join(parts: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
