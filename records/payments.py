"""The fee of a service and its payment (DOMAIN §2.9.5 process 4 and condition 2, §3.8 ``register``).

The fee comes from the catalogue (``catalogue.fees``: monthly calculation indices per service and kind, the
index per year).  A payment is made on the e-government payment gateway; the applicant gives its reference
when filing, and the filing asks the gateway (``settings.RECORDS_PAYMENT_GATEWAY``, a dotted path to a
``PaymentGateway``) to confirm it: the amount at least the fee, paid by the applicant or their representative,
the reference not used by another application.  A confirmed payment is kept as a ``Payment`` row of the
application; the licence's ``register`` checks that row.  docs/decisions.md ("Fee") says why an unconfirmed
payment is a filing error rather than a filed-and-refused application.

Gateways: ``DemoGateway`` (``make run``: confirms any reference it could have issued, and "pays" on the demo
form) and ``HttpPaymentGateway`` (the real gateway; its JSON contract is in its docstring).
"""

from __future__ import annotations

import json
import re
import secrets
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from catalogue.fees import CURRENCY, MRP_BY_YEAR, fee_rate

from . import calendar, clock
from .errors import InvalidInput, RecordsError
from .identifiers import normalize
from .states import OFFICE

PENDING, CONFIRMED, REFUSED = "pending", "confirmed", "refused"
STATUS_CHOICES = [(PENDING, _("Pending")), (CONFIRMED, _("Confirmed")), (REFUSED, _("Refused"))]
DEFAULT_GATEWAY = "records.payments.DemoGateway"
REFERENCE_FIELD = "payment_reference"  # the filing field (records.filing.LicenceFiling)


# -- the fee ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fee:
    """The fee of one service kind on one day: ``mrp`` indices of ``mrp_value`` tenge each."""

    amount: Decimal
    mrp: Decimal
    mrp_value: Decimal
    year: int
    name: str
    currency: str = CURRENCY

    @property
    def display(self) -> str:
        return format_tenge(self.amount)


def mrp_value(year: int) -> Decimal:
    """The monthly calculation index of ``year``: ``settings.RECORDS_MRP_BY_YEAR`` over the catalogue's table;
    a year not listed yet takes the latest earlier one (the budget law is passed in December)."""
    table = {
        **MRP_BY_YEAR,
        **{int(k): Decimal(str(v)) for k, v in _setting("RECORDS_MRP_BY_YEAR", {}).items()},
    }
    known = [y for y in table if y <= year]
    if not known:
        raise ImproperlyConfigured(f"No monthly calculation index is known for {year} (RECORDS_MRP_BY_YEAR).")
    return table[max(known)]


def fee_due(service_code: str, kind: str = "", on: date | datetime | None = None) -> Fee | None:
    """The fee of a service's kind payable on ``on`` (a date, or a moment read in Almaty time; default now);
    None when the service is free."""
    rate = fee_rate(service_code, kind)
    if rate is None:
        return None
    if on is None or isinstance(on, datetime):
        on = calendar.local_date(on or clock.now())
    value = mrp_value(on.year)
    amount = (rate.mrp * value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Fee(amount=amount, mrp=rate.mrp, mrp_value=value, year=on.year, name=rate.name)


def format_tenge(amount: Decimal) -> str:
    """«43 250 теңге» / «43 250 тенге»: groups of three split by a no-break space, tiyn after a comma only
    when there are any (Kazakh and Russian write amounts alike)."""
    whole, cents = divmod(Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), 1)
    text = f"{int(whole):,}".replace(",", "\u00a0")
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return _("%(amount)s tenge") % {"amount": text}


# -- the record -------------------------------------------------------------------------------------------


