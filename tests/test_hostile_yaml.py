"""Hostile YAML (issue 13, items 2 and 5): every one a clear message naming the file, the
line and, where known, the field, with exit code 2; never a hang or a traceback."""

from __future__ import annotations

import pytest
from tests.conftest import CONTRACT_SPEC


def _laughs(levels: int = 9) -> str:
    lines = ["x_bomb:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        lines.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _check(write, run, text: str) -> str:
    path = write("spec.yaml", text)
    result = run("check", path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return result.stderr.replace(str(path), "spec.yaml")


def test_billion_laughs_is_refused_where_the_aliases_multiply(write, run):
    text = CONTRACT_SPEC.replace("title:", _laughs() + "title:", 1)
    assert _check(write, run, text) == (
        "Error: spec.yaml:8: x_bomb.a9[8][8][8][8]: its aliases (*name) expand to more than "
        "100,000 values; a spec needs a few hundred: write the values out, or use fewer aliases\n"
    )


def test_an_alias_inside_its_own_value_is_a_loop(write, run):
    text = CONTRACT_SPEC.replace("title:", "x: &a [1, *a]\ntitle:", 1)
    assert _check(write, run, text) == (
        "Error: spec.yaml:2: x[1]: an alias refers to a value that holds it (a loop); write "
        "the value out instead\n"
    )


@pytest.mark.parametrize("brackets", [45, 250, 5000])
def test_deep_brackets_stop_at_the_limit_quickly(write, run, brackets):
    text = CONTRACT_SPEC.replace("title:", "x: " + "[" * brackets + "]" * brackets + "\ntitle:")
    assert _check(write, run, text) == (
        "Error: spec.yaml:2: is not valid YAML: brackets nest more than 40 levels deep; a spec "
        "needs a handful\n"
    )


def test_deep_nesting_of_brackets_inside_indentation(write, run):
    nested = "".join("  " * i + "- \n" for i in range(1, 25)) + "  " * 25 + "- " + "[" * 20
    text = CONTRACT_SPEC.replace("title:", "x:\n" + nested + "]" * 20 + "\ntitle:", 1)
    assert "nests more than 40 levels deep; a spec needs a handful" in _check(write, run, text)


def test_deep_block_nesting(write, run):
    nested = "".join("  " * i + "- \n" for i in range(1, 60))
    text = CONTRACT_SPEC.replace("title:", "x:\n" + nested + "title:", 1)
    assert "nests more than 40 levels deep; a spec needs a handful" in _check(write, run, text)


def test_block_nesting_past_pythons_recursion(write, run):
    nested = "".join("  " * i + "- \n" for i in range(1, 700))
    text = CONTRACT_SPEC.replace("title:", "x:\n" + nested + "title:", 1)
    assert _check(write, run, text) == (
        "Error: spec.yaml:42: is not valid YAML: indentation nests more than 40 levels deep; "
        "a spec needs a handful\n"
    )


@pytest.mark.parametrize(("tagged", "message"), [
    ("spec: !!int x", "spec.yaml:1: is not valid YAML: 'x' is not a valid !!int: remove the tag"),
    ("spec: 1\nx: !!float abc",
     "spec.yaml:2: is not valid YAML: 'abc' is not a valid !!float: remove the tag"),
    ("spec: 1\nx: !!bool maybe",
     "spec.yaml:2: is not valid YAML: 'maybe' is not a valid !!bool: remove the tag"),
])
def test_a_value_that_is_not_what_its_tag_says(write, run, tagged, message):
    text = CONTRACT_SPEC.replace("spec: 1 ", tagged + " ", 1)
    assert _check(write, run, text) == f"Error: {message}\n"


@pytest.mark.parametrize("tag", ["!!binary", "!!set", "!custom", "!!python/object:os.system"])
def test_tags_other_than_the_plain_ones_are_refused(write, run, tag):
    text = CONTRACT_SPEC.replace("title: ", f"title: {tag} ", 1)
    if tag == "!!set":
        text = CONTRACT_SPEC.replace("title: Converted leads from Salesforce to NetSuite",
                                     "title: !!set {a, b}", 1)
    if tag == "!!binary":
        text = CONTRACT_SPEC.replace("title: Converted leads from Salesforce to NetSuite",
                                     "title: !!binary aGVsbG8gd29ybGQ=", 1)
    assert _check(write, run, text) == (
        f"Error: spec.yaml:2: title: the tag {tag} is not read by mailroom; a spec holds only "
        "text, numbers, true/false, null, lists and mappings: remove the tag\n"
    )


@pytest.mark.parametrize(("value", "shown"), [("true", "true"), ("1.0", "the number 1.0")])
def test_the_format_version_is_the_integer_1(write, run, value, shown):
    text = CONTRACT_SPEC.replace("spec: 1 ", f"spec: {value} ", 1)
    assert _check(write, run, text) == (
        f"Error: spec.yaml:1: spec: this mailroom reads spec format 1, got {shown}\n"
    )


def test_an_invalid_value_merged_in_names_the_mapping(write, run):
    text = CONTRACT_SPEC.replace("    api: true\n", "    <<: {api: maybe}\n", 1)
    assert _check(write, run, text) == (
        "Error: spec.yaml:7: systems[0].api: expected true, false or null (not known yet), "
        "got 'maybe'\n"
    )


def test_an_anchor_defined_twice_is_refused(write, run):
    text = CONTRACT_SPEC.replace("title:", "x: &a 1\ny: &a 2\ntitle:", 1)
    assert _check(write, run, text) == (
        "Error: spec.yaml:3: is not valid YAML: the anchor &a is defined again (first on line "
        "2); give each anchor its own name\n"
    )


def test_merges_still_read(write, run):
    text = CONTRACT_SPEC.replace("    api: true\n", "    <<: {api: true}\n", 1)
    result = run("check", write("spec.yaml", text))
    assert result.exit_code in (0, 1), result.output


def test_text_past_the_size_limit_is_refused_by_the_reader_itself():
    from mailroom.errors import SpecError
    from mailroom.fileio import MAX_SPEC_BYTES
    from mailroom.spec.reading import parse_tree

    with pytest.raises(SpecError) as refused:
        parse_tree("spec: 1\nx: " + "a" * MAX_SPEC_BYTES, "entry.yaml")
    assert refused.value.problems == [
        f"entry.yaml: is {MAX_SPEC_BYTES + 11:,} characters, too large for a spec (the limit "
        f"is {MAX_SPEC_BYTES:,}); is this the right file?"]
