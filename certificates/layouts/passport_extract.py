"""Service 4: an extract from a veterinary passport (the only service-4 result the portal delivers)."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import legal_basis, signer
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_date


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.fields(
        [
            ("Ветеринариялық паспорттың нөмірі", ctx.get("passport_number")),
            ("Жануардың жеке нөмірі", ctx.get("individual_number")),
            ("Жануардың түрі", ctx.get("species")),
            ("Тұқымы", ctx.get("breed")),
            ("Туған күні", kk_date(ctx.get("birth_date"))),
        ]
    )
    events = ctx.get("events", [])
    sheet.section("Ветеринариялық іс-шаралар туралы мәліметтер")
    if events:
        sheet.table(
            [("Күні", 35), ("Іс-шара", 95), ("Нәтижесі", 45)],
            [(kk_date(e.get("date")), e.get("event", ""), e.get("result", "")) for e in events],
        )
    else:
        sheet.text("Іс-шаралар тіркелмеген.")
    sheet.text(
        "Үзінді-көшірме ауыл шаруашылығы жануарларын бірдейлендіру жөніндегі деректер базасының "
        "мәліметтері бойынша жасалды.",
        size=9.5,
    )
    legal_basis(sheet, ctx)
    sheet.signatures([signer(ctx, "executor", "Жауапты орындаушы")], seal=True)


DOCUMENT = DocumentType(
    code="passport_extract",
    prefix="ПҮК",
    title="Ветеринариялық паспорттан үзінді-көшірме",
    label=_("Veterinary passport extract"),
    draw=draw,
    required=("passport_number", "individual_number", "species", "executor"),
)
