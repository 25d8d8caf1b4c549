"""The fee on the online application form (records.payments): the amount due, and in the demo a "Pay" button
that makes the payment on the demo gateway and gives its reference to copy into the form.

The button submits the form to ``apply_pay`` in a new tab (``formtarget``), so the form keeps what the
applicant typed and attached; the real gateway is a page of its own in the same way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalogue import SERVICES
from certificates.throttle import over_limit, too_many_requests

from ..identifiers import normalize, parse_bin, parse_iin
from ..payments import Fee, fee_due, gateway_path, get_gateway
from .forms import AS_REPRESENTATIVE
from .signin import signed_in_applicant


def fee_context(service: str, kind: str) -> dict:
    """``fee`` (None when free) and ``can_pay`` (the configured gateway takes demo payments)."""
    fee = fee_due(service, kind)
    can_pay = fee is not None and bool(getattr(_gateway_class(), "can_pay", False))
    return {"fee": fee, "can_pay": can_pay}


def _gateway_class():
    return import_string(gateway_path())


@require_POST
@never_cache
def apply_pay(request: HttpRequest) -> HttpResponse:
    service, kind = request.GET.get("service", ""), request.GET.get("kind", "")
    if service not in SERVICES:
        raise Http404
    context = fee_context(service, kind)
    fee: Fee | None = context["fee"]
    applicant = signed_in_applicant(request)
    if fee is None or not context["can_pay"] or applicant is None:  # only the signed-in applicant files
        raise Http404
    limit, window = 20, 3600
    if over_limit(request, "records-apply-pay", (limit, window)):
        return too_many_requests(request, window)
    payer, error = _payer(_payer_identifier(request, applicant.identifier))
    reference = get_gateway().pay(fee.amount, payer) if not error else ""
    context.update(
        {"service_label": SERVICES[service].label, "payer": payer, "reference": reference, "error": error}
    )
    return render(request, "records/public/apply_paid.html", context, status=400 if error else 200)


def _payer_identifier(request: HttpRequest, own: str) -> str:
    """Who pays: the signed-in applicant, or the principal a representative files for (the form's fields;
    the filing accepts either as the payer)."""
    if request.POST.get("filing_for") == AS_REPRESENTATIVE:
        return request.POST.get("principal_identifier", "")
    return own


def _payer(identifier: str) -> tuple[str, str]:
    number = normalize(identifier or "")
    for parse in (parse_iin, parse_bin):
        try:
            parse(number)
            return number, ""
        except ValidationError as error:
            message = error.messages[0]
    return number, message
