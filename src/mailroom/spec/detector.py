"""Whether a piece of text holds a secret: found cheaply by mailroom, judged by detect-secrets.

detect-secrets (a well-kept library of secret detectors) costs about 150-300 ms to
import, and its patterns are written for lines of code, some of them slow on long
text. So mailroom first finds *candidates* in linear time, by literal markers (the
way every vendor token begins), keywords followed by `:` or `=`, and runs of
random-looking characters, and hands the library only short slices around them.
A spec without a candidate never imports the library. Every step is linear in the
length of the text: literal markers and bounded character classes only, and each
slice the library sees is at most _SLICE characters long.

mailroom's own rules (`_OWN`) cover what detect-secrets 1.5 does not know.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

_SHORTEST = 6  # no secret we know fits in fewer characters (`pwd:a1` is the shortest)
_SLICE = 200  # characters the library sees after a marker
_BEFORE = 40  # and before it (a Mailchimp key's 32 characters come before its -us1)
_STEP = 100  # a marker closer than this to the last slice of its kind is already covered

# Where the tokens each detect-secrets plugin knows begin: literal text first (found
# with str.find, fast), then the exact marker.
_MARKERS: dict[str, tuple[tuple[str, ...], str]] = {
    "AWSKeyDetector": (("A3T", "ABIA", "ACCA", "AKIA", "ASIA"), r"A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA"),
    "GitHubTokenDetector": (("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), r"gh[pousr]_"),
    "GitLabTokenDetector": (("gl", "GR1348941"),
                            r"gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|agent|oas)-|GR1348941"),
    "SlackDetector": (("xox", "hooks.slack.com"), r"xox[a-z]-|hooks\.slack\.com"),
    "PrivateKeyDetector": (("PRIVATE KEY", "PuTTY-User-Key"), r"PRIVATE KEY|PuTTY-User-Key"),
    "StripeDetector": (("k_live_",), r"[rs]k_live_"),
    "JwtTokenDetector": (("eyJ",), r"eyJ"),
    "BasicAuthDetector": (("://",), r"://(?=[^\s/@]{1,256}@)"),  # user:password@ follows
    "OpenAIDetector": (("sk-",), r"(?<![A-Za-z0-9])sk-"),  # not Zendesk-Webhook-…
    "SendGridDetector": (("SG.",), r"SG\."),
    "NpmDetector": (("_authToken",), r"_authToken"),
    "PypiTokenDetector": (("pypi-",), r"pypi-"),
    "TwilioKeyDetector": (("AC", "SK"), r"(?:AC|SK)[a-z0-9]{32}"),
    "SquareOAuthDetector": (("sq0csp-",), r"sq0csp-"),
    "AzureStorageKeyDetector": (("AccountKey",), r"AccountKey"),
    "MailchimpDetector": (("-us",), r"-us[0-9]"),
    # No literal: the token's own shape, bounded, is the marker.
    "DiscordBotTokenDetector": ((), r"[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\."),
}
_ANY_LITERAL = re.compile(  # one look for all of them: most texts have none
    "|".join(re.escape(literal) for literals, _ in _MARKERS.values() for literal in literals)
    + "|[Aa][Ww][Ss]")
# AWS_SECRET_ACCESS_KEY = "…" (40 characters): the plugin looks for these words near it
_AWS_WORD = re.compile(r"aws.{0,20}?(?:key|pwd|pw|pass|token)", re.IGNORECASE)
_MAX_CALLS = 400  # candidates one text may send to the library, per kind; past it, the
_TOO_MANY = "too many key-like fragments to check one by one"  # text is refused

_LABELS = {
    "AWSKeyDetector": "an AWS key",
    "GitHubTokenDetector": "a GitHub token",
    "GitLabTokenDetector": "a GitLab token",
    "SlackDetector": "a Slack token or webhook URL",
    "PrivateKeyDetector": "a private key",
    "StripeDetector": "an API secret key",
    "JwtTokenDetector": "a JSON Web Token",
    "BasicAuthDetector": "a password inside a URL",
    "OpenAIDetector": "an API secret key",
    "SendGridDetector": "an API secret key",
    "NpmDetector": "an npm token",
    "PypiTokenDetector": "a PyPI token",
    "TwilioKeyDetector": "an API secret key",
    "SquareOAuthDetector": "an API secret key",
    "AzureStorageKeyDetector": "a storage account key",
    "MailchimpDetector": "an API secret key",
    "DiscordBotTokenDetector": "a Discord bot token",
    "KeywordDetector": "a password or secret written after its name",
    "Base64HighEntropyString": "a random-looking key or token",
}

# In lowercased text: a word that names a secret, then `:` or `=`, then a first word
# that is not plain prose: it holds a digit or a sign (`hunter2`, not `see the vault`).
_KEYWORD = re.compile(
    r"(?:key|pass|pwd|secret|contrase)[a-z0-9_]{0,40}['\"\]]{0,2}[ \t]{0,8}[:=][ \t]{0,8}['\"]?"
    r"(?=[a-z.,;:!?()\[\]/-]{0,24}[^a-z\s'\".,;:!?()\[\]/-])"
)
_STEMS = ("key", "pass", "pwd", "secret", "contrase")
# Runs of the characters random keys are made of (base64, url-safe base64).
_RUN = re.compile(r"[A-Za-z0-9+/=_-]{20,}")
_ENTROPY_LIMIT = 4.5  # detect-secrets' default for base64 (its plugin is built with it)
_DISTINCT = 23  # fewer different characters than this: entropy at most log2(22) < 4.5
_LONG_RUN = 128  # longer runs are judged in windows, so a key inside a blob is seen

# mailroom's own rules, for what detect-secrets 1.5 does not know: Google keys, GitHub's
# fine-grained tokens, Slack app tokens and the token forms its Slack pattern misses,
# Slack workflow webhooks, any PEM private key, Stripe test keys, OpenAI keys without
# the old marker, bearer tokens.
# Each: what it is, literal text it cannot be without (a fast first look), its pattern.
_OWN: tuple[tuple[str, str, str], ...] = (
    ("a Google API key", "AIza", r"AIza[0-9A-Za-z_-]{35}"),
    ("a GitHub token", "github_pat_", r"github_pat_[0-9A-Za-z_]{22}"),
    ("a Slack token or webhook URL", "xapp-", r"xapp-[0-9]-[0-9A-Za-z-]{10}"),
    ("a Slack token or webhook URL", "xox", r"xox[a-z]-[0-9A-Za-z-]{10}"),
    ("a Slack token or webhook URL", "hooks.slack.com",
     r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_]{6}"),
    ("a private key", "-----BEGIN ", r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY"),
    ("an API secret key", "k_", r"(?<![A-Za-z0-9])[rs]k_(?:live|test)_[A-Za-z0-9]{10}"),
    ("an API secret key", "sk-", r"(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20}"),
    ("a bearer token", "Bearer",  # a token has a digit: "Bearer authentication" is prose
     r"Bearer[ \t]{1,8}(?=[A-Za-z._~+/=-]{0,40}[0-9])[A-Za-z0-9._~+/=-]{16}"),
)
# A URL parameter whose name says it carries a secret: ?client_secret=…, #access_token=…
_PARAM = re.compile(r"[?&#;]([A-Za-z0-9_.-]{1,64})=([^&#\s]{6,})")
_SECRET_PARAM = re.compile(  # not sort_key, author, oauth_provider
    r"token|secret|passw|pwd|api_?key|apikey|access_?key|private_?key|signature|credential"
    r"|session|jwt|bearer|^(?:key|sig|auth|code_verifier)$", re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{12,}={0,2}")


def find_in_text(text: str) -> str | None:
    """What kind of secret normalised text holds, or None; linear in len(text)."""
    if len(text) < _SHORTEST:
        return None
    for find in _FINDERS:
        found = find(text)
        if found:
            return found
    return None


def _own_rules(text: str) -> str | None:
    for what, literal, pattern in _OWN:
        if literal in text and _compiled(pattern).search(text):
            return what
    return None


def _url_parameters(text: str) -> str | None:
    for match in _PARAM.finditer(text):
        if _SECRET_PARAM.search(match.group(1)) and not _placeholder(match.group(2)):
            return "a secret in a URL's query string"
    return None


def _base64_credentials(text: str) -> str | None:
    """`dXNlcjpwYXNzd29yZA==` is base64 of `user:password`, as in a basic-auth header."""
    for match in _BASE64.finditer(text):
        token = match.group()
        if len(token) % 4 or len(token) > 512 or token.isalpha() and token.islower():
            continue  # not base64 of anything, or a plain word
        try:
            decoded = base64.b64decode(token, validate=True).decode("ascii")
        except (binascii.Error, UnicodeDecodeError):
            continue
        user, colon, password = decoded.partition(":")
        if (colon and user and password and decoded.isprintable() and " " not in decoded
                and not password.startswith("//")):
            return "a user name and password in base64"
    return None


def _vendor_tokens(text: str) -> str | None:
    """Slices that begin with a vendor's marker, judged by that vendor's plugin."""
    literal_seen = _ANY_LITERAL.search(text) is not None
    calls = 0
    for name, (literals, _) in _MARKERS.items():
        if literals and not (literal_seen and any(literal in text for literal in literals)):
            continue
        marker = _compiled(_MARKERS[name][1])
        patterns = [marker, _AWS_WORD] if name == "AWSKeyDetector" else [marker]
        for pattern in patterns:
            match = pattern.search(text)
            while match is not None:
                calls += 1
                if calls > _MAX_CALLS:
                    return _TOO_MANY
                piece = text[max(0, match.start() - _BEFORE): match.start() + _SLICE]
                if any(True for _ in _plugin(name).analyze_string(piece)):
                    return _LABELS[name]
                match = pattern.search(text, match.start() + _STEP)  # the slice covered these
    return None


def _keywords(text: str) -> str | None:
    """`password: hunter2` in free text, judged by the library's keyword plugin."""
    if ":" not in text and "=" not in text:
        return None
    lower = text.lower()
    if not any(stem in lower for stem in _STEMS):
        return None
    for calls, match in enumerate(_KEYWORD.finditer(lower)):
        if calls == _MAX_CALLS:
            return _TOO_MANY
        start = max(0, match.start() - 24)  # the whole name: client_secret, DB_PASSWORD
        piece = lower[start: match.end() + 64].split("\n", 1)[0]  # the plugin ignores case
        for value in _keyword_values(piece):
            if not _plain_word(value) and not _library_filtered(value, piece):
                return _LABELS["KeywordDetector"]
    return None


