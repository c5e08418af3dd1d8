"""Plain words for the spec's closed vocabularies, shared by the document and the diagrams.

Every explanation here comes from the domain articles (../shared/domain/); the
document uses them to say what a choice implies, never to fill in an unknown.
"""

from __future__ import annotations

AUTH_SHORT: dict[str, str] = {
    "none": "no authentication",
    "api-key": "API key",
    "basic": "basic auth",
    "oauth2-client-credentials": "OAuth 2.0 client credentials",
    "oauth2-authorization-code": "OAuth 2.0 authorization code",
    "oauth2-jwt-bearer": "OAuth 2.0 JWT bearer",
    "mtls": "mutual TLS certificate",
    "ssh-key": "SSH key",
    "other": "another method",
}

AUTH_CREDENTIAL: dict[str, str] = {
    "none": "no credential: the interface accepts any caller",
    "api-key": "an API key issued by the mailbox's owner",
    "basic": "a user name and password for an integration user",
    "oauth2-client-credentials": "an OAuth 2.0 client id and client secret",
    "oauth2-authorization-code": "an OAuth 2.0 client and a user's consent (refresh token)",
    "oauth2-jwt-bearer": "an OAuth 2.0 client and the private key that signs its JWTs",
    "mtls": "a client certificate and its private key",
    "ssh-key": "an SSH private key whose public half the mailbox trusts",
    "other": "a credential of the kind the mailbox's owner specifies",
}

CALL_VERBS: dict[str, str] = {
    "rest": "send",
    "soap": "send",
    "graphql": "send",
    "webhook": "call the receiver URL with",
    "sftp": "upload",
    "file": "drop a file of",
    "database": "write",
    "queue": "publish",
    "other": "send",
}

TRANSPORT_WORDS: dict[str, str] = {
    "rest": "REST API over HTTPS",
    "soap": "SOAP web service",
    "graphql": "GraphQL API",
    "webhook": "webhook: an HTTP call to a receiver URL when something happens",
    "sftp": "files in an SFTP folder",
    "database": "database tables",
    "queue": "a message queue",
    "file": "files dropped in a shared place",
    "other": "another transport",
}

CHANGE_DETECTION_WORDS: dict[str, str] = {
    "modified-since": (
        "By modification time: each poll asks only for records changed since the last "
        "successful run (the time of that run is kept as a cursor), then moves the cursor "
        "forward. The source's API must filter by modification time."
    ),
    "incremental-id": (
        "By increasing id: each poll asks only for records whose id is above the highest id "
        "seen so far. It finds new records, not changes to old ones."
    ),
    "full-fetch": (
        "Full fetch with a duplicate check: each poll fetches every record and compares them "
        "with what was stored last time, keeping only what is new or changed. It works when "
        "the source cannot filter, and its cost grows with the volume and the polling rate."
    ),
}

# The same, for files collected from a folder (SFTP, a file share): there is no API to ask,
# only the folder's listing and the files themselves.
FOLDER_CHANGE_DETECTION_WORDS: dict[str, str] = {
    "modified-since": (
        "By modification time: each run collects only the files changed since the last "
        "successful run, by the time the folder's listing gives each file (the time of that "
        "run is kept as a cursor)."
    ),
    "incremental-id": (
        "By increasing id: each run collects only the files whose name carries a number above "
        "the highest seen so far, so the files must be numbered. It finds new files, not "
        "changes to old ones."
    ),
    "full-fetch": (
        "Full fetch with a duplicate check: each run reads every file in the folder and "
        "compares the records with what was stored last time, keeping only what is new or "
        "changed. Its cost grows with the number of files kept there."
    ),
}

# A system's way in (its mailbox), as the systems table names it.
INTERFACE_KIND_WORDS: dict[str, str] = {
    "rest": "REST API",
    "soap": "SOAP web service",
    "graphql": "GraphQL API",
    "webhook": "webhook receiver URL",
    "sftp": "SFTP folder",
    "file": "shared file folder",
    "database": "database",
    "queue": "message queue",
    "other": "another kind of interface",
    "none": "none yet",
}

# How a webhook's receiver URL gets into the caller, {caller} being the system that calls it.
REGISTRATION_WORDS: dict[str, str] = {
    "api": "Through {caller}'s API: the receiver URL is registered (and re-registered when it "
           "changes) by a call",
    "manual": "By hand: the receiver URL is copied into {caller}'s settings, and must be "
              "copied again if it changes",
}

# What covers personal data that reaches another organisation.
AGREEMENT_WORDS: dict[str, str] = {
    "dpa": "A data-processing agreement",
    "other-basis": "Another lawful basis (no data-processing agreement)",
    "none": "None recorded",
}

# What each movement carries.
SENDS_WORDS: dict[str, str] = {
    "changes": "Only the records that changed",
    "everything": "Everything: the whole register, every time",
}

