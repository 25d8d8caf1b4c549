"""Every old address answers 301 in one hop to where its item is now."""

from __future__ import annotations

import json

import pytest
from wagtail.contrib.redirects.models import Redirect

from .conftest import DOC_KK, PDF_BASE64, SITE, run_import
from .test_import import target

pytestmark = pytest.mark.django_db


def one_hop(client, old: str) -> str:
    """The new address of `old`: a permanent redirect to a page that answers 200 itself."""
    response = client.get(old)
    assert response.status_code == 301, old
    new = response["Location"]
    assert client.get(new).status_code == 200, new
    return new


@pytest.mark.parametrize(
    "old",
    [
        "/Plone/dokumenty/erezhe",
        "/dokumenty/erezhe",  # as the virtual-hosted site served it
        "/Plone/dokumenty/erezhe/view",
        "/dokumenty/erezhe/view/",
        f"/resolveuid/{DOC_KK}",
        f"/Plone/resolveuid/{DOC_KK}",
        "/Plone/dokumenty/old-erezhe",  # export_redirects.json
        "/dokumenty/old-erezhe",
    ],
)
def test_old_addresses_of_a_page(client, old):
    run_import(SITE)
    assert one_hop(client, old).endswith(target(DOC_KK).url)


def test_old_addresses_of_a_file(client):
    run_import(SITE)
    document = target(PDF_BASE64)
    for old in ("/Plone/dokumenty/buiryq.pdf", "/dokumenty/buiryq.pdf/@@download/file"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, document.url)


def test_chains_are_flattened_and_a_rerun_keeps_edited_redirects(site_copy, client):
    (site_copy / "export_redirects.json").write_text(
        json.dumps(
            {"/Plone/a": "/Plone/b", "/Plone/b": "/Plone/dokumenty/erezhe", "/Plone/x": "/Plone/gone"}
        ),
        encoding="utf-8",
    )
    report = run_import(site_copy)
    assert report.unknown_redirects == [{"old": "/Plone/x", "new": "/Plone/gone"}]
    assert one_hop(client, "/Plone/a").endswith(target(DOC_KK).url)  # not via /Plone/b
    edited = Redirect.objects.get(
        old_path="/plone/a" if Redirect.objects.filter(old_path="/plone/a") else "/Plone/a"
    )
    edited.redirect_page, edited.redirect_link = None, "https://example.kz/"
    edited.save()
    count = Redirect.objects.count()
    again = run_import(site_copy)
    assert again.redirects == 0 and Redirect.objects.count() == count
    assert client.get("/Plone/a")["Location"] == "https://example.kz/"
