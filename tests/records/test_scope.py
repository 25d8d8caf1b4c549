"""The data scope (records.scope), through the real views: every cell of the «Data scope» table of
docs/permissions.md (role × own unit / other unit / oblast services) read through the JSON API and the staff
admin; transitions, documents, issued PDFs and search outside the scope; the integration token's services;
the unit an application is filed in."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from catalogue import SERVICES
from catalogue.roles import STAFF_ROLES, Role
from records.api.views import READ_ROLES
from records.api_tokens import ApiToken, hash_key
from records.attachments import store_attachment
from records.errors import InvalidInput, NotFound, PermissionDenied
from records.permissions import data_scope_cells
from records.services import file_application, perform_transition
from records.units import OBLAST, UnitMembership

from .conftest import filing_data, join, make_unit, make_user, required_docs
from .document_files import pdf_bytes

# What each role reads, as the regulations assign the work (the specification the code must meet):
# (an application of its own unit, one of another unit, the oblast services it reads in another unit).
# The integration account holds a token granted registration_number only.
OBLAST_SERVICES = ("registration_number", "attestation")
NOTHING = (False, False, frozenset())
DATA_SCOPE = {
    Role.APPLICANT: NOTHING,
    Role.OFFICE: (True, False, frozenset()),
    Role.HEAD: (True, False, frozenset()),
    Role.EXECUTOR: (True, False, frozenset()),
    Role.STATE_VET_DOCTOR: (True, False, frozenset()),
    Role.OBLAST_INSPECTION: (False, False, frozenset({"registration_number"})),
    Role.COMMISSION: (False, False, frozenset({"attestation"})),
    Role.ARCHIVIST: (True, True, frozenset(OBLAST_SERVICES)),
    Role.EDITOR: NOTHING,
    Role.RESPONSIBLE_PERSON: NOTHING,
    Role.INSPECTOR: NOTHING,
    Role.PORTAL: (False, False, frozenset({"registration_number"})),
}
PORTAL_TOKEN_SERVICES = ("registration_number",)
CELLS = ("own_unit", "other_unit", "oblast_service")


@pytest.fixture
def staff_access(db):
    from records.staff.access import ensure_staff_access

    ensure_staff_access()  # the admin and the issued documents' download permission of the staff roles


@pytest.fixture
def other_unit(db):
    return make_unit("merke", name="Меркі ауданы әкімдігінің ветеринария бөлімі")


@pytest.fixture
def other_clerk(db, django_user_model, other_unit, users):
    return make_user(django_user_model, "merke_clerk", Role.OFFICE, unit=other_unit)


@pytest.fixture
def scoped(file, person, other_clerk):
    """One application per cell: a vet certificate in the home unit and in the other unit, and the two
    oblast-role services in the other unit."""

    def elsewhere(service: str):
        return file_application(
            service,
            applicant=person,
            channel="office",
            data=filing_data(service),
            documents=[],
            by=other_clerk,
        )

    return {
        "own_unit": [file("vet_certificate")],
        "other_unit": [elsewhere("vet_certificate")],
        "oblast_service": [elsewhere(service) for service in OBLAST_SERVICES],
    }


def expected(role: Role, cell: str, app) -> bool:
    own, other, services = DATA_SCOPE[role]
    return {"own_unit": own, "other_unit": other, "oblast_service": app.service in services}[cell]


def token_of(user, role: Role) -> str:
    services = PORTAL_TOKEN_SERVICES if role is Role.PORTAL else ()
    return "Bearer " + ApiToken.issue(user, services=services)[1]


def api_get(client, url: str, token: str):
    return client.get(url, HTTP_AUTHORIZATION=token)


def admin_url(name: str, *args) -> str:
    return reverse(name, args=args)


def admin_get(client, url: str, **kwargs):
    """The admin's answer, redirects followed: a 404 there is first redirected to the /kk/ address by the
    LocaleMiddleware (the public pages' catch-all), which answers 404 in turn."""
    return client.get(url, follow=True, **kwargs)


# -- the table --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_the_documented_table_says_what_the_rule_does(role):
    own, other, services = DATA_SCOPE[role]
    cells = data_scope_cells(role)
    if role is Role.PORTAL:
        assert cells == ("token", "token", "token")
        return
    every = "all" if own and other else ", ".join(f"`{s}`" for s in sorted(services))
    assert cells == ("✓" if own else "", "✓" if other else "", every)


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_cell_through_the_api_and_the_admin(role, cell, scoped, users, client, staff_access):
    user = users[role]
    token = token_of(user, role)
    client.force_login(user)
    listing = client.get(admin_url("records_applications"))
    for app in scoped[cell]:
        readable = expected(role, cell, app)
        answer = api_get(client, reverse("records_api:application", args=[app.pk]), token)
        transitions = api_get(client, reverse("records_api:transitions", args=[app.pk]), token)
        page = admin_get(client, admin_url("records_application", app.pk))
        if readable:
            assert answer.status_code == 200 and answer.json()["registration_no"] == app.registration_no
            assert transitions.status_code == 200
            if role in STAFF_ROLES:  # the integration account does not log in to the admin
                assert page.status_code == 200 and app.registration_no in listing.content.decode()
            continue
        # No read role: refused as such; a read role outside its scope: the application does not exist.
        assert answer.status_code == (404 if role in READ_ROLES else 403), answer.content
        assert answer.json()["code"] == ("not_found" if role in READ_ROLES else "permission_denied")
        assert transitions.status_code == answer.status_code
        # The admin: a staff role outside its scope finds nothing; anyone else is not let in at all.
        assert app.registration_no not in page.content.decode()
        if role in STAFF_ROLES:
            assert page.status_code == 404
        assert app.registration_no not in listing.content.decode()


def test_superusers_read_every_unit(scoped, django_user_model, client):
    admin = django_user_model.objects.create_superuser("root", password="x")
    token = "Bearer " + ApiToken.issue(admin)[1]
    client.force_login(admin)
    for app in [app for apps in scoped.values() for app in apps]:
        assert api_get(client, reverse("records_api:application", args=[app.pk]), token).status_code == 200
        assert client.get(admin_url("records_application", app.pk)).status_code == 200


# -- transitions, files, issued documents, search ----------------------------------------------------------


def test_transitions_outside_the_scope_are_refused_as_not_found(scoped, users, client, staff_access):
    clerk = users[Role.EXECUTOR]  # who registers a veterinary certificate
    app = scoped["other_unit"][0]
    with pytest.raises(NotFound):
        perform_transition(app.pk, "register", user=clerk)
    token = token_of(clerk, Role.EXECUTOR)
    url = reverse("records_api:perform", args=[app.pk, "register"])
    answer = client.post(url, "{}", content_type="application/json", HTTP_AUTHORIZATION=token)
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    client.force_login(clerk)
    refused = client.post(admin_url("records_application_transition", app.pk, "register"), follow=True)
    assert refused.status_code == 404
    app.refresh_from_db()
    assert app.state == "submitted"
    # Inside the scope the same clerk registers it.
    own = scoped["own_unit"][0]
    assert perform_transition(own.pk, "register", user=clerk).state == "registered"


def test_an_applicants_documents_open_only_inside_the_scope(
    settings, tmp_path, file, users, other_clerk, person, client, staff_access
):
    settings.MEDIA_ROOT = tmp_path / "media"
    content = pdf_bytes()  # a real PDF: the upload is checked by its content (issue 14)
    scan = store_attachment(SimpleUploadedFile("өтініш.pdf", content, content_type="application/pdf"))
    mine = file("vet_certificate", documents=[scan])
    theirs = file_application(
        "vet_certificate",
        applicant=person,
        channel="office",
        data=filing_data("vet_certificate"),
        documents=[scan],
        by=other_clerk,
    )
    client.force_login(users[Role.HEAD])
    own = client.get(admin_url("records_application_document", mine.pk, 0))
    assert own.status_code == 200 and b"".join(own.streaming_content) == content
    assert admin_get(client, admin_url("records_application_document", theirs.pk, 0)).status_code == 404


def test_issued_pdfs_download_only_inside_the_scope(settings, tmp_path, scoped, users, client, staff_access):
    from certificates.samples import PAYLOADS
    from certificates.services import issue_document

    settings.MEDIA_ROOT = tmp_path / "media"

    def issued_for(app):
        return issue_document(
            "receipt",
            holder_name="Асқаров Нұрлан",
            holder_id=app.applicant.identifier,
            payload=PAYLOADS["receipt"],
            issued_by=users[Role.OFFICE],
            source_record=("records.application", str(app.pk)),
        )

    mine, theirs = issued_for(scoped["own_unit"][0]), issued_for(scoped["other_unit"][0])
    client.force_login(users[Role.HEAD])
    own = client.get(reverse("certificates:download", args=[mine.verification_code]))
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    assert client.get(reverse("certificates:download", args=[theirs.verification_code])).status_code == 403
    client.force_login(users[Role.ARCHIVIST])
    assert client.get(reverse("certificates:download", args=[theirs.verification_code])).status_code == 200


def test_the_archive_search_finds_only_what_the_user_may_read(settings, scoped, users, client):
    from search import outbox
    from search.backends import reset_backend

    settings.ELASTICSEARCH_URL = ""  # the embedded backend
    reset_backend()
    try:
        outbox.drain()
        numbers = {cell: {a.registration_no for a in apps} for cell, apps in scoped.items()}

        def found(role: Role) -> set[str]:
            client.force_login(users[role])
            token = "Bearer " + ApiToken.issue(users[role])[1]
            params = {"type": "application", "per_page": 50}
            data = client.get("/api/v1/search/", params, HTTP_AUTHORIZATION=token).json()
            return {hit["title"] for hit in data["results"]}

        everything = set().union(*numbers.values())
        assert found(Role.ARCHIVIST) == everything
        assert found(Role.OFFICE) == numbers["own_unit"]
        inspected = {
            a.registration_no for a in scoped["oblast_service"] if a.service == "registration_number"
        }
        assert found(Role.OBLAST_INSPECTION) == inspected
    finally:
        reset_backend()


# -- the integration token ---------------------------------------------------------------------------------


def create_body(person, service: str, **extra) -> str:
    applicant = {"kind": "individual", "identifier": person.identifier, "name": person.name}
    body = {"service": service, "applicant": applicant, "data": filing_data(service), **extra}
    body.setdefault("documents", required_docs(service))  # a portal filing sends them (issue 14)
    return json.dumps(body)


def post_application(client, token: str, body: str):
    return client.post(
        reverse("records_api:applications"), body, content_type="application/json", HTTP_AUTHORIZATION=token
    )


def test_a_token_granted_no_service_reads_and_files_nothing(scoped, users, person, client):
    token = "Bearer " + ApiToken.issue(users[Role.PORTAL])[1]
    app = scoped["own_unit"][0]
    assert api_get(client, reverse("records_api:application", args=[app.pk]), token).status_code == 404
    answer = post_application(client, token, create_body(person, "vet_certificate"))
    assert answer.status_code == 403
    assert set(answer.json()) == {"code", "message", "field_errors"}
    assert answer.json()["code"] == "permission_denied" and "vet_certificate" in answer.json()["message"]


def test_a_token_files_and_reads_the_services_it_was_granted(scoped, users, person, client):
    token = "Bearer " + ApiToken.issue(users[Role.PORTAL], services=["vet_certificate"])[1]
    filed = post_application(client, token, create_body(person, "vet_certificate", unit="merke"))
    assert filed.status_code == 201, filed.content
    assert post_application(client, token, create_body(person, "licence")).status_code == 403
    for cell in ("own_unit", "other_unit"):
        app = scoped[cell][0]
        assert api_get(client, reverse("records_api:application", args=[app.pk]), token).status_code == 200
    for app in scoped["oblast_service"]:
        assert api_get(client, reverse("records_api:application", args=[app.pk]), token).status_code == 404


def test_the_command_grants_services_to_integration_tokens_only(users, person, client, home_unit):
    out = io.StringIO()
    portal = users[Role.PORTAL].username
    call_command(
        "api_token", "create", portal, "--service", "vet_certificate", stdout=out, stderr=io.StringIO()
    )
    key = out.getvalue().strip()
    assert ApiToken.objects.get(key_hash=hash_key(key)).services == ["vet_certificate"]
    assert (
        post_application(client, f"Bearer {key}", create_body(person, "vet_certificate")).status_code == 201
    )
    with pytest.raises(CommandError):
        call_command("api_token", "create", users[Role.OFFICE].username, "--service", "licence")
    with pytest.raises(CommandError):
        call_command("api_token", "create", portal, "--service", "no_such_service", stderr=io.StringIO())


# -- the unit an application is filed in -------------------------------------------------------------------


def test_office_filing_takes_the_clerks_unit_and_refuses_a_clerk_of_none(
    file, users, home_unit, person, django_user_model
):
    app = file("vet_certificate")
    assert app.unit == home_unit and app.unit_code == home_unit.code
    loner = make_user(django_user_model, "loner", Role.OFFICE)
    with pytest.raises(PermissionDenied, match="not a member of any unit"):
        file_application(
            "vet_certificate",
            applicant=person,
            channel="office",
            data=filing_data("vet_certificate"),
            by=loner,
        )


def test_a_clerk_of_two_units_names_one_unless_the_service_decides(file, users, home_unit, person):
    oblast = make_unit("oblast", OBLAST)
    join(users[Role.OFFICE], oblast, Role.OFFICE)
    assert file("licence").unit == oblast  # only the oblast department provides licences
    with pytest.raises(InvalidInput) as refused:
        file("attestation")  # both levels provide it
    assert "unit" in refused.value.field_errors
    clerk = users[Role.OFFICE]
    data = filing_data("attestation")
    named = file_application(
        "attestation", applicant=person, channel="office", data=data, by=clerk, unit="oblast"
    )
    assert named.unit == oblast
    with pytest.raises(PermissionDenied):
        file_application(
            "attestation", applicant=person, channel="office", data=data, by=clerk, unit="nowhere"
        )


def test_portal_filing_names_the_unit_or_takes_the_only_one(file, users, home_unit, other_unit):
    oblast = make_unit("oblast", OBLAST)
    assert file("licence", channel="portal").unit == oblast
    assert file("registration_number", channel="portal").unit == oblast
    with pytest.raises(InvalidInput) as refused:
        file("vet_sanitary_conclusion", channel="portal")  # two district units
    assert "unit" in refused.value.field_errors
    portal = users[Role.PORTAL]
    data = filing_data("vet_sanitary_conclusion")

    def through_portal(unit: str, service: str = "vet_sanitary_conclusion"):
        return file_application(
            service,
            applicant=file("vet_certificate").applicant,
            channel="portal",
            data=filing_data(service) if service != "vet_sanitary_conclusion" else data,
            documents=required_docs(service),
            by=portal,
            unit=unit,
        )

    assert through_portal("merke").unit == other_unit
    with pytest.raises(InvalidInput):
        through_portal("oblast")  # the oblast department does not issue veterinary-sanitary conclusions


def test_a_membership_that_ended_opens_nothing(scoped, users, home_unit, client):
    from django.utils import timezone

    UnitMembership.objects.filter(user=users[Role.HEAD]).update(ended_at=timezone.now())
    token = token_of(users[Role.HEAD], Role.HEAD)
    app = scoped["own_unit"][0]
    assert api_get(client, reverse("records_api:application", args=[app.pk]), token).status_code == 404


def test_the_online_form_account_acts_for_every_service(db):
    from records.api_tokens import granted_services
    from records.portal_intake import portal_account

    assert granted_services(portal_account()) == frozenset(SERVICES)


def test_the_online_form_asks_for_the_unit_when_several_provide_the_service(
    settings, tmp_path, client, users, home_unit, other_unit, applicant_holder
):
    from records.applications import Application

    from .conftest import valid_iin
    from .signin_support import sign_in

    settings.MEDIA_ROOT = tmp_path / "media"
    iin = valid_iin(start=950)
    sign_in(client, applicant_holder(iin, "Омаров Ерлан"))  # issue 14: only a signed-in applicant files
    with translation.override("kk"):
        url = reverse("records:apply") + "?service=vet_certificate"
    assert 'name="unit"' in client.get(url).content.decode()
    fields = {
        "filing_for": "self",
        "subject": "animal",
        "description": "қой, 12 бас",
        "unit": "merke",
    }
    scan = SimpleUploadedFile("өтініш.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(url, {**fields, "document_application": [scan]}).status_code == 302
    assert Application.objects.get(applicant__identifier=iin).unit == other_unit
