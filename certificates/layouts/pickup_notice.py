"""Portal channel: the notice giving the place, date and time for collecting the paper result, certified
with the EDS of the provider's authorised person (service 1 applicant-side process 9)."""

from django.utils.translation import gettext_lazy as _

from certificates.layouts import DocumentType
from certificates.layouts._common import check_dates
from certificates.pdf.base import Context, Sheet
from certificates.text import kk_date, kk_time


def draw(sheet: Sheet, ctx: Context) -> None:
    sheet.text(
        f"№ {ctx.get('application_no')} өтініш бойынша «{ctx.get('service')}» мемлекеттік көрсетілетін "
        f"қызметтің нәтижесі – {ctx.get('result_name')} – дайын. Нәтижені төменде көрсетілген орында және "
        "уақытта алуыңызды сұраймыз."
    )
    sheet.spacer(2)
    pickup_at = ctx.get("pickup_at")
    sheet.fields(
        [
            ("Алу орны", ctx.get("place")),
            ("Алу күні", kk_date(pickup_at)),
            ("Алу уақыты", kk_time(pickup_at)),
            ("Өзіңізбен бірге алып келіңіз", ctx.get("bring")),
        ]
    )
    sheet.text(
        "Хабарлама қызметті берушінің уәкілетті тұлғасының электрондық цифрлық қолтаңбасымен куәландырылды.",
        size=9.5,
    )
    sheet.signatures([("Уәкілетті тұлға", ctx.get("signed_by"))])


DOCUMENT = DocumentType(
    code="pickup_notice",
    prefix="ХБ",
    title="Нәтижені алу туралы хабарлама",
    label=_("Pickup notification"),
    draw=draw,
    required=("application_no", "service", "result_name", "place", "pickup_at", "signed_by"),
    holder_label="Өтініш беруші",
    check=lambda payload: check_dates(payload, "pickup_at", with_time=("pickup_at",)),
)
