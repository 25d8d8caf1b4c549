"""Service 2 result: the veterinary certificate (ветеринариялық анықтама), sealed and signed."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import check_dates, legal_basis, signer
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_date


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.fields(
        [
            ("Жануардың (өнімнің) түрі", ctx.get("species")),
            ("Жеке нөмірі", ctx.get("individual_number")),
            ("Ветеринариялық паспорттың нөмірі", ctx.get("passport_number")),
            ("Саны", ctx.get("quantity")),
            ("Шыққан жері", ctx.get("origin")),
            ("Баратын жері", ctx.get("destination")),
            ("Мақсаты", ctx.get("purpose")),
            ("Ветеринариялық байқап қарау күні", kk_date(ctx.get("examined_at"))),
            ("Әкімшілік-аумақтық бірліктің эпизоотиялық ахуалы", ctx.get("epizootic_situation")),
        ]
    )
    sheet.spacer(2)
    sheet.text(
        "Жануар (өнім) ветеринариялық байқап қараудан өтті. Жануардың ветеринариялық паспорты мен "
        "жеке нөмірі бар, оның деректері ауыл шаруашылығы жануарларын бірдейлендіру жөніндегі "
        "деректер базасына енгізілген."
    )
    legal_basis(sheet, ctx)
    sheet.signatures([signer(ctx, "executor", "Жауапты орындаушы")], seal=True)


DOCUMENT = DocumentType(
    code="vet_certificate",
    prefix="ВА",
    title="Ветеринариялық анықтама",
    label=_("Veterinary certificate"),
    draw=draw,
    required=("species", "individual_number", "examined_at", "epizootic_situation", "executor"),
    check=lambda payload: check_dates(payload, "examined_at"),
)
