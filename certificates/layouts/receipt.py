"""Copy of the application with the registration mark: date, time and the full name of the person who
accepted it (service regulations, step 1; service 3 point 6)."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import as_list, check_dates
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_date, kk_time


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.fields(
        [
            ("Мемлекеттік көрсетілетін қызмет", ctx.get("service")),
            ("Өтініштің тіркеу нөмірі", ctx.get("application_no")),
            ("Өтініш беру тәсілі", ctx.get("channel")),
        ]
    )
    documents = as_list(ctx.get("documents"))
    if documents:
        sheet.section("Қабылданған құжаттар")
        sheet.bullets(documents, numbered=True)
    sheet.spacer(3)
    accepted_at = ctx.get("accepted_at")
    sheet.box(
        "ТІРКЕУ ТУРАЛЫ БЕЛГІ",
        [
            ("Қабылданған күні", kk_date(accepted_at)),
            ("Қабылданған уақыты", kk_time(accepted_at)),
            ("Қабылдаған адамның аты-жөні", ctx.get("accepted_by")),
            ("Қолы", "____________________"),
        ],
    )
    sheet.text(
        "Осы қолхат өтініштің және оған қоса берілген құжаттардың қабылданғанын растайды.",
        size=9.5,
    )


DOCUMENT = DocumentType(
    code="receipt",
    prefix="ҚХ",
    title="Өтініштің қабылданғаны туралы қолхат",
    label=_("Application receipt"),
    draw=draw,
    required=("service", "application_no", "accepted_at", "accepted_by"),
    holder_label="Өтініш беруші",
    check=lambda payload: check_dates(payload, "accepted_at", with_time=("accepted_at",)),
)
