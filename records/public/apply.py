"""The online application form for the services the regulations allow through the portal (all six; service 4
only for an extract from a veterinary passport).  The application is filed in its first state (submitted)
through the portal channel, by the portal's system account, and only by an applicant signed in with an EDS
certificate (records.public.signin): for themself (the identity is the certificate's) or as the representative
of another IIN/BIN under a power of attorney.  The signature check recorded with it (records.signatures) names
the sign-in certificate.  Anyone else is sent to the sign-in page, and nothing is written."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from catalogue import SERVICES
from certificates.throttle import over_limit, too_many_requests

from ..applicants import remember_language
from ..attachments import store_attachment
from ..eds.accounts import SESSION_SIGNER
from ..errors import RecordsError
from ..portal_intake import file_application_signed, portal_account
from ..services import get_or_create_applicant, service_kinds
from ..states import PORTAL
from .fee import fee_context
from .forms import OnlineApplicationForm
from .signin import signed_in_applicant

_DONE_SALT = "records.apply.done"
# Where the filing reports an error on a field the form calls differently.
_FIELD_NAMES = {
    "kind": "principal_kind",
    "identifier": "principal_identifier",
    "name": "principal_name",
    "representative.power_of_attorney_no": "power_of_attorney_no",
    "representative.power_of_attorney_date": "power_of_attorney_date",
    "subcase": None,
    "service": None,
}


def apply_rate() -> tuple[int, int]:
    return tuple(getattr(settings, "RECORDS_APPLY_RATE", (10, 3600)))


def portal_kinds(service_code: str) -> list[tuple[str, str]]:
    """The kinds of a service that may be filed through the portal (DOMAIN §2.7: service 4, extracts only)."""
    kinds = service_kinds(service_code)
    if SERVICES[service_code].portal == "extracts_only":
        kinds = [(code, label) for code, label in kinds if code == "passport_extract"]
    return kinds


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    applicant = signed_in_applicant(request)
    if applicant is None:  # anonymous: nothing is read from the request, nothing is written
        return redirect_to_login(request.get_full_path(), reverse("records:login"))
    service = request.GET.get("service", "")
    if service not in SERVICES:
        services = [(code, info.label) for code, info in SERVICES.items()]
        return render(request, "records/public/apply_services.html", {"services": services})
    kinds = portal_kinds(service)
    kind = request.GET.get("kind") or kinds[0][0]
    if kind not in dict(kinds):
        raise Http404
    if request.method == "POST":
        limit, window = apply_rate()
        if over_limit(request, "records-apply", (limit, window)):
            return too_many_requests(request, window)
        form = OnlineApplicationForm(service, kind, request.POST, request.FILES)
        signer = request.session[SESSION_SIGNER]
        if form.is_valid() and form.check_principal(applicant.identifier, signer["iin"]):
            number = _file(form, service, kind, applicant, signer)
            if number:
                token = signing.dumps(number, salt=_DONE_SALT)
                return redirect(f"{reverse('records:apply_done')}?n={token}")
        status = 400
    else:
        form, status = OnlineApplicationForm(service, kind), 200
    context = {
        "form": form,
        "service": service,
        "service_label": SERVICES[service].label,
        "kinds": kinds,
        "kind": kind,
        "applicant": applicant,
        "signer": request.session[SESSION_SIGNER],
    }
    context.update(fee_context(service, kind))  # the fee due and the demo "Pay" (records.public.fee)
    return render(request, "records/public/apply.html", context, status=status)


def _file(form: OnlineApplicationForm, service: str, kind: str, account, signer: dict) -> str:
    """File the application; "" with the errors put on the form when the records services refuse it."""
    data = form.cleaned_data
    contact = {key: data.get(key) or "" for key in ("phone", "email", "address")}
    representative = form.representative_data(signer["iin"], signer["name"])
    try:
        with transaction.atomic():  # no applicant row is left behind by a refused filing
            if representative is None:
                applicant = _with_contact(account, contact)
            else:
                applicant = get_or_create_applicant(
                    data["principal_kind"], data["principal_identifier"], data["principal_name"], **contact
                )
            remember_language(applicant, get_language())  # notifications are written in it
            app = file_application_signed(
                service,
                applicant=applicant,
                channel=PORTAL,
                subcase=kind,
                data=form.filing_data(),
                documents=[_stored(code, upload) for code, upload in form.uploads()],
                by=portal_account(),
                representative=representative,
                signature=data.get("signature") or "",
                unit=data.get("unit") or "",
                signed_in=signer["describe"],
            )
    except RecordsError as error:
        _put_errors(form, error)
        return ""
    return app.registration_no


def _stored(code: str, upload) -> dict[str, str]:
    """The stored file's reference, naming the required document it is (records.documents)."""
    reference = store_attachment(upload)
    return {**reference, "document": code} if code else reference


def _with_contact(applicant, contact: dict):
    """The signed-in applicant with the contact details they gave this time (the notifications use them)."""
    changed = [key for key, value in contact.items() if value and getattr(applicant, key) != value]
    for key in changed:
        setattr(applicant, key, contact[key])
    if changed:
        applicant.save(update_fields=changed)
    return applicant


def _put_errors(form: OnlineApplicationForm, error: RecordsError) -> None:
    if not error.field_errors:
        form.add_error(None, error.message)
    for field, messages in error.field_errors.items():
        target = _FIELD_NAMES.get(field, field)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


@require_http_methods(["GET", "HEAD"])
def apply_done(request: HttpRequest) -> HttpResponse:
    try:
        number = signing.loads(request.GET.get("n", ""), salt=_DONE_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return redirect("records:apply")
    return render(request, "records/public/apply_done.html", {"number": number})
