"""Service 4 result: the veterinary passport of an identified animal.  A duplicate is the same type
issued with relation "duplicate": the shared title block marks it ТЕЛНҰСҚА and names the original."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import check_dates, legal_basis, signer
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_date


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.text("Жеке нөмірі", size=10, align="centre")
    sheet.text(str(ctx.get("individual_number")), size=16, bold=True, align="centre", leading=22)
    sheet.spacer(2)
    sheet.fields(
        [
            ("Жануардың түрі", ctx.get("species")),
            ("Тұқымы", ctx.get("breed")),
            ("Жынысы", ctx.get("sex")),
            ("Туған күні", kk_date(ctx.get("birth_date"))),
            ("Түсі, белгілері", ctx.get("colour")),
            ("Бірдейлендіру тәсілі", ctx.get("identification_method")),
            ("Бірдейлендіру күні", kk_date(ctx.get("identified_at"))),
            ("Жануарды ұстау мекенжайы", ctx.get("keeping_address")),
        ]
    )
    events = ctx.get("events", [])
    if events:
        sheet.section("Ветеринариялық іс-шаралар")
        sheet.table(
            [("Күні", 35), ("Іс-шара", 95), ("Нәтижесі", 45)],
            [(kk_date(e.get("date")), e.get("event", ""), e.get("result", "")) for e in events],
        )
    legal_basis(sheet, ctx)
    sheet.signatures([signer(ctx, "executor", "Ветеринариялық дәрігер")], seal=True)


DOCUMENT = DocumentType(
    code="vet_passport",
    prefix="ВП",
    title="Ветеринариялық паспорт",
    label=_("Veterinary passport"),
    draw=draw,
    required=(
        "individual_number",
        "species",
        "sex",
        "birth_date",
        "identification_method",
        "identified_at",
        "executor",
    ),
    check=lambda payload: check_dates(payload, "birth_date", "identified_at"),
)
