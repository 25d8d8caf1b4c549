"""The register of issued documents for a period: a multi-page ruled table (also the template for the
recorder journal of act 000, which has the same shape)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_short_date

STATUSES = {"valid": "жарамды", "cancelled": "күші жойылған", "superseded": "ауыстырылған"}
COLUMNS = [
    ("Р/с №", 10),
    ("Құжат нөмірі", 29),
    ("Құжат түрі", 32),
    ("Иесі", 37),
    ("ЖСН/БСН", 24),
    ("Берілген күні", 20),
    ("Мәртебесі", 23),
]


def draw(sheet: Sheet, ctx: Context) -> None:
    if ctx.get("period"):
        sheet.field("Кезең", ctx.get("period"))
    rows = ctx.get("rows", [])
    sheet.table(
        COLUMNS,
        (
            (
                n,
                row.get("number", ""),
                row.get("type", ""),
                row.get("holder_name", ""),
                row.get("holder_id", ""),
                kk_short_date(row.get("issued_at")),
                STATUSES.get(row.get("status", ""), row.get("status", "")),
            )
            for n, row in enumerate(rows, start=1)
        ),
        size=7.5,
    )
    sheet.text(f"Барлығы: {len(rows)} құжат.", size=9.5, bold=True)
    sheet.signatures([("Жауапты тұлға", ctx.get("responsible"))])


def check(payload: Mapping[str, Any]) -> list[str]:
    if not isinstance(payload.get("rows"), list):
        return [gettext("The register needs a list of rows.")]
    return []


DOCUMENT = DocumentType(
    code="issued_register",
    prefix="ТЗ",
    title="Берілген құжаттар тізілімі",
    label=_("Register of issued documents"),
    draw=draw,
    required=("rows",),
    holder_label="",
    check=check,
)
