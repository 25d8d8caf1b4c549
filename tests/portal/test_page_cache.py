"""Speed of the act pages (issue 17): the whole-page cache in front of Wagtail, what a publish invalidates,
compression, cache headers and conditional GET, the act page split into its regulations."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
from django.test import Client

from portal.models import AppendixPage, ApprovedDocumentPage, LegalActPage

pytestmark = pytest.mark.django_db

STATE = "X-Page-Cache"


def _publish_change(page, text: str = "") -> None:
    """A new published revision of a page with its title changed."""
    page = page.specific.get_latest_revision_as_object()
    page.title = f"{page.title} ({text or 'өзгертілді'})"
    if getattr(page, "full_title", ""):
        page.full_title = f"{page.full_title} ({text or 'өзгертілді'})"  # what the act page shows
    page.save_revision().publish()


def _get(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def urls(published) -> dict[str, str]:
    act = LegalActPage.objects.get(code="003")
    return {
        "act": act.url,
        "full": act.url + "?full=1",
        "other_act": LegalActPage.objects.get(code="000").url,
        "reg1": ApprovedDocumentPage.objects.child_of(act).get(slug="regulation-1").url,
        "reg2": ApprovedDocumentPage.objects.child_of(act).get(slug="regulation-2").url,
        "appendix": AppendixPage.objects.get(url_path__endswith="/003/regulation-1/appendix-1/").url,
    }


# ------------------------------------------------------------------------------------------ hits


def test_second_request_is_a_hit_without_database_queries(urls, client, django_assert_num_queries):
    first = _get(client, urls["act"])
    assert first[STATE] == "miss"
    with django_assert_num_queries(0):
        second = _get(client, urls["act"])
    assert second[STATE] == "hit"
    assert second.content == first.content
    # The middleware above the cache still adds its headers to a hit.
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


def test_languages_and_the_whole_act_are_separate_entries(urls, client):
    kk = _get(client, urls["act"])
    ru = _get(client, "/ru/" + urls["act"][4:])
    full = _get(client, urls["full"])
    assert {kk[STATE], ru[STATE], full[STATE]} == {"miss"}
    assert b'<html lang="ru">' in ru.content and b'<html lang="kk">' in kk.content
    assert len(full.content) > len(kk.content)
    assert _get(client, urls["full"])[STATE] == "hit"


def test_other_queries_and_signed_in_readers_bypass_the_cache(urls, client, django_user_model):
    _get(client, urls["act"])
    assert STATE not in _get(client, urls["act"] + "?at=2020-01-01")
    staff = django_user_model.objects.create_superuser("editor", "e@example.kz", "pw")
    client.force_login(staff)
    signed_in = _get(client, urls["act"])
    assert STATE not in signed_in  # rendered for this reader, never from or into the cache
    assert "no-store" in signed_in["Cache-Control"] and "private" in signed_in["Cache-Control"]


def test_previews_are_never_cached(urls, client, django_user_model):
    act = LegalActPage.objects.get(code="003")
    draft = act.get_latest_revision_as_object()
    draft.title = "Алдын ала қарау мәтіні"
    draft.save_revision()
    editor = django_user_model.objects.create_superuser("editor", "e@example.kz", "pw")
    admin = Client()
    admin.force_login(editor)
    preview = admin.get(f"/admin/pages/{act.pk}/view_draft/")
    assert preview.status_code == 200 and "Алдын ала қарау мәтіні" in preview.content.decode()
    public = _get(client, urls["act"])
    assert public[STATE] == "miss" and "Алдын ала қарау мәтіні" not in public.content.decode()


# ---------------------------------------------------------------------------------- invalidation


def test_publishing_invalidates_only_the_pages_it_changes(urls, client, django_assert_num_queries):
    for url in urls.values():
        _get(client, url)
    _publish_change(_page(urls["reg2"]))
    states = {name: _get(client, url)[STATE] for name, url in urls.items()}
    # The regulation, the act pages listing it: rendered again.  The other act, the sibling regulation and
    # its appendix show nothing of it: still from the cache.
    assert states == {
        "act": "miss",
        "full": "miss",
        "reg2": "miss",
        "other_act": "hit",
        "reg1": "hit",
        "appendix": "hit",
    }
    assert "(өзгертілді)" in _get(client, urls["act"]).content.decode()


def test_publishing_an_act_reaches_its_regulations_and_appendices(urls, client):
    for url in urls.values():
        _get(client, url)
    _publish_change(_page(urls["act"]))
    states = {name: _get(client, url)[STATE] for name, url in urls.items()}
    assert states["other_act"] == "hit"
    assert {states[name] for name in ("act", "full", "reg1", "reg2", "appendix")} == {"miss"}
    assert "(өзгертілді)" in _get(client, urls["appendix"]).content.decode()  # its breadcrumbs


def test_unpublishing_and_deleting_invalidate_the_act_page(urls, client):
    _get(client, urls["act"])
    _page(urls["reg2"]).unpublish()
    html = _get(client, urls["act"]).content.decode()
    assert "regulation-2/" not in html
    _get(client, urls["act"])
    _page(urls["reg1"]).delete()
    html = _get(client, urls["act"]).content.decode()
    assert "regulation-1/" not in html
    assert client.get(urls["reg1"]).status_code == 404


def test_sitemap_is_cached_and_follows_publishing(urls, client):
    assert _get(client, "/sitemap.xml")[STATE] == "miss"
    assert _get(client, "/sitemap.xml")[STATE] == "hit"
    _page(urls["reg2"]).unpublish()
    sitemap = _get(client, "/sitemap.xml")
    assert sitemap[STATE] == "miss" and b"/regulation-2/</loc>" not in sitemap.content


def test_purging_proxy_gets_the_changed_urls(urls, settings, monkeypatch, django_capture_on_commit_callbacks):
    purged: list[str] = []
    monkeypatch.setattr(
        "wagtail.contrib.frontend_cache.backends.http.urlopen",
        lambda request: purged.append(request.full_url),
    )
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://proxy",
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        _publish_change(_page(urls["reg2"]))
    paths = {url.removeprefix("http://proxy") for url in purged}
    ru = "/ru/" + urls["reg2"][4:]
    assert {urls["reg2"], ru, urls["act"], urls["act"] + "?full=1", "/sitemap.xml"} <= paths
    assert urls["reg1"] not in paths and urls["other_act"] not in paths


def _page(url: str):
    from wagtail.models import Page

    return next(p for p in Page.objects.live().specific() if p.url == url)


# ------------------------------------------------------------------------------------------ headers


@pytest.mark.parametrize("state", ["miss", "hit"])
def test_compression_cache_control_and_etag(urls, client, state):
    if state == "hit":
        _get(client, urls["act"])
    raw = _get(client, urls["act"], HTTP_ACCEPT_ENCODING="identity")
    br = _get(client, urls["act"], HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    gz = _get(client, urls["act"], HTTP_ACCEPT_ENCODING="gzip;q=1.0, br;q=0")
    assert br["Content-Encoding"] == "br" and brotli.decompress(br.content) == raw.content
    assert gz["Content-Encoding"] == "gzip" and gzip.decompress(gz.content) == raw.content
    assert "Content-Encoding" not in raw
    for response in (raw, br, gz):
        assert {"accept-encoding", "cookie"} <= {v.strip().lower() for v in response["Vary"].split(",")}
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert int(response["Content-Length"]) == len(response.content)
    assert raw["ETag"] == br["ETag"] == gz["ETag"]
    not_modified = client.get(urls["act"], HTTP_IF_NONE_MATCH=raw["ETag"], HTTP_ACCEPT_ENCODING="br")
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == raw["ETag"]


def test_etag_changes_with_the_text(urls, client):
    etag = _get(client, urls["reg2"])["ETag"]
    _publish_change(_page(urls["reg2"]))
    assert client.get(urls["reg2"], HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_other_html_is_gzipped(client, published):
    response = client.get("/kk/search/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"  # not public: brotli is kept to what holds no secret


# ------------------------------------------------------------------------------ the split act page


def test_act_page_lists_its_regulations_and_keeps_every_anchor(urls, client):
    summary = _get(client, urls["act"]).content.decode()
    full = _get(client, urls["full"]).content.decode()
    assert len(summary) < len(full)
    assert 'href="/kk/acts/003/?full=1"' in summary and "Актінің толық мәтіні бір бетте" in summary
    # Every id of the whole-act page is on the default page too, so old permalinks still land.
    ids = set(re.findall(r'\bid="([^"]+)"', full))
    missing = ids - set(re.findall(r'\bid="([^"]+)"', summary))
    assert not missing, sorted(missing)[:10]
    # A point's number links to the point on its regulation page and holds its sub-points' ids.
    link = re.search(r'<a id="d1-p2" href="([^"]+)">2(.*?)</a>', summary)
    assert link and link.group(1) == "regulation-1/#d1-p2"
    assert '<span id="d1-p2-s2-s1"></span>' in link.group(2)
    assert "point_index.js" in summary and "point_index.js" not in full
    # The points' text itself is on the regulation pages, not on the act page.
    assert 'class="plink" href="#d1-p2"' not in summary and 'class="plink" href="#d1-p2"' in full


def test_token_files_are_shared_and_overwritten_in_place(tmp_path):
    from portal.cache import TokenFileCache

    writer, reader = TokenFileCache(str(tmp_path), {}), TokenFileCache(str(tmp_path), {})
    assert reader.get("portal:pagever:7") is None
    assert writer.add("portal:pagever:7", "a" * 16) and not reader.add("portal:pagever:7", "b" * 16)
    assert reader.get_many(["portal:pagever:7", "portal:pagever:8"]) == {"portal:pagever:7": "a" * 16}
    writer.set_many({"portal:pagever:7": "c" * 16, "portal:pagever:8": "d" * 16})
    assert reader.get("portal:pagever:7") == "c" * 16 and reader.get("portal:pagever:8") == "d" * 16
    writer.set("portal:pagever:7", "short")  # a shorter value never leaves the old one's tail behind
    assert reader.get("portal:pagever:7") == "short"
    reader.clear()
    assert writer.get("portal:pagever:8") is None


def test_downloads_are_not_gzipped(rf):
    from django.http import HttpResponse

    from portal.compression import TextGZipMiddleware

    pdf = HttpResponse(b"%PDF-1.7 " + b"x" * 2000, content_type="application/pdf")
    html = HttpResponse(b"<p>" + b"x" * 2000, content_type="text/html; charset=utf-8")
    middleware = TextGZipMiddleware(lambda request: None)
    request = rf.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert not middleware.process_response(request, pdf).has_header("Content-Encoding")
    assert middleware.process_response(request, html)["Content-Encoding"] == "gzip"
