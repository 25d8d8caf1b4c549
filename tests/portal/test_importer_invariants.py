"""Nothing is dropped: every non-blank source line belongs to exactly one node; anchors are unique."""

from __future__ import annotations

from collections import Counter

import pytest

from portal.importer import ImportActError, parse_act
from portal.importer.nodes import Builder
from portal.importer.source import read_source
from portal.importer.validate import check_coverage

from .importer_support import all_nodes, source_lines, walk

# Lines that hold two nodes: the inline «1)» of 003 L745, the journal title and its blank field in 000 L232.
SPLIT_LINES = {"000": {232}, "003": {745}}


@pytest.fixture(scope="module", params=["000", "003"])
def act(request, act_000_path, act_003_path):
    path = {"000": act_000_path, "003": act_003_path}[request.param]
    return request.param, path, parse_act(path)


def test_every_non_blank_line_is_in_exactly_one_node(act):
    code, path, parsed = act
    lines = source_lines(path)
    owners: dict[int, list] = {}
    for node in all_nodes(parsed):
        for number in range(node.lines[0], node.lines[1] + 1):
            owners.setdefault(number, []).append(node)
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        found = owners.get(number, [])
        if number in SPLIT_LINES[code]:
            head, tail = found
            assert head.raw.split("\n")[-1] + tail.raw.split("\n")[0] == text
        else:
            assert len(found) == 1, (number, [node.anchor for node in found])


def test_raw_is_the_exact_source_slice(act):
    code, path, parsed = act
    lines = source_lines(path)
    for node in all_nodes(parsed):
        first, last = node.lines
        if {first, last} & SPLIT_LINES[code]:
            continue
        assert node.raw == "\n".join(lines[first - 1 : last]), node.anchor


def test_words_of_the_source_equal_the_words_of_all_nodes(act):
    _code, path, parsed = act
    source_words = Counter(path.read_text(encoding="utf-8").split())
    node_words = Counter(word for node in all_nodes(parsed) for word in node.raw.split())
    assert node_words == source_words


def test_anchors_are_unique_and_present(act):
    _code, _path, parsed = act
    anchors = [node.anchor for node in all_nodes(parsed)]
    for doc in parsed.documents:
        anchors.append(doc.anchor)
        anchors += [division.anchor for division in doc.divisions]
        anchors += [appendix.anchor for appendix in doc.appendices]
    assert all(anchors)
    assert len(anchors) == len(set(anchors))


def test_every_node_has_a_line_range_inside_the_file(act):
    _code, path, parsed = act
    count = len(source_lines(path))
    for node in all_nodes(parsed):
        assert 1 <= node.lines[0] <= node.lines[1] <= count


def test_points_and_sub_points_carry_their_printed_number(act):
    _code, _path, parsed = act
    nodes = [node for node in all_nodes(parsed) if node.kind in ("point", "subpoint")]
    assert nodes
    for node in nodes:
        marker = node.raw.lstrip().split(" ", 1)[0].rstrip(".)")
        assert marker == node.number, node.anchor
    assert all(node.number == "" for node in walk(parsed.points) if node.kind == "paragraph")


def test_the_parser_refuses_a_parse_that_leaves_text_out(act_000_path):
    """check_coverage is the parser's own safety net: text owned by no node stops the import."""
    builder = Builder(read_source(act_000_path))
    with pytest.raises(ImportActError) as caught:
        check_coverage(builder)
    assert caught.value.line == 2  # the title, the first non-blank line, was never given to a node
    assert "000_04a4b0dd9774c7c6.txt" in str(caught.value)
