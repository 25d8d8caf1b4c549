"""Service 6 result: the licence.  A re-issue (relation "reissue") supersedes the original; a duplicate
(relation "duplicate") is marked ТЕЛНҰСҚА.  Both name the original in the shared title block."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import as_list, legal_basis, signer
from certificates.pdf.base import Context, Sheet


def draw(sheet: Sheet, ctx: Context) -> None:
    if ctx.get("licence_number"):  # the licence's own number in the register of licences (records)
        sheet.field("Лицензияның нөмірі", ctx.get("licence_number"))
    sheet.fields(
        [
            ("Лицензиаттың мекенжайы", ctx.get("licensee_address")),
            ("Лицензияланатын қызмет түрі", ctx.get("activity")),
            ("Лицензиар", ctx.issuer),
            ("Лицензияның қолданылу мерзімі", ctx.get("validity") or "мерзімсіз"),
            ("Берілген жері", ctx.get("place")),
        ]
    )
    subtypes = as_list(ctx.get("subtypes"))
    if subtypes:
        sheet.section("Қызмет түрінің кіші түрлері")
        sheet.bullets(subtypes, numbered=True)
    if ctx.relation == "reissue" and ctx.get("reissue_reason"):
        sheet.spacer(2)
        sheet.field("Қайта ресімдеу негізі", ctx.get("reissue_reason"))
    legal_basis(sheet, ctx)
    sheet.signatures([signer(ctx, "head", "Басшы (уәкілетті тұлға)")], seal=True)


DOCUMENT = DocumentType(
    code="licence",
    prefix="ЛЦ",
    title="Лицензия",
    label=_("Licence"),
    draw=draw,
    required=("activity", "head"),
    holder_label="Лицензиат",
)
