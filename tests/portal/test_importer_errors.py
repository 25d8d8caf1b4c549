"""Input that cannot be imported stops with an ImportActError naming the file and a line; unseen acts
become drafts whose heuristic repairs wait for review."""

from __future__ import annotations

import random

import pytest

from portal.importer import ImportActError, parse_act
from portal.importer.expected import EXPECTED
from portal.importer.fixes import apply_curated_fixes
from portal.importer.fixtable import FIXES_000, FIXES_003, SHA_000
from portal.importer.nodes import Builder
from portal.importer.source import read_source
from portal.importer.validate import check_known

from .importer_support import all_nodes, by_anchor, source_lines


def _write(tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _error(path) -> ImportActError:
    with pytest.raises(ImportActError) as caught:
        parse_act(path)
    error = caught.value
    assert error.path == path
    assert path.name in str(error)
    return error


def test_random_bytes(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(7).randbytes(4096))
    error = _error(path)
    assert error.line >= 1
    assert f"line {error.line}" in str(error)


def test_invalid_utf8_names_its_line(tmp_path, act_000_path):
    data = act_000_path.read_bytes().split(b"\n")
    data[99] = b"\xff\xfe" + data[99]
    path = tmp_path / "000_cp.txt"
    path.write_bytes(b"\n".join(data))
    error = _error(path)
    assert error.line == 100
    assert "UTF-8" in error.reason


def test_binary_data_names_its_line(tmp_path, act_000_path):
    lines = source_lines(act_000_path)
    lines[49] = "\x00\x01" + lines[49]
    error = _error(_write(tmp_path, "000_bin.txt", lines))
    assert error.line == 50
    assert "binary" in error.reason


def test_empty_file(tmp_path):
    error = _error(_write(tmp_path, "000_empty.txt", ["", "  "]))
    assert error.line == 0


def test_003_truncated_in_the_middle_of_regulation_2(tmp_path, act_003_path):
    lines = source_lines(act_003_path)[:500]  # regulation 2 runs from L387 to L642
    error = _error(_write(tmp_path, "003_cut.txt", lines))
    assert error.line == 499  # L500 is blank: the last text line is where the file stops
    assert "truncated" in error.reason


def test_a_line_inserted_where_nothing_can_hold_it(tmp_path, act_000_path):
    lines = source_lines(act_000_path)
    lines.insert(45, "Бұл жолдың иесі жоқ")  # after «1-тарау. Жалпы ережелер» and its blank line
    error = _error(_write(tmp_path, "000_extra.txt", lines))
    assert error.line == 46
    assert "belongs to no paragraph" in error.reason


def test_a_line_inserted_between_a_title_and_its_first_heading(tmp_path, act_003_path):
    lines = source_lines(act_003_path)
    lines.insert(73, "Бөтен мәтін")  # after the title of regulation 1 and its blank line
    error = _error(_write(tmp_path, "003_extra.txt", lines))
    assert error.line == 74


def test_a_block_without_a_stamp(tmp_path, act_000_path):
    lines = source_lines(act_000_path)
    lines[38] = "бекіту"  # L39 «бекітілген» ends the approval stamp of the Rules
    error = _error(_write(tmp_path, "000_nostamp.txt", lines))
    assert error.line == 32
    assert "stamp" in error.reason


def test_curated_fix_table_fails_loudly_when_its_text_is_missing(tmp_path, act_000_path):
    lines = source_lines(act_000_path)
    lines[13] = lines[13].replace("бекітілсін.қағидалары", "бекітілсін. қағидалары")
    source = read_source(_write(tmp_path, "000_changed.txt", lines))
    with pytest.raises(ImportActError) as caught:
        apply_curated_fixes(source, FIXES_000)
    assert caught.value.line == 14
    assert "curated fix table" in caught.value.reason


def test_the_curated_table_does_not_fit_another_act(act_000_path):
    with pytest.raises(ImportActError) as caught:
        apply_curated_fixes(read_source(act_000_path), FIXES_003)
    assert caught.value.line == 10


def test_known_act_with_a_different_shape_is_refused(act_000_path):
    parsed = parse_act(act_000_path)
    del parsed.documents[0].divisions[1].points[3]
    builder = Builder(read_source(act_000_path))
    with pytest.raises(ImportActError) as caught:
        check_known(builder, parsed, EXPECTED[SHA_000])
    assert caught.value.line == 32  # the stamp of the Rules


def _unseen(tmp_path, path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    changed = tmp_path / path.name
    changed.write_text(text.replace(old, new), encoding="utf-8")
    return parse_act(changed)


def _review_repairs(parsed):
    return [(node, repair) for node in all_nodes(parsed) for repair in node.repairs if repair.needs_review]


def test_unseen_act_is_a_draft_with_repairs_to_review(tmp_path, act_000_path):
    parsed = _unseen(tmp_path, act_000_path, "тамақтануына", "тамақтануы үшін")
    assert parsed.draft is True
    assert parsed.source_sha256 != SHA_000
    nodes = by_anchor(parsed)
    assert nodes["p1"].text.endswith("пайдалану қағидалары бекітілсін.")  # moved by the heuristics …
    assert any(r.rule == "A?" and r.needs_review for r in nodes["p1"].repairs)  # … and marked for review
    assert nodes["preamble"].text.endswith("46-31) тармақшасына сәйкес БҰЙЫРАМЫН:")
    assert "тамақтануы үшін" in nodes["d1-p19"].text
    assert not any(r.rule == "A" for node in all_nodes(parsed) for r in node.repairs)  # no curated fixes
    assert sum(len(division.points) for division in parsed.documents[0].divisions) == 22
    assert len(parsed.documents[0].appendices[0].columns) == 8


def test_unseen_act_heuristics_flag_every_curated_case(tmp_path, act_003_path):
    parsed = _unseen(tmp_path, act_003_path, "А.Нұралиевке", "А. Нұралиевке")
    assert parsed.draft is True
    flagged = [repair.detail for _node, repair in _review_repairs(parsed)]
    for fix in FIXES_003:
        line = fix.edits[0][0]
        assert any(detail.startswith((f"L{line}:", f"L{line}–")) for detail in flagged), fix.case
    doc = parsed.documents[3]
    assert [(a.number, a.missing_in_source) for a in doc.appendices] == [
        ("1", True),
        ("2", True),
        ("3", True),
    ]
    assert [len(d.appendices) for d in parsed.documents] == [3, 3, 3, 3, 3, 4]


def test_unseen_act_with_a_point_out_of_order_is_refused(tmp_path, act_000_path):
    text = act_000_path.read_text(encoding="utf-8").replace("      15. Мемлекеттік", "      16. Мемлекеттік")
    path = tmp_path / "000_order.txt"
    path.write_text(text, encoding="utf-8")
    error = _error(path)
    assert error.line == 154  # L154 now prints «16.» right after «14.»
    assert "16" in error.reason and "14" in error.reason
