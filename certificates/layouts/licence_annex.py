"""Service 6 result: the annex to a licence (its subtypes of activity and the production base)."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import as_list, legal_basis, signer
from certificates.pdf.base import Context, Sheet


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.fields(
        [
            ("Лицензияның нөмірі", ctx.get("licence_number")),
            ("Лицензияланатын қызмет түрі", ctx.get("activity")),
            ("Өндірістік база (мекенжайы)", ctx.get("production_base")),
            ("Лицензиар", ctx.issuer),
        ]
    )
    sheet.section("Лицензияланатын қызмет түрінің кіші түрлері")
    sheet.bullets(as_list(ctx.get("subtypes")), numbered=True)
    if ctx.relation == "reissue" and ctx.get("reissue_reason"):
        sheet.spacer(2)
        sheet.field("Қайта ресімдеу негізі", ctx.get("reissue_reason"))
    legal_basis(sheet, ctx)
    sheet.signatures([signer(ctx, "head", "Басшы (уәкілетті тұлға)")], seal=True)


DOCUMENT = DocumentType(
    code="licence_annex",
    prefix="ЛҚ",
    title="Лицензияға қосымша",
    label=_("Licence annex"),
    draw=draw,
    required=("licence_number", "subtypes", "head"),
    holder_label="Лицензиат",
)
