"""Service 5 result: the attestation sheet with one of three decisions, signed by the commission's chair,
members and secretary (p.3), and by the head under the seal (provider process 9)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import as_list, check_dates, legal_basis, signer
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_date

DECISIONS = (
    ("attested", "аттестатталды"),
    ("re_attestation", "қайта аттестаттауға жатады"),
    ("not_attested", "аттестатталған жоқ"),
)


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.fields(
        [
            ("Кәсіпкерлік қызмет түрі", ctx.get("activity")),
            ("Аттестаттау өткізілген күні", kk_date(ctx.get("attested_at"))),
            ("Тестілеу нәтижесі", ctx.get("test_result")),
            ("Әңгімелесу нәтижесі", ctx.get("interview_result")),
        ]
    )
    sheet.section("Аттестаттау комиссиясының шешімі")
    sheet.choices(DECISIONS, ctx.get("decision"))
    if ctx.get("reinterview_not_before"):
        sheet.text(
            f"Қайта әңгімелесу {kk_date(ctx.get('reinterview_not_before'))} бастап өткізіледі.", size=9.5
        )
    signers = [("Комиссия төрағасы", ctx.get("chair"))]
    signers += [("Комиссия мүшесі", member) for member in as_list(ctx.get("members"))]
    signers.append(("Комиссия хатшысы", ctx.get("secretary")))
    if ctx.get("head"):
        signers.append(signer(ctx, "head", "Қызметті берушінің басшысы"))
    legal_basis(sheet, ctx)
    sheet.signatures(signers, seal=bool(ctx.get("head")))


def check(payload: Mapping[str, Any]) -> list[str]:
    if payload.get("decision") not in dict(DECISIONS):
        return [gettext("The decision must be one of: attested, re_attestation, not_attested.")]
    return check_dates(payload, "attested_at", "reinterview_not_before")


DOCUMENT = DocumentType(
    code="attestation_sheet",
    prefix="АП",
    title="Аттестаттау парағы",
    label=_("Attestation sheet"),
    draw=draw,
    required=("decision", "activity", "attested_at", "chair", "members", "secretary"),
    holder_label="Аттестатталушы",
    check=check,
)
