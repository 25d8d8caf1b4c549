"""The head's resolution (бұрыштама): reviews the incoming documents and names the executor (step 2)."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import check_dates
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_datetime


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.fields(
        [
            ("Мемлекеттік көрсетілетін қызмет", ctx.get("service")),
            ("Өтініштің тіркеу нөмірі", ctx.get("application_no")),
            ("Жауапты орындаушы", ctx.get("executor")),
            ("Орындау мерзімі", kk_datetime(ctx.get("due")) if ctx.get("due") else ""),
        ]
    )
    sheet.section("Бұрыштама мәтіні")
    sheet.text(ctx.get("text"))
    sheet.signatures([("Басшы", ctx.get("head"))])


DOCUMENT = DocumentType(
    code="resolution",
    prefix="БР",
    title="Бұрыштама",
    label=_("Head's resolution"),
    draw=draw,
    required=("service", "application_no", "executor", "text", "head"),
    holder_label="Өтініш беруші",
    check=lambda payload: check_dates(payload, "due"),
)
