"""Limits on what a YAML file may make, checked before anything walks the tree.

A few hundred bytes of YAML can stand for billions of values ("billion laughs":
anchors whose aliases repeat each other nine times, nine levels deep), nest deeper
than Python's recursion, refer to itself, or ask for a constructor (`!!binary`,
`!!set`, `!python/...`, `!custom`) that turns text into something a spec never
holds. The composed node graph is measured once, without recursion and with every
shared node counted once, so the check costs as much as the text and no more; the
tree is built only when it is within the limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scanner import RoundTripScanner, ScannerError

# A spec is a page or two: a few hundred values, nested five or six deep.
MAX_VALUES = 100_000  # counted as if every alias were written out
MAX_DEPTH = 40

_PLAIN = "tag:yaml.org,2002:"
# The tags YAML gives plain text, numbers, yes/no, null, lists and mappings (and `<<`).
ALLOWED_TAGS = frozenset(
    _PLAIN + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "merge",
                         "timestamp")
)

Loc = tuple[str | int, ...]
_LEAF = (1, 1)  # a scalar: one value, one level


@dataclass
class YamlLimitError(Exception):
    """The YAML is beyond a limit: where (1-based line and the field's path) and what."""

    line: int
    loc: Loc
    what: str

    def __str__(self) -> str:
        return self.what


class LimitedScanner(RoundTripScanner):
    """ruamel's scanner, which stops at the first `[` or `{` nested more than MAX_DEPTH
    deep (its work grows with the square of the nesting: 2,000 brackets take minutes),
    and at the first line indented more than MAX_DEPTH levels."""

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: Any) -> None:  # noqa: N803
        if len(self.flow_context) >= MAX_DEPTH:
            raise ScannerError(None, None, f"brackets nest more than {MAX_DEPTH} levels deep; "
                               "a spec needs a handful", self.reader.get_mark())
        super().fetch_flow_collection_start(TokenClass, to_push)

    def add_indent(self, column: int) -> bool:
        # Block nesting: each level is indented further; past the limit, ruamel's parser
        # and composer would recurse past Python's limit.
        if len(self.indents) >= MAX_DEPTH and self.indent < column:
            raise ScannerError(None, None, f"indentation nests more than {MAX_DEPTH} levels "
                               "deep; a spec needs a handful", self.reader.get_mark())
        return bool(super().add_indent(column))


class LimitedComposer(Composer):
    """ruamel's composer, which refuses an anchor defined twice: an alias would then
    mean whichever came last (ruamel only warns, on standard error)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        anchor = None if isinstance(event, AliasEvent) else getattr(event, "anchor", None)
        if anchor is not None and anchor in self.anchors:
            first = self.anchors[anchor].start_mark.line + 1
            raise ComposerError(None, None, f"the anchor &{anchor} is defined again (first on "
                                f"line {first}); give each anchor its own name",
                                event.start_mark)
        return super().compose_node(parent, index)


class LimitedConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor, which builds the tree only once the node graph
    is within the limits, and says where a value cannot be what its tag says."""

    def construct_document(self, node: Any) -> Any:
        check_nodes(node)
        return super().construct_document(node)

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        try:
            return super().construct_non_recursive_object(node, tag)
        except (YAMLError, RecursionError):
            raise
        except Exception:  # `!!int x` (ValueError), `!!bool maybe` (KeyError), …
            what = f"{node.value!r} is not a valid {_tag_name(tag or node.tag)}: remove the tag"
            raise ConstructorError(None, None, what, node.start_mark) from None


def check_nodes(root: Node) -> None:
    """Raise YamlLimitError when the graph under root has a tag mailroom does not read,
    refers to itself, nests deeper than MAX_DEPTH or expands to more than MAX_VALUES."""
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth), once each
    open_nodes: set[int] = set()  # expanded, children not measured yet: the current path
    stack: list[tuple[Node, Loc, bool]] = [(root, (), False)]
    while stack:
        node, loc, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            measured[key] = _measure(node, loc, measured)
            continue
        if key in measured:
            continue
        if key in open_nodes:
            raise YamlLimitError(_line(node), loc, "an alias refers to a value that holds "
                                 "it (a loop); write the value out instead")
        _check_tag(node, loc)
        open_nodes.add(key)
        stack.append((node, loc, True))
        for part, child in _children(node):
            if isinstance(child, ScalarNode):  # a leaf: its tag is all there is to check
                if child.tag not in ALLOWED_TAGS:
                    _check_tag(child, (*loc, part))
            else:
                stack.append((child, (*loc, part), False))


def _measure(node: Node, loc: Loc, measured: dict[int, tuple[int, int]]) -> tuple[int, int]:
    values, depth = 1, 0
    for _, child in _children(node):
        child_values, child_depth = measured.get(id(child), _LEAF)
        values += child_values
        depth = max(depth, child_depth)
    depth += 1
    if depth > MAX_DEPTH:
        raise YamlLimitError(_line(node), loc, f"nests more than {MAX_DEPTH} levels deep; "
                             "a spec needs a handful")
    if values > MAX_VALUES:
        raise YamlLimitError(
            _line(node), loc, f"its aliases (*name) expand to more than {MAX_VALUES:,} values; "
            "a spec needs a few hundred: write the values out, or use fewer aliases")
    return values, depth


def _children(node: Node) -> list[tuple[str | int, Node]]:
    if isinstance(node, SequenceNode):
        return list(enumerate(node.value))
    if isinstance(node, MappingNode):
        pairs: list[tuple[str | int, Node]] = []
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else "?"
            pairs += [(name, key_node), (name, value_node)]
        return pairs
    return []


def _check_tag(node: Node, loc: Loc) -> None:
    tag = str(node.tag)
    if tag not in ALLOWED_TAGS:
        raise YamlLimitError(
            _line(node), loc, f"the tag {_tag_name(tag)} is not read by mailroom; a spec holds "
            "only text, numbers, true/false, null, lists and mappings: remove the tag")


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_PLAIN):] if tag.startswith(_PLAIN) else tag


def _line(node: Node) -> int:
    mark = node.start_mark
    return int(mark.line) + 1 if mark is not None else 1
