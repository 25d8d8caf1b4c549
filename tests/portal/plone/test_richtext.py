"""Rich text: the allow-list, and internal links made Wagtail's (or reported)."""

from __future__ import annotations

import pytest

from portal.plone.mapping import IMAGE, ImportMap, MapError, load_map
from portal.plone.richtext import Target, reference_of, rewrite_links, sanitize


def test_sanitize_keeps_the_allowed_and_drops_the_rest():
    html = sanitize(
        '<h1>T</h1><p onclick="x()" style="color:red">a<script>bad()</script></p>'
        '<a href="javascript:x()">j</a>'
    )
    assert html == "<h2>T</h2><p>a</p><a>j</a>"


def test_sanitize_keeps_resolveuid_links_and_images():
    html = sanitize(
        '<p><a href="resolveuid/abc">x</a>'
        '<img src="resolveuid/def/@@images/image/preview" alt="A" class="c"></p>'
    )
    assert 'href="resolveuid/abc"' in html
    assert '<img src="resolveuid/def/@@images/image/preview" alt="A">' in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("resolveuid/abc", ("uid", "abc")),
        ("../resolveUid/abc/@@download/file", ("uid", "abc")),
        ("http://old.kz/Plone/a/resolveuid/abc", ("uid", "abc")),
        ("other/view", ("path", "/Plone/a/other")),
        ("../other", ("path", "/Plone/other")),
        ("/Plone/a/file.pdf/@@download/file", ("path", "/Plone/a/file.pdf")),
        ("http://old.kz/Plone/a/img.png/@@images/image/large", ("path", "/Plone/a/img.png")),
        ("https://adilet.zan.kz/kaz", None),
        ("mailto:a@b.kz", None),
        ("#top", None),
    ],
)
def test_references_into_the_old_site(url, expected):
    assert reference_of(url, "/Plone/a/page", site_hosts=("old.kz",)) == expected


def test_links_become_wagtail_links_and_the_lost_ones_are_reported():
    targets = {
        ("uid", "p1"): Target("page", 7),
        ("uid", "d1"): Target("document", 3),
        ("uid", "i1"): Target("image", 5),
    }
    html = (
        '<p><a href="resolveuid/p1">page</a> <a href="resolveuid/d1/@@download/file">doc</a> '
        '<a href="resolveuid/gone">old</a> <a href="https://x.kz/">out</a>'
        '<img src="resolveuid/i1/@@images/image/preview" alt="A &amp; B"></p>'
    )
    result, lost = rewrite_links(html, "/Plone/page", targets.get)
    assert result == (
        '<p><a linktype="page" id="7">page</a> <a linktype="document" id="3">doc</a> '
        'old <a href="https://x.kz/">out</a>'
        '<embed alt="A &amp; B" embedtype="image" format="fullwidth" id="5"/></p>'
    )
    assert lost == ["resolveuid/gone"]
    assert rewrite_links(result, "/Plone/page", targets.get) == (result, [])  # a second pass changes nothing


def test_the_default_map_and_an_override(tmp_path):
    assert ImportMap().target("Folder") == "index" and ImportMap().target("Collection") is None
    assert ImportMap().is_live("published") and not ImportMap().is_live("pending")
    override = tmp_path / "map.json"
    override.write_text(
        '{"types": {"Collection": "index", "Image": "skip"}, "live_states": ["published", "external"]}'
    )
    loaded = load_map(override)
    assert (loaded.target("Collection"), loaded.target(IMAGE.title()), loaded.target("Document")) == (
        "index",
        "skip",
        "page",
    )
    assert loaded.is_live("external")


def test_a_map_with_an_unknown_target_is_refused(tmp_path):
    bad = tmp_path / "map.json"
    bad.write_text('{"types": {"Folder": "blog"}}')
    with pytest.raises(MapError, match="Folder"):
        load_map(bad)