def _keyword_values(piece: str) -> Iterator[str]:
    from detect_secrets.plugins.keyword import REGEX_BY_FILETYPE
    from detect_secrets.util.filetype import FileType

    yield from _plugin("KeywordDetector").analyze_string(
        piece, denylist_regex_to_group=REGEX_BY_FILETYPE[FileType.YAML])


def _random_runs(text: str) -> str | None:
    """Random-looking runs (keys, tokens, AWS secret keys), by the library's entropy."""
    calls = 0
    for match in _RUN.finditer(text):
        for piece in _pieces(match.group()):
            if len(set(piece)) < _DISTINCT or _entropy(piece) <= _ENTROPY_LIMIT:
                continue
            calls += 1
            if calls > _MAX_CALLS:
                return _TOO_MANY
            plugin = _plugin("Base64HighEntropyString")  # its own count confirms
            if (plugin.calculate_shannon_entropy(piece) > plugin.entropy_limit
                    and not _library_filtered(piece, piece)):
                return _LABELS["Base64HighEntropyString"]
    return None


def _pieces(run: str) -> Iterator[str]:
    """A run's parts worth judging: a path's segments one by one, long runs in windows."""
    parts = run.split("/") if run.count("/") > 2 or run.startswith("/") else [run]
    for part in parts:
        if len(part) <= _LONG_RUN:
            if len(part) >= 20:
                yield part
            continue
        for start in range(0, len(part) - 32, 32):
            yield part[start: start + 64]


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _plain_word(value: str) -> bool:
    """Prose, not a password: a first word of letters only (`see the vault`), nothing,
    or a placeholder (`${DB_PASSWORD}`, `<token>`)."""
    words = value.split(maxsplit=1)
    if not words:
        return True
    word = words[0].strip(".,;:!?'\"`()[]")
    return word.replace("/", "").replace("-", "").isalpha() or word == "" or _placeholder(word)


