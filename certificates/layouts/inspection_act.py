"""Service 1, step 4: the act of inspecting the object, submitted to the head and the state vet doctor."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import as_list, check_dates, yes_no
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_date


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.fields(
        [
            ("Объектінің атауы", ctx.get("object_name")),
            ("Объектінің мекенжайы", ctx.get("object_address")),
            ("Тексеру жүргізілген күні", kk_date(ctx.get("inspected_at"))),
            (
                "Құқықтық статистика органдары хабардар етілген күн",
                kk_date(ctx.get("statistics_notified_at")),
            ),
            ("Тексеруді жүргізген жауапты орындаушы", ctx.get("inspector")),
        ]
    )
    sheet.section("Тексеру нәтижелері")
    sheet.bullets(as_list(ctx.get("findings")), numbered=True)
    sheet.spacer(1)
    sheet.fields(
        [
            ("Объектінің ұсынылған құжаттарға сәйкестігі", yes_no(ctx.get("matches_documents", None))),
            (
                "Ветеринариялық (ветеринариялық-санитариялық) қағидаларға сәйкестігі",
                yes_no(ctx.get("complies", None)),
            ),
        ]
    )
    sheet.text(
        "Акт шешім қабылдау үшін қызметті берушінің басшысына және мемлекеттік ветеринариялық дәрігерге "
        "ұсынылады.",
        size=9.5,
    )
    signers = [("Жауапты орындаушы", ctx.get("inspector"))]
    if ctx.get("representative"):
        signers.append(("Объект өкілі", ctx.get("representative")))
    sheet.signatures(signers)


DOCUMENT = DocumentType(
    code="inspection_act",
    prefix="ТА",
    title="Объектіні тексеру актісі",
    label=_("Inspection act"),
    draw=draw,
    required=("object_name", "object_address", "inspected_at", "inspector", "findings"),
    holder_label="Объектінің иесі",
    check=lambda payload: check_dates(payload, "inspected_at", "statistics_notified_at"),
)