class Payment(models.Model):
    """A payment of an application's fee, as the payment gateway confirmed it at filing."""

    application = models.OneToOneField(
        "records.Application", verbose_name=_("application"), on_delete=models.CASCADE, related_name="payment"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    # One payment pays one application: a reference already recorded cannot be given again.
    reference = models.CharField(_("payment reference"), max_length=100, unique=True)
    payer = models.CharField(_("payer's IIN / BIN"), max_length=12)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    gateway = models.CharField(_("payment gateway"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default=PENDING)
    raw = models.JSONField(_("gateway answer"), default=dict, blank=True)
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.reference}: {self.amount} {self.currency} ({self.status})"

    @property
    def amount_display(self) -> str:
        return format_tenge(self.amount)

    @cached_property
    def fee(self) -> Fee | None:
        """The fee of the application's kind on the day the payment was made."""
        app = self.application
        return fee_due(app.service, app.subcase, self.paid_at or self.created_at)

    @property
    def covers_fee(self) -> bool:
        fee = self.fee
        return self.status == CONFIRMED and (fee is None or self.amount >= fee.amount)


# -- the gateways -----------------------------------------------------------------------------------------


class PaymentGatewayUnavailable(RecordsError):
    """The gateway did not answer, or answered nonsense: nothing is filed, the applicant tries again later."""

    code = "payment_gateway_unavailable"
    status = 503  # the JSON API's answer (records.api.errors reads ``status``)
    default_message = _(
        "The e-government payment gateway does not answer, so the payment cannot be checked; the application "
        "was not filed. Try again later."
    )


@dataclass(frozen=True)
class PaymentConfirmation:
    """The gateway's answer about one reference."""

    confirmed: bool
    amount: Decimal | None = None
    paid_at: datetime | None = None
    payer: str = ""
    currency: str = CURRENCY
    detail: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict)


class PaymentGateway:
    """The interface: ``confirm``; a gateway that can also take a payment in the demo has ``pay``."""

    name = "gateway"
    can_pay = False

    def confirm(self, reference: str, expected_amount: Decimal, payer: str) -> PaymentConfirmation:
        raise NotImplementedError

    def pay(self, amount: Decimal, payer: str) -> str:
        raise NotImplementedError


DEMO_REFERENCE = re.compile(r"^(DEMO|EGOV-PAY)-[A-Z0-9-]{4,60}$")


class DemoGateway(PaymentGateway):
    """The demo (``make run``, seed_demo): every reference of its own form (``DEMO-…``, and the demo data's
    ``EGOV-PAY-…``) is paid in full by the payer asked about, now; any other is unknown to it."""

    name = "demo"
    can_pay = True

    def confirm(self, reference: str, expected_amount: Decimal, payer: str) -> PaymentConfirmation:
        if not DEMO_REFERENCE.match(reference):
            return PaymentConfirmation(False, detail="unknown reference", raw={"status": "not_found"})
        paid_at = clock.now()
        raw = {
            "status": "paid",
            "amount": str(expected_amount),
            "payer": payer,
            "paid_at": paid_at.isoformat(),
        }
        return PaymentConfirmation(True, expected_amount, paid_at, payer, raw=raw)

    def pay(self, amount: Decimal, payer: str) -> str:
        return f"DEMO-{clock.now():%Y%m%d}-{secrets.token_hex(4).upper()}"


