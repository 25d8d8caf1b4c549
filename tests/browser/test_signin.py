"""An applicant signs in with a demo EDS certificate (the development page's button, the same verification
path as a pasted signature) and files an application online, in Kazakh and in Russian."""

import json

import pytest
from django.core.cache import cache
from django.utils import translation
from pypdf import PdfWriter

from catalogue.roles import ensure_groups
from records.applications import Application
from records.eds.testpki import Pki, write_holder, write_pki
from tests.records.conftest import make_unit, valid_iin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NAME = "Жұмабаева Айгүл Қайратқызы"


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def demo_signer(settings, tmp_path):
    """A demo PKI as seed_demo writes it, trusted and offered on the login page."""
    cache.clear()
    ensure_groups()
    make_unit("taraz-city")
    pki = Pki("Browser NCA")
    write_pki(pki, tmp_path)
    holder = pki.issue(valid_iin(start=77), NAME)
    holder.label = NAME
    (tmp_path / "index.json").write_text(json.dumps([write_holder(holder, tmp_path, "demo-1")]))
    settings.RECORDS_EDS_TRUST_ROOTS = [str(tmp_path / "root.pem")]
    settings.RECORDS_EDS_DEMO_SIGNER = str(tmp_path)
    yield holder
    cache.clear()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_demo_applicant_signs_in_and_files(
    page, live_server, demo_signer, artifacts_dir, language, tmp_path
):
    page.goto(f"{live_server.url}/{language}/apply/?service=vet_certificate")
    assert f"/{language}/login/" in page.url  # anonymous: sent to sign in first
    page.get_by_role("button", name=in_language(language, "Sign in as %(label)s") % {"label": NAME}).click()
    page.wait_for_url("**/apply/?service=vet_certificate")
    assert NAME in page.content() and valid_iin(start=77) in page.content()
    page.check("input[name=filing_for][value=self]")
    page.select_option("select[name=subject]", "animal")
    page.fill("textarea[name=description], input[name=description]", "қой, 5 бас")
    scan = artifacts_dir / f"өтініш-{language}.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with scan.open("wb") as out:
        writer.write(out)
    page.set_input_files("input[name=documents]", str(scan))
    page.get_by_role("button", name=in_language(language, "File the application")).click()
    page.wait_for_url("**/apply/done/**")
    app = Application.objects.get()
    assert app.registration_no in page.content() and app.applicant.name == NAME
    page.screenshot(path=str(artifacts_dir / f"browser-signin-{language}.png"), full_page=True)
