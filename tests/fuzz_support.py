"""Mutations of a spec's YAML text, as an attacker or an unlucky user would make them.

Each mutation is `(text, rnd) -> text | bytes`, seeded by `rnd` (a random.Random drawn by
hypothesis, or by scripts/fuzz's seed), so a failure is replayed from its seed. Used by
tests/test_fuzz.py and, for a longer hunt, by scripts/fuzz.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_FILES = sorted(
    [*REPO.glob("samples/*.yaml"), *REPO.glob("samples/compare/*.yaml"),
     *REPO.glob("samples/briefs/*.yaml")]
)

# Strings of 1.5 MB (near the 2 MiB limit) only in the long run (scripts/fuzz sets
# FUZZ_HUGE=1): inside a hypothesis run they took up to 20 s of processor time, against
# 1 to 4 s for the same spec run alone.
HUGE_SIZES = [1000, 60_000, 300_000] + ([1_500_000] if os.environ.get("FUZZ_HUGE") == "1" else [])
_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_][\w-]*:)[ \t]+(\S.*)$", re.MULTILINE)
_ODD_VALUES = [
    "[]", "{}", "null", "~", "true", "false", "1.5", "-1", "0", "1e400", ".inf", ".nan",
    "0x1F", "0o17", "2026-01-15", "2026-01-15T10:00:00Z", '""', "''", "[[[]]]",
    "{a: {b: {c: d}}}", "[1, 2, 3]", "yes", "no", "on", "=", "<<", "'*'", "&x", "*x", "|",
    ">-", "!!null", "%", "@x", "`x`", "'", '"', "{", "[", "- - -", "? x", ": x",
]
_TAGS = [
    "!!binary", "!!int", "!!float", "!!bool", "!!str", "!!null", "!!set", "!!omap",
    "!!pairs", "!!timestamp", "!!seq", "!!map", "!custom", "!", "!!python/object:os.system",
    "!!python/name:os.system", "!<tag:yaml.org,2002:int>", "!!merge",
]
_CONTROL = [
    "\\e]52;c;ZWNobyBwd25lZA==\\a", "\\e]8;;https://evil.example/\\e\\\\link\\e]8;;\\e\\\\",
    "\\e]0;title\\a", "\\x9b31m", "\\x9d0;t\\x9c", "\\r", "\\x00", "\\u202e", "\\x7f",
    "%%{init: {'theme': 'dark'}}%%",
]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def truncate(text: str, rnd: random.Random) -> str:
    return text[: rnd.randrange(len(text) + 1)]


def swap_type(text: str, rnd: random.Random) -> str:
    matches = list(_VALUE.finditer(text))
    if not matches:
        return text
    match = rnd.choice(matches)
    return text[: match.start(2)] + rnd.choice(_ODD_VALUES) + text[match.end(2):]


def odd_tag(text: str, rnd: random.Random) -> str:
    matches = list(_VALUE.finditer(text))
    if not matches:
        return text
    match = rnd.choice(matches)
    tag = rnd.choice(_TAGS)
    value = match.group(2) if rnd.random() < 0.5 else rnd.choice(["x", "abc", "1", "aGk="])
    return text[: match.start(2)] + f"{tag} {value}" + text[match.end(2):]


def deep_nesting(text: str, rnd: random.Random) -> str:
    depth = rnd.choice([30, 41, 100, 250, 1000, 5000])
    if rnd.random() < 0.5:
        nested = "[" * depth + "]" * depth if rnd.random() < 0.7 else "{a: " * depth + "}" * depth
        block = f"x_deep: {nested}\n"
    else:
        depth = min(depth, 700)
        block = "x_deep:\n" + "".join("  " * i + "- \n" for i in range(1, depth))
    return _insert_top(text, block, rnd)


def aliases(text: str, rnd: random.Random) -> str:
    kind = rnd.randrange(4)
    if kind == 0:  # billion laughs
        levels = rnd.choice([3, 6, 9])
        lines = ["x_bomb:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]"
                  for i in range(1, levels + 1)]
        return _insert_top(text, "\n".join(lines) + "\n", rnd)
    if kind == 1:  # an alias to a value that holds it
        return _insert_top(text, "x_loop: &loop [1, *loop]\n", rnd)
    if kind == 2:  # a merge key, of whatever a random mapping is
        matches = list(_VALUE.finditer(text))
        if not matches:
            return text
        match = rnd.choice(matches)
        indent = re.match(r"\s*(?:- )?", match.group(1))
        pad = " " * len(indent.group()) if indent else ""
        merged = rnd.choice(["{api: maybe}", "{id: 5}", "[1, 2]", "{x: y}", "null", "*none"])
        return text[: match.end()] + f"\n{pad}<<: {merged}" + text[match.end():]
    # an anchor on one value, aliased in another
    matches = list(_VALUE.finditer(text))
    if len(matches) < 2:
        return text
    first, second = sorted(rnd.sample(matches, 2), key=lambda m: m.start())
    return (text[: first.start(2)] + "&a " + text[first.start(2): second.start(2)] + "*a"
            + text[second.end(2):])


def huge_string(text: str, rnd: random.Random) -> str:
    size = rnd.choice(HUGE_SIZES)
    unit = rnd.choice(["a", "ab", "a:", "a://", "x" * 39 + " ", "é", "\\e", "AKIA"])
    value = (unit * (size // len(unit) + 1))[:size]
    matches = list(_VALUE.finditer(text))
    if not matches:
        return text
    match = rnd.choice(matches)
    return text[: match.start(2)] + json_quoted(value) + text[match.end(2):]


def control_characters(text: str, rnd: random.Random) -> str | bytes:
    matches = list(_VALUE.finditer(text))
    if not matches:
        return text
    match = rnd.choice(matches)
    if rnd.random() < 0.8:  # escaped, inside a double-quoted value: YAML reads them
        inside = match.group(2).strip("'\"").replace("\\", "\\\\").replace('"', '\\"')
        value = '"' + inside + " " + rnd.choice(_CONTROL) + '"'
        return text[: match.start(2)] + value + text[match.end(2):]
    raw = rnd.choice(["\x1b]0;t\x07", "\x9b", "\x00", "\x7f", "\r", "\ufeff", "\u2028"])
    return text[: match.start(2)] + raw + text[match.start(2):]


def raw_bytes(text: str, rnd: random.Random) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(rnd.randint(1, 5)):
        if data:
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    return bytes(data)


def shuffle_lines(text: str, rnd: random.Random) -> str:
    lines = _lines(text)
    if len(lines) < 2:
        return text
    action = rnd.randrange(4)
    i = rnd.randrange(len(lines))
    if action == 0:
        del lines[i]
    elif action == 1:
        lines.insert(i, lines[rnd.randrange(len(lines))])  # a duplicate key, maybe
    elif action == 2:
        lines[i] = " " * rnd.randint(1, 5) + lines[i]
    else:
        lines[i] = lines[i].lstrip()
    return "\n".join(lines)


def json_quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _insert_top(text: str, block: str, rnd: random.Random) -> str:
    """`block` as a top-level key, at the start of a random top-level line."""
    starts = [m.start() for m in re.finditer(r"^[A-Za-z_]", text, re.MULTILINE)] or [0]
    at = rnd.choice(starts)
    return text[:at] + block + text[at:]


MUTATIONS: dict[str, Callable[[str, random.Random], str | bytes]] = {
    f.__name__: f
    for f in (truncate, swap_type, odd_tag, deep_nesting, aliases, huge_string,
              control_characters, raw_bytes, shuffle_lines)
}


def mutate(text: str, names: list[str], rnd: random.Random) -> str | bytes:
    """`text` with each named mutation applied in turn (bytes end the chain)."""
    result: str | bytes = text
    for name in names:
        if isinstance(result, bytes):
            break
        result = MUTATIONS[name](result, rnd)
    return result