class HttpPaymentGateway(PaymentGateway):
    """The e-government payment gateway (ПШЭП) over HTTPS, JSON both ways.

    Request: ``POST {RECORDS_PAYMENT_GATEWAY_URL}/payments/confirm`` with ``Authorization: Bearer
    {RECORDS_PAYMENT_GATEWAY_TOKEN}`` and the body ``{"reference": "…", "expected_amount": "43250.00",
    "currency": "KZT", "payer": "<IIN/BIN>"}``.

    Answer 200: ``{"reference": "…", "status": "paid" | "pending" | "refused" | "not_found", "amount":
    "43250.00", "currency": "KZT", "payer": "<IIN/BIN of who paid>", "paid_at": "<ISO 8601 with offset>"}``;
    404 means an unknown reference (not paid).  Only ``paid`` with the same reference, KZT, an amount and a
    time confirms.  Any other status code, a timeout, a refused connection or a body that is not this JSON
    raises ``PaymentGatewayUnavailable`` (``RECORDS_PAYMENT_GATEWAY_TIMEOUT`` seconds, default 10).
    """

    name = "egov"

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None):
        self.url = (url or _setting("RECORDS_PAYMENT_GATEWAY_URL", "")).rstrip("/")
        self.token = token if token is not None else _setting("RECORDS_PAYMENT_GATEWAY_TOKEN", "")
        self.timeout = timeout or float(_setting("RECORDS_PAYMENT_GATEWAY_TIMEOUT", 10))
        if not self.url:
            raise ImproperlyConfigured("RECORDS_PAYMENT_GATEWAY_URL is not set.")

    def confirm(self, reference: str, expected_amount: Decimal, payer: str) -> PaymentConfirmation:
        body = {
            "reference": reference,
            "expected_amount": str(expected_amount),
            "currency": CURRENCY,
            "payer": payer,
        }
        request = urllib.request.Request(
            f"{self.url}/payments/confirm",
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (settings URL)
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return PaymentConfirmation(False, detail="unknown reference", raw={"status": "not_found"})
            raise PaymentGatewayUnavailable() from error
        except (OSError, ValueError) as error:  # refused, timed out, not JSON
            raise PaymentGatewayUnavailable() from error
        return self._read(reference, answer)

    @staticmethod
    def _read(reference: str, answer: Any) -> PaymentConfirmation:
        if not isinstance(answer, dict) or not isinstance(answer.get("status"), str):
            raise PaymentGatewayUnavailable()
        if answer["status"] != "paid":
            return PaymentConfirmation(False, detail=answer["status"][:100], raw=answer)
        try:
            amount = Decimal(str(answer["amount"]))
            paid_at = parse_datetime(str(answer["paid_at"]))
        except (KeyError, ValueError, InvalidOperation):  # a missing field, an impossible date or number
            raise PaymentGatewayUnavailable() from None
        sane = (
            answer.get("reference") == reference
            and answer.get("currency", CURRENCY) == CURRENCY
            and answer.get("payer")  # whose payment it is must be said: the filing checks it
            and amount.is_finite()
            and paid_at is not None
            and timezone.is_aware(paid_at)
        )
        if not sane:
            raise PaymentGatewayUnavailable()
        return PaymentConfirmation(True, amount, paid_at, normalize(str(answer.get("payer", ""))), raw=answer)


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def gateway_path() -> str:
    return _setting("RECORDS_PAYMENT_GATEWAY", DEFAULT_GATEWAY) or DEFAULT_GATEWAY


def get_gateway() -> PaymentGateway:
    return import_string(gateway_path())()


# -- at filing --------------------------------------------------------------------------------------------


def take_payment(app) -> Payment | None:
    """Check and record the payment of a just-filed application (inside the filing's transaction, before
    the signature check, as condition 2 comes before condition 3 in DOMAIN §2.9.5).

    A free service: nothing.  The office channel: only when a reference was given (payment is optional at
    the office).  Raises ``InvalidInput`` on ``payment_reference`` when there is no reference, when it is
    used by another application or when the gateway does not confirm a payment of the fee by the applicant
    or their representative; ``PaymentGatewayUnavailable`` when the gateway does not answer.  The caller's
    transaction then writes nothing.
    """
    fee = fee_due(app.service, app.subcase, app.received_at)
    reference = str(app.details.get(REFERENCE_FIELD) or "").strip()
    if fee is None or (not reference and app.channel == OFFICE):
        return None
    if not reference:
        _refuse(
            _(
                "Pay the fee of %(fee)s through the e-government payment gateway and enter the payment "
                "reference."
            ),
            fee=fee.display,
        )
    if Payment.objects.filter(reference=reference).exists():
        _refuse(_("This payment reference is already used by another application."))
    gateway = get_gateway()
    answer = gateway.confirm(reference, fee.amount, app.applicant.identifier)
    _check(app, answer)
    payment = Payment(
        application=app,
        amount=answer.amount,
        currency=answer.currency,
        reference=reference,
        payer=answer.payer or app.applicant.identifier,
        paid_at=answer.paid_at,
        gateway=gateway_path(),
        status=CONFIRMED,
        raw=json.loads(json.dumps(dict(answer.raw), default=str)),
        created_at=clock.now(),
    )
    if not payment.covers_fee:
        _refuse(
            _("The payment of %(paid)s is less than the fee of %(fee)s."),
            paid=format_tenge(payment.amount),
            fee=payment.fee.display,
        )
    try:
        with transaction.atomic():  # a reference taken meanwhile by a concurrent filing
            payment.save(force_insert=True)
    except IntegrityError:
        _refuse(_("This payment reference is already used by another application."))
    return payment


def _check(app, answer: PaymentConfirmation) -> None:
    if not answer.confirmed or answer.amount is None:
        _refuse(
            _(
                "Service refused: no payment received. The e-government payment gateway does not confirm a "
                "payment with this reference."
            )
        )
    payers = {app.applicant.identifier, app.representative_iin} - {""}
    if answer.payer and answer.payer not in payers:
        _refuse(_("The fee was not paid by the applicant or their representative."))


def _refuse(message, **params) -> None:
    text = message % {k: str(v) for k, v in params.items()} if params else message
    raise InvalidInput(text, field_errors={REFERENCE_FIELD: [text]})


def payment_covers_fee(app) -> bool:
    """The licence's ``register`` condition: a confirmed payment of at least the fee, or a free service."""
    if fee_due(app.service, app.subcase, app.received_at) is None:
        return True
    payment = Payment.objects.filter(application_id=app.pk, status=CONFIRMED).first()
    return payment is not None and payment.covers_fee


# -- for the applicant's cabinet and the staff page ------------------------------------------------------


@dataclass(frozen=True)
class PaymentSummary:
    """What the applicant's cabinet shows: the fee due and the payment made, if any."""

    fee: Fee | None
    payment: Payment | None

    @property
    def paid(self) -> bool:
        return self.payment is not None and self.payment.covers_fee


def payment_summary(application) -> PaymentSummary | None:
    """The fee and payment of an application (template ``records/cabinet/_payment.html`` with the context
    ``payment`` and ``fee``); None for a free service with no payment."""
    payment = Payment.objects.filter(application_id=application.pk).first()
    fee = (
        payment.fee if payment else fee_due(application.service, application.subcase, application.received_at)
    )
    if fee is None and payment is None:
        return None
    return PaymentSummary(fee=fee, payment=payment)


# -- demo -------------------------------------------------------------------------------------------------


def ensure_demo_payments(applications) -> int:
    """Give each licence application of ``applications`` without a payment a confirmed demo payment of its
    fee (seed_demo; idempotent).  Returns how many were added."""
    added = 0
    for app in applications.filter(service="licence", payment__isnull=True).select_related("applicant"):
        fee = fee_due(app.service, app.subcase, app.received_at)
        if fee is None:
            continue
        reference = str(app.details.get(REFERENCE_FIELD) or f"DEMO-{app.registration_no}")
        if Payment.objects.filter(reference=reference).exists():
            continue
        Payment.objects.create(
            application=app,
            amount=fee.amount,
            reference=reference,
            payer=app.representative_iin or app.applicant.identifier,
            paid_at=app.received_at,
            gateway=DemoGateway.__module__ + "." + DemoGateway.__name__,
            status=CONFIRMED,
            raw={"status": "paid", "demo": True},
            created_at=app.received_at,
        )
        added += 1
    return added
