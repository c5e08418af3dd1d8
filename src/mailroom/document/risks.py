"""Build risk and runtime risk, as article 001 describes them, flow by flow.

Build risk: someone must be able to write the mail person's side, the mailbox
must exist, and new versions bring breaking changes. Runtime risk: once
connected, each system depends on the other being up, fast and not overloaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.derive import is_polling, is_realtime_pull, platforms_in_the_middle, roles
from mailroom.spec.schedule import describe_schedule

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec


def build_risks(spec: Spec) -> list[str]:
    risks = [text for flow in spec.flows for text in _build(spec, flow)]
    names = [s.label for s in spec.systems]
    if names:
        risks.append(
            f"New versions of {_join(names)} can bring breaking changes that stop an "
            "integration that worked: agree who follows their release notes and re-tests.")
    return risks


def _build(spec: Spec, flow: Flow) -> list[str]:
    r = roles(flow)
    prefix = f"Flow {flow.id}: "
    mail_person, mailbox = spec.system(r.mail_person), spec.system(r.mailbox)
    out = []
    if mail_person is None:
        out.append(prefix + "who builds it is open until the mail person is decided.")
    elif mail_person.platform:
        out.append(prefix + f"{mail_person.label} is an integration platform: the flow is "
                   "configured there, with little or no code.")
    elif mail_person.skills is None:
        out.append(prefix + f"it is not known whether the team can build in "
                   f"{mail_person.label}, the mail person, whose side holds the code.")
    elif mail_person.skills is False:
        out.append(prefix + f"the team has no developers for {mail_person.label}, the mail "
                   "person, whose side holds the code.")
    if mailbox is not None and mailbox.api is False:
        out.append(prefix + f"{mailbox.label} has no usable interface for this data; adding one "
                   "is work and cost that the business purpose must justify.")
    elif mailbox is not None and mailbox.api is None:
        out.append(prefix + f"whether {mailbox.label} offers the interface this flow needs is "
                   "not known yet.")
    if flow.change_detection == "full-fetch" and is_polling(flow):
        out.append(prefix + "full fetch means comparing every record on every run; the "
                   "duplicate check must be built carefully.")
    return out


def runtime_risks(spec: Spec) -> list[str]:
    risks = [text for flow in spec.flows for text in _runtime(spec, flow)]
    for middle in platforms_in_the_middle(spec):
        risks.append(f"{spec.label(middle.system)} is in the path of every leg through it: "
                     "while it is down, nothing moves between the systems on either side.")
    return risks


def _runtime(spec: Spec, flow: Flow) -> list[str]:
    r = roles(flow)
    prefix = f"Flow {flow.id}: "
    if r.direction is None:
        return [prefix + "which system depends on which is open until the mail person is "
                "decided."]
    mp, mb = spec.label(r.mail_person), spec.label(r.mailbox)
    failure = ("the error handling above says what happens then" if flow.error_handling
               else "what happens then is not decided yet")
    if is_realtime_pull(flow):
        cache = ("it caches what it fetched, which softens this but does not remove it"
                 if flow.caching else "without a cache, every request needs " + mb)
        return [prefix + f"{mp} depends on {mb} at every request: whenever {mb} is down or "
                f"slow, that part of {mp} stops working; {cache}. Heavy use can also burden "
                f"{mb}."]
    out = [prefix + f"whenever {mb}'s interface is down or slow, {mp} cannot complete the "
           f"exchange; {failure}."]
    if is_polling(flow):
        every = describe_schedule(flow.schedule) if flow.schedule else "on each run"
        out.append(prefix + f"{mp} calls {mb} {every} whether or not anything changed; that "
                   f"load falls on {mb}.")
    if flow.transport == "webhook" and r.direction == "push":
        out.append(prefix + f"the receiver URL at {mb} must stay reachable from {mp}; if it "
                   "moves, it must be registered again.")
    return out


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