PATTERN_WORDS: dict[str, str] = {
    # pattern: what it is, from the host's side
    "embed": "Embed: the host shows the remote's content or interface as it is.",
    "push": "Push: the host sends its own data to the remote.",
    "pull": "Pull: the host retrieves the remote's data and acts on it, usually in real time.",
    "clone": "Clone: the remote's data becomes the host's own records.",
    "synthesize": "Synthesize: the host accumulates data from many remotes and uses it "
                  "together.",
}

# What each pattern implies, sentence by sentence, each under the condition it needs from
# the flow's design (the facts layer says which hold: "always" always does). A sentence
# whose condition does not hold is not said: the document never states a promise that
# the design does not keep.
PATTERN_IMPLICATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "embed": (
        ("always", "The host does not understand or act on what it shows; it is only the "
                   "messenger. The remote provides the data and its meaning, so what users "
                   "see is only as fresh and as available as the remote makes it."),
    ),
    "push": (
        ("host-starts", "The host starts each transfer and the remote must have an endpoint "
                        "ready to receive it."),
        ("always", "A push can start on an event (a webhook), on a schedule or on demand."),
    ),
    "pull": (
        ("realtime", "The remote must be available at the moment the host asks: if it is "
                     "down, that part of the host stops working (runtime risk). Caching "
                     "softens this, and heavy use can burden the remote."),
    ),
    "clone": (
        ("always", "The copy is detached: after it is made, the host treats it as its own, "
                   "and later changes in the remote reach it only if the data is cloned "
                   "again."),
        ("not-live", "No real-time connection is needed, and the records live on even if "
                     "the remote goes away."),
    ),
    "synthesize": (
        ("always", "The host becomes an aggregation point, often for reporting (business "
                   "intelligence). The remotes' data must be combinable: shared keys, "
                   "matching meanings, and a refresh rhythm that keeps them comparable."),
    ),
}

TRIGGER_WORDS: dict[str, str] = {
    "event": "an event: something happens in the source",
    "schedule": "a schedule (cron or an interval)",
    "on-demand": "on demand: a person's action, or a request while the host does its work",
}

GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Mailbox", "The system whose interface (API endpoint, webhook receiver URL, SFTP folder, "
     "database table) the data is placed into or retrieved from."),
    ("Mail person", "The system whose code starts the exchange and carries the data. It is the "
     "subject of the sentence: “Salesforce pushes…”, “NetSuite pulls…”. It holds the "
     "credentials for the mailbox's interface."),
    ("Push", "The mail person is the source and places data into the destination's mailbox. "
     "Only a push can start the moment something happens."),
    ("Pull", "The mail person is the destination and retrieves data from the source's mailbox. "
     "A pull runs on a schedule (polling) or on demand, never on the source's events."),
    ("Webhook", "The source calls an HTTP URL (the receiver) at the destination when an event "
     "happens: a push. The receiver URL is registered in the source through its API, or "
     "copied in by hand."),
    ("Polling", "A pull on a schedule: the destination asks at regular intervals for what is "
     "new or changed, found by the time of the last change, by an increasing id, or by a full "
     "fetch with a duplicate check. A short interval comes close to real time."),
    ("Platform in the middle", "An integration platform (Boomi, OpenFn, Zoho Flow) that is the "
     "mail person of two flows: it pulls from, or is pushed to by, the source, and pushes to "
     "the destination."),
    *((f"Pattern: {name}", text.split(": ", 1)[1].capitalize())
      for name, text in PATTERN_WORDS.items()),
    ("Build risk", "The effort and uncertainty of building the integration: systems speak "
     "different languages and see data differently, and new versions bring breaking changes."),
    ("Runtime risk", "Once connected, each system depends on the other being up, fast and not "
     "overloaded. Caching and less real-time dependence reduce it; nothing removes it."),
)

# What each pattern means for the prospect, in the one-page sales brief: {host} is the system
# the integration is for (the source of a push, else the destination), {remote} the other end.
# Sentences are keyed like PATTERN_IMPLICATIONS: only those whose condition holds are said.
PATTERN_MEANS: dict[str, tuple[tuple[str, str], ...]] = {
    "embed": (
        ("always", "{host} shows {remote}'s content ({data}) as it is: {host} does not store "
                   "or act on the data, so what users see is only as fresh and as available "
                   "as {remote} makes it."),
    ),
    "push": (
        ("host-starts", "{host} sends {data} out to {remote}, which must have an endpoint "
                        "ready to receive the data and act on it."),
    ),
    "pull": (
        ("realtime", "{host} fetches {data} from {remote} when it needs the data and acts on "
                     "it at once. If {remote} is down or slow at that moment, that part of "
                     "{host} stops working (a runtime risk); a cache softens this."),
    ),
    "clone": (
        ("always", "{host} keeps {data} as its own records."),
        ("not-live", "Once copied they live on in {host}, even if {remote} goes away."),
        ("always", "Later changes in {remote} reach them only when they are copied again."),
        ("not-live", "No live connection is needed."),
    ),
    "synthesize": (
        ("always", "{host} gathers {data} from {remote} together with data from other "
                   "systems, often for reporting. The sources need shared keys and matching "
                   "meanings to be combined."),
    ),
}
