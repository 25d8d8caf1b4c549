"""`manage.py import_act PATH --dry-run`: the parsed tree as JSON, without touching the database."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _dry_run(path) -> tuple[str, dict]:
    out = StringIO()
    call_command("import_act", str(path), "--dry-run", stdout=out)
    return out.getvalue(), json.loads(out.getvalue())


def test_dry_run_prints_the_tree_as_json(act_003_path):
    # No django_db mark: any query would fail this test, so the dry run provably needs no database.
    output, tree = _dry_run(act_003_path)
    assert "Облыс әкімі К. Көкрекбаев" in output  # ensure_ascii=False: Kazakh stays readable
    assert output.startswith("{\n  ")  # indent=2
    assert tree["source_name"] == "003_b299304cea067258.txt"
    assert tree["metadata"]["status"] == "repealed"
    assert tree["draft"] is False
    assert len(tree["documents"]) == 6
    regulation_3 = tree["documents"][2]
    anchors = [point["anchor"] for division in regulation_3["divisions"] for point in division["points"]]
    assert anchors[6:8] == ["d3-p7", "d3-p7-2"]
    assert regulation_3["divisions"][0]["points"][0]["lines"] == [657, 669]


def test_dry_run_of_the_rules_lists_the_journal_columns(act_000_path):
    _output, tree = _dry_run(act_000_path)
    columns = tree["documents"][0]["appendices"][0]["columns"]
    assert [column["number"] for column in columns] == list(range(1, 9))
    assert columns[0]["heading"] == "Р/с №"
    assert tree["points"][1]["children"][0]["anchor"] == "p2-s1"


def test_unimportable_file_is_a_command_error_naming_the_line(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text("Тақырып\n\n      1. Бір\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_act", str(path), "--dry-run", stdout=StringIO())
    assert "broken.txt, line 3" in str(caught.value)


def test_help_lists_the_dry_run_option():
    from portal.management.commands.import_act import Command

    text = Command().create_parser("manage.py", "import_act").format_help()
    assert "--dry-run" in text
    assert "Print the parsed act as JSON" in text
