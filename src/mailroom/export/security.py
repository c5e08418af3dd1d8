"""A flow's authentication method as a security scheme, in OpenAPI's and AsyncAPI's terms.

Only the method the spec names is said. A value the format requires and the spec does not
give (an API key's header, an OAuth token URL) is a placeholder that says so, and an open
question; a method the formats cannot say (an SSH key, "other") or no method at all leaves
the scheme out, and says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailroom.export.model import NOT_DECIDED, Openings, words

if TYPE_CHECKING:
    from mailroom.export.model import Use
    from mailroom.facts.spec_facts import SpecFacts

TOKEN_URL = f"https://token-url-{NOT_DECIDED}.invalid/token"
AUTHORIZATION_URL = f"https://authorization-url-{NOT_DECIDED}.invalid/authorize"
KEY_HEADER = f"api-key-header-{NOT_DECIDED}"

METHOD_WORDS = {
    "api-key": "an API key",
    "basic": "HTTP basic authentication, a user name and password",
    "oauth2-client-credentials": "OAuth 2.0 client credentials",
    "oauth2-authorization-code": "OAuth 2.0 authorization code",
    "oauth2-jwt-bearer": "an access token from the OAuth 2.0 JWT bearer grant (RFC 7523)",
    "mtls": "mutual TLS, a client certificate",
    "none": "no authentication",
}


def scheme(facts: SpecFacts, use: Use, style: str, file: str, where: str,
           openings: Openings) -> dict[str, Any] | None:
    """The scheme for `style` "openapi" or "asyncapi"; None when there is none to say
    (the reason is an opening, except for "none", which needs no scheme)."""
    credential = use.facts.credential
    method = credential.method
    mailbox = facts.label(use.facts.mailbox)
    caller = facts.label(use.facts.mail_person)
    flow = use.id
    if method is None:
        asked = facts.question(flow, "auth.method")
        openings.add(file, where, asked.text if asked else
                     f"How does {caller} prove who it is to {mailbox} (flow {flow})? The "
                     "security scheme is left out until the spec says.")
        return None
    if method == "none":
        return None
    if method not in METHOD_WORDS:  # ssh-key, other
        openings.add(file, where, f"Flow {flow} authenticates by '{method}', which an "
                     f"{'OpenAPI' if style == 'openapi' else 'AsyncAPI'} security scheme "
                     "cannot say; the scheme is left out: describe it there by hand.")
        return None
    found: dict[str, Any] = {"description": f"{caller} proves who it is to {mailbox} with "
                             f"{METHOD_WORDS[method]} (the spec's auth.method: {method})."}
    auth = use.flow.auth
    if auth is not None and words(auth.notes):
        found["description"] += f" Notes in the spec: {words(auth.notes)}"
    if method == "api-key":
        found.update(type="apiKey" if style == "openapi" else "httpApiKey",
                     name=KEY_HEADER, **{"in": "header"})
        found["description"] += (f" Placeholder: the spec does not say in which header (or "
                                 f"query parameter) the key goes; '{KEY_HEADER}' stands in.")
        openings.add(file, f"{where}.name", f"In which header (or query parameter) does "
                     f"{mailbox} take the API key of flow {flow}?", KEY_HEADER)
    elif method == "basic":
        found.update(type="http", scheme="basic")
    elif method == "oauth2-jwt-bearer":
        found.update(type="http", scheme="bearer", bearerFormat="JWT")
    elif method == "mtls":
        found["type"] = "mutualTLS" if style == "openapi" else "X509"
    else:
        found.update(_oauth2(facts, use, method, style, file, where, openings))
        found["description"] += (" Its URLs are placeholders (hosts ending in .invalid) "
                                 "until the spec says them.")
    return found


def _oauth2(facts: SpecFacts, use: Use, method: str, style: str, file: str, where: str,
            openings: Openings) -> dict[str, Any]:
    mailbox, flow = facts.label(use.facts.mailbox), use.id
    scopes = list(dict.fromkeys(s for s in use.facts.credential.scopes if s))
    found: dict[str, Any] = {"type": "oauth2"}
    grant: dict[str, Any] = {}
    if method == "oauth2-authorization-code":
        grant["authorizationUrl"] = AUTHORIZATION_URL
        openings.add(file, f"{where}.authorizationUrl", f"What is the authorization URL "
                     f"of {mailbox} for flow {flow}?", AUTHORIZATION_URL)
    grant["tokenUrl"] = TOKEN_URL
    openings.add(file, f"{where}.tokenUrl",
                 f"What is the token URL of {mailbox} for flow {flow}?", TOKEN_URL)
    grant["scopes" if style == "openapi" else "availableScopes"] = {
        s: f"as the spec names it (flow {flow})" for s in scopes}
    key = "clientCredentials" if method == "oauth2-client-credentials" \
        else "authorizationCode"
    found["flows"] = {key: grant}
    if style == "asyncapi" and scopes:
        found["scopes"] = scopes
    return found


def requirement(name: str, use: Use) -> dict[str, list[str]]:
    """An OpenAPI security requirement: the scheme, with the scopes the spec names."""
    method = use.facts.credential.method or ""
    scopes = list(dict.fromkeys(s for s in use.facts.credential.scopes if s))
    return {name: scopes if method.startswith("oauth2-") and method != "oauth2-jwt-bearer"
            else []}
