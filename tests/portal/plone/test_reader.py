"""Reading the export: the three layouts, both time formats, an item's fields, broken JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from portal.plone.items import ItemError, read_item
from portal.plone.reader import ExportFormatError, content_sources, iter_items
from portal.plone.times import TimeFormatError, parse_time

from .conftest import DOC_KK, FOLDER, SITE, site_items


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-10-05T14:39:33+00:00", datetime(2022, 10, 5, 14, 39, 33, tzinfo=UTC)),
        ("2022-10-05T14:39:33Z", datetime(2022, 10, 5, 14, 39, 33, tzinfo=UTC)),
        # Without offset: the portal's TIME_ZONE (Asia/Almaty, UTC+6 in 2022).
        ("2022-10-05T14:39:33", datetime(2022, 10, 5, 8, 39, 33, tzinfo=UTC)),
        ("2018/10/26 13:44:45.374644 GMT+6", datetime(2018, 10, 26, 7, 44, 45, 374644, tzinfo=UTC)),
        ("2018/10/26 13:44:45 GMT-3", datetime(2018, 10, 26, 16, 44, 45, tzinfo=UTC)),
        ("2018/10/26 13:44:45 GMT+0530", datetime(2018, 10, 26, 8, 14, 45, tzinfo=UTC)),
        ("2018/10/26 13:44:45 GMT", datetime(2018, 10, 26, 13, 44, 45, tzinfo=UTC)),
    ],
)
def test_both_time_formats_are_read(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("empty", [None, "", "None"])
def test_an_empty_time_is_none(empty):
    assert parse_time(empty) is None


def test_an_unreadable_time_is_an_error():
    with pytest.raises(TimeFormatError):
        parse_time("26 October 2018")


def test_one_array_is_streamed_in_order():
    items = list(iter_items(SITE))
    assert [raw.data["UID"] for raw in items] == [item["UID"] for item in site_items()]
    assert [raw.position for raw in items] == list(range(len(items)))
    assert {raw.source for raw in items} == {"Plone.json"}  # export_*.json are not content


def test_reading_starts_at_a_position():
    assert [raw.position for raw in iter_items(SITE, start=7)] == [7, 8]


def test_one_file_per_type(tmp_path):
    by_type: dict[str, list] = {}
    for item in site_items():
        by_type.setdefault(item["@type"], []).append(item)
    for portal_type, items in by_type.items():
        (tmp_path / f"{portal_type}.json").write_text(json.dumps(items), encoding="utf-8")
    names = [p.name for p in content_sources(tmp_path)]
    assert names == ["Document.json", "File.json", "Folder.json", "Image.json", "News Item.json"]
    assert len(list(iter_items(tmp_path))) == len(site_items())


def test_a_folder_of_numbered_files_is_read_in_numeric_order(tmp_path):
    folder = tmp_path / "content_2024-01-01"
    folder.mkdir()
    for number, item in enumerate(site_items(), start=1):
        (folder / f"{number}.json").write_text(json.dumps(item), encoding="utf-8")
    uids = [raw.data["UID"] for raw in iter_items(tmp_path)]
    assert uids == [item["UID"] for item in site_items()]  # 10.json would come after 9.json


def test_a_truncated_array_fails_after_the_items_before_the_cut(tmp_path):
    text = (SITE / "Plone.json").read_text(encoding="utf-8")
    cut = tmp_path / "Plone.json"
    cut.write_text(text[: text.index('"UID": "b2b2')], encoding="utf-8")
    seen = []
    with pytest.raises(ExportFormatError, match="Plone.json: invalid or truncated JSON"):
        for raw in iter_items(cut):
            seen.append(raw.data["UID"])
    assert seen == [FOLDER, DOC_KK]


def test_a_file_that_is_not_an_array_is_refused(tmp_path):
    (tmp_path / "Plone.json").write_text('{"UID": "x"}', encoding="utf-8")
    with pytest.raises(ExportFormatError, match="is a JSON array"):
        list(iter_items(tmp_path))


def test_an_empty_directory_is_refused(tmp_path):
    with pytest.raises(ExportFormatError, match="no content export"):
        list(iter_items(tmp_path))


def test_an_item_is_read_with_versions_history_and_language():
    data = next(item for item in site_items() if item["UID"] == DOC_KK)
    item = read_item(data)
    assert (item.portal_type, item.plone_id, item.path) == ("Document", "erezhe", "/Plone/dokumenty/erezhe")
    assert (item.parent_uid, item.parent_path, item.language) == (FOLDER, "/Plone/dokumenty", "kk")
    assert [v.number for v in item.versions] == ["0", "1"]
    assert item.versions[0].change_note == "Алғашқы нұсқа"
    assert item.versions[1].modified == datetime(2019, 4, 10, 5, 0, tzinfo=UTC)
    assert [(e.action, e.review_state) for e in item.workflow] == [
        (None, "private"),
        ("submit", "pending"),
        ("publish", "published"),
    ]
    assert item.actor == "editor2"  # changeActor of the current version
    assert len(item.sha256) == 64


def test_the_language_may_be_a_token_and_the_sha_follows_the_content():
    data = dict(site_items()[1], language={"token": "ru", "title": "Русский"})
    assert read_item(data).language == "ru"
    assert read_item(data).sha256 != read_item(site_items()[1]).sha256


def test_an_item_without_uid_is_an_item_error():
    with pytest.raises(ItemError):
        read_item({"@type": "Document"})
