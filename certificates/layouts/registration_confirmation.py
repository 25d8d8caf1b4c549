"""Service 3 result: the confirmation (растама) that a registration (accounting) number was assigned to
a production facility, re-registered, or confirmed for a slaughter site."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import legal_basis, signer
from certificates.pdf.base import Context, Sheet

KINDS = {
    "assign": "Өндіріс объектісіне тіркеу (есептік) нөмірі берілді.",
    "reregister_name_or_form": (
        "Атауының және (немесе) ұйымдастырушылық-құқықтық нысанының өзгеруіне байланысты бұрын берілген "
        "есептік нөмір қайта ресімделді."
    ),
    "confirm_slaughter_site": "Сою алаңының есептік нөмірі расталды.",
}


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.text(KINDS[ctx.get("kind") or "assign"])
    sheet.spacer(2)
    sheet.text("Тіркеу (есептік) нөмірі", size=10, align="centre")
    sheet.text(str(ctx.get("registration_number")), size=18, bold=True, align="centre", leading=26)
    sheet.spacer(3)
    sheet.fields(
        [
            ("Өндіріс объектісінің атауы", ctx.get("facility_name")),
            ("Өндіріс объектісінің мекенжайы", ctx.get("facility_address")),
            ("Қызмет түрі", ctx.get("activity")),
        ]
    )
    legal_basis(sheet, ctx)
    sheet.signatures([signer(ctx, "head", "Бөлім басшысы")], seal=True)


def check(payload: Mapping[str, Any]) -> list[str]:
    kind = payload.get("kind") or "assign"
    if kind not in KINDS:
        return [gettext("Unknown kind of registration-number confirmation: %(kind)s") % {"kind": kind}]
    return []


DOCUMENT = DocumentType(
    code="registration_confirmation",
    prefix="ТНР",
    title="Тіркеу нөмірін беру туралы растама",
    label=_("Registration-number confirmation"),
    draw=draw,
    required=("registration_number", "facility_name", "facility_address", "activity", "head"),
    holder_label="Өндіріс объектісінің иесі",
    check=check,
)
