"""Service 1 result: the veterinary-sanitary conclusion, compliant or non-compliant with recommendations
for removing the violations found; printed on the form, signed and sealed."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import as_list, legal_basis, signer
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_date

RULES = "ветеринариялық (ветеринариялық-санитариялық) қағидаларға, талаптарға және нормативтерге"
VARIANTS = (
    ("compliant", f"Объект {RULES} сәйкес келеді"),
    ("noncompliant", f"Объект {RULES} сәйкес келмейді"),
)


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.fields(
        [
            ("Объектінің атауы", ctx.get("object_name")),
            ("Объектінің мекенжайы", ctx.get("object_address")),
            ("Тексеру актісі", act_reference(ctx)),
        ]
    )
    sheet.section("Қорытынды")
    sheet.choices(VARIANTS, "compliant" if ctx.get("compliant") else "noncompliant")
    if not ctx.get("compliant"):
        sheet.section("Анықталған бұзушылықтарды жою жөніндегі ұсынымдар")
        sheet.bullets(as_list(ctx.get("recommendations")), numbered=True)
    legal_basis(sheet, ctx)
    sheet.signatures(
        [
            signer(ctx, "head", "Қызметті берушінің басшысы"),
            signer(ctx, "vet_doctor", "Мемлекеттік ветеринариялық дәрігер"),
        ],
        seal=True,
    )


def act_reference(ctx: Context) -> str:
    number, date = ctx.get("act_number"), kk_date(ctx.get("act_date"))
    return ", ".join(filter(None, [f"№ {number}" if number else "", date]))


def check(payload: Mapping[str, Any]) -> list[str]:
    if not isinstance(payload.get("compliant"), bool):
        return [gettext("The field “compliant” must be true or false.")]
    if not payload["compliant"] and not as_list(payload.get("recommendations")):
        return [gettext("A non-compliance conclusion must list recommendations for removing the violations.")]
    return []


DOCUMENT = DocumentType(
    code="vet_sanitary_conclusion",
    prefix="ВСҚ",
    title="Ветеринариялық-санитариялық қорытынды",
    label=_("Veterinary-sanitary conclusion"),
    draw=draw,
    required=("object_name", "object_address", "compliant", "head", "vet_doctor"),
    holder_label="Объектінің иесі",
    check=check,
)
