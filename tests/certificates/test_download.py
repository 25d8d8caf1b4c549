"""Downloading the registered file: staff may fetch any document, an applicant only their own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from certificates.services import can_download

pytestmark = pytest.mark.django_db

RESOLVER = "tests.certificates.test_download.holder_of"


def holder_of(user):
    """Stands in for the records app's resolver: the IIN an applicant acts for."""
    return {"applicant": "850312300123"}.get(user.username)


def download_url(doc):
    with translation.override("kk"):
        return reverse("certificates:download", kwargs={"code": doc.verification_code})


@pytest.fixture
def applicant(django_user_model):
    return django_user_model.objects.create_user("applicant")


@pytest.fixture
def stranger(django_user_model):
    return django_user_model.objects.create_user("stranger")


def test_can_download_rules(issue, clerk, applicant, stranger):
    doc = issue("vet_certificate")  # holder 850312300123
    assert can_download(clerk, doc)
    assert can_download(applicant, doc, holder_id_of_user="850312300123")
    assert not can_download(applicant, doc)
    assert not can_download(stranger, doc, holder_id_of_user="120440012345")
    assert not can_download(AnonymousUser(), doc, holder_id_of_user="850312300123")
    applicant.is_active = False
    assert not can_download(applicant, doc, holder_id_of_user="850312300123")


def test_staff_download_the_registered_bytes(client, issue, clerk):
    doc = issue("vet_certificate")
    client.force_login(clerk)
    response = client.get(download_url(doc))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == doc.file.storage.open(doc.file.name).read()
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_the_holder_downloads_their_own_and_nobody_elses(client, issue, applicant, settings):
    settings.CERTIFICATE_HOLDER_ID_RESOLVER = RESOLVER
    own = issue("vet_certificate")
    other = issue("licence")  # a company's licence
    client.force_login(applicant)
    assert client.get(download_url(own)).status_code == 200
    assert client.get(download_url(other)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, issue):
    response = client.get(download_url(issue("vet_certificate")))
    assert response.status_code == 302 and "login" in response["Location"]
