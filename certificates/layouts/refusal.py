"""Written reasoned refusal with its ground (std. p.10, or an incomplete document set)."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import as_list, legal_basis, signer
from certificates.pdf.base import Context, Sheet


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.fields(
        [
            ("Мемлекеттік көрсетілетін қызмет", ctx.get("service")),
            ("Өтініштің тіркеу нөмірі", ctx.get("application_no")),
        ]
    )
    sheet.text(
        f"№ {ctx.get('application_no')} өтініш бойынша «{ctx.get('service')}» мемлекеттік көрсетілетін "
        "қызметін көрсетуден бас тартылады."
    )
    sheet.section("Бас тарту негізі")
    sheet.text(ctx.get("ground"))
    sheet.section("Дәлелді жауап")
    sheet.text(ctx.get("reasoning"))
    missing = as_list(ctx.get("missing_documents"))
    if missing:
        sheet.section("Ұсынылмаған құжаттар")
        sheet.bullets(missing, numbered=True)
    sheet.spacer(2)
    sheet.text(
        "Шешіммен келіспеген жағдайда Қазақстан Республикасының заңнамасында белгіленген тәртіппен "
        "шағым жасауға құқығыңыз бар.",
        size=9.5,
    )
    legal_basis(sheet, ctx)
    sheet.signatures([signer(ctx, "head", "Басшы")], seal=True)


DOCUMENT = DocumentType(
    code="refusal",
    prefix="БТ",
    title="Бас тарту туралы дәлелді жауап",
    label=_("Reasoned refusal"),
    draw=draw,
    required=("service", "application_no", "ground", "reasoning", "head"),
    holder_label="Өтініш беруші",
)
