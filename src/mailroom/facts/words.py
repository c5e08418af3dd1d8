"""The spec's values in the words findings and open questions use.

Both are printed in the document people sign, so they name no field and no raw option
value: `oauth2-jwt-bearer` reads "OAuth 2.0 JWT bearer tokens", `modified-since` "the
time each record was last changed". The codes and fields stay in `check`'s own output
and its JSON, beside the message.
"""

from __future__ import annotations

from mailroom.spec.schedule import seconds_in_words

# An auth method as the object of a sentence: "authenticate with an API key".
AUTH: dict[str, str] = {
    "none": "no authentication",
    "api-key": "an API key",
    "basic": "a user name and password (basic auth)",
    "oauth2-client-credentials": "OAuth 2.0 client credentials",
    "oauth2-authorization-code": "an OAuth 2.0 authorization code (a user's consent)",
    "oauth2-jwt-bearer": "OAuth 2.0 JWT bearer tokens",
    "mtls": "a client certificate (mutual TLS)",
    "ssh-key": "an SSH key",
    "other": "another method",
}

# How the data travels, as what the mail person reaches: "into a REST API".
TRANSPORT: dict[str, str] = {
    "rest": "a REST API",
    "soap": "a SOAP web service",
    "graphql": "a GraphQL API",
    "webhook": "a webhook receiver URL",
    "sftp": "an SFTP folder",
    "database": "a database",
    "queue": "a message queue",
    "file": "a shared file folder",
    "other": "another kind of interface",
}

# The styles of API a vendor documents (the catalog).
API_STYLES: dict[str, str] = {
    "rest": "REST", "soap": "SOAP", "graphql": "GraphQL", "bulk": "bulk loading",
    "sql": "SQL", "sftp": "SFTP", "odata": "OData", "file": "files", "other": "other",
}

# How a poll finds what is new or changed, after "by": "by ids that only increase".
CHANGE_DETECTION: dict[str, str] = {
    "modified-since": "the time each record was last changed",
    "incremental-id": "ids that only increase",
    "full-fetch": "a full fetch compared with what was stored last time",
}

# A flow that is not a scheduled pull, by its trigger: "it is a push started by an event".
TRIGGER: dict[str, str] = {
    "event": "started by an event",
    "schedule": "run on a schedule",
    "on-demand": "run on demand",
}

# The fields that name a system, as the subject of a sentence.
SYSTEM_FIELDS: dict[str, str] = {
    "source": "The source",
    "destination": "The destination",
    "mail_person": "The mail person",
    "mailbox": "The mailbox",
    "business_logic": "The system holding the business logic",
}


def duration(seconds: float) -> str:
    """A span of time as it reads in a sentence: "a minute", "15 minutes", "an hour",
    "a day", "about 1.4 days"."""
    exact = seconds_in_words(seconds)
    if " " not in exact:  # "minute", "hour", "day"
        return ("an " if exact[0] in "aeiouh" else "a ") + exact
    if not exact.endswith(" seconds") or seconds < 60:
        return exact
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return f"about {seconds / size:.1f} {unit}s".replace(".0 ", " ")
    return exact


def times(ratio: float) -> str:
    """"6 times", "1.5 times"."""
    return f"{ratio:.0f} times" if ratio >= 2 else f"{ratio:.1f} times"