def _placeholder(value: str) -> bool:
    return value.startswith(("$", "{", "<", "%"))


def _library_filtered(secret: str, line: str) -> bool:
    """The library's own heuristics for values that are not secrets."""
    from detect_secrets.filters import heuristic

    return bool(heuristic.is_templated_secret(secret) or heuristic.is_sequential_string(secret)
                or heuristic.is_potential_uuid(secret)
                or heuristic.is_not_alphanumeric_string(secret)
                or heuristic.is_indirect_reference(line))


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Patterns most texts never need are compiled when first needed (start-up time)."""
    return re.compile(pattern)


@cache
def _plugin(name: str) -> Any:
    """One detect-secrets plugin, imported when first needed (its import is slow)."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    mapping: dict[Any, Any] = get_mapping_from_secret_type_to_class()
    classes: dict[str, Any] = {plugin.__name__: plugin for plugin in mapping.values()}
    if name == "Base64HighEntropyString":
        return classes[name](limit=_ENTROPY_LIMIT)
    return classes[name]()


_FINDERS: tuple[Callable[[str], str | None], ...] = (
    _own_rules, _url_parameters, _vendor_tokens, _keywords, _base64_credentials, _random_runs)


def find_split(first: str, second: str) -> str | None:
    """A vendor token that only appears when two neighbouring texts are read as one
    (one found in either text alone is reported where it stands)."""
    found = _token(first + second)
    return found if found and not _token(first) and not _token(second) else None


def _token(text: str) -> str | None:
    return _own_rules(text) or _vendor_tokens(text)
