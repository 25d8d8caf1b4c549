"""«Cite this point»: the citation of a point or sub-point in Kazakh and in Russian, and the repealing act.

The two texts are always given in both languages, whatever the interface language (a lawyer cites in the
language of the pleading), so they are built here from the act's metadata rather than through gettext.
The document titles exist only in Kazakh: inside the Russian text they stay Kazakh (marked lang="kk" on the
page).  Issuers get their Russian name when it is known (ISSUER_RU), else their Kazakh name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape

# «d1-p14», «d1-p14-s3», «d3-p7-2» (the second printed «7.»), «d1-p9-a1-s3», «p2» (a point of the act).
ANCHOR_RE = re.compile(r"^(?:(?P<doc>d\d+)-)?p(?P<point>\d+)(?:-(?P<dup>\d+))?(?:-a\d+)?(?:-s(?P<sub>\d+))?$")

KK_MONTHS_LOCATIVE = (
    "қаңтардағы",
    "ақпандағы",
    "наурыздағы",
    "сәуірдегі",
    "мамырдағы",
    "маусымдағы",
    "шілдедегі",
    "тамыздағы",
    "қыркүйектегі",
    "қазандағы",
    "қарашадағы",
    "желтоқсандағы",
)
RU_MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
KK_KIND = {  # act type → (by which it was approved, of which the point is)
    "order": ("бұйрығымен", "бұйрығының"),
    "resolution": ("қаулысымен", "қаулысының"),
    "decree": ("жарлығымен", "жарлығының"),
    "law": ("заңымен", "заңының"),
    "decision": ("шешімімен", "шешімінің"),
}
RU_KIND = {
    "order": ("приказом", "приказа"),
    "resolution": ("постановлением", "постановления"),
    "decree": ("указом", "указа"),
    "law": ("законом", "закона"),
    "decision": ("решением", "решения"),
}
# The issuers of the imported acts, in the Russian genitive of the official Russian texts.
ISSUER_RU = {
    "Қазақстан Республикасы Ауыл шаруашылығы министрі": "Министра сельского хозяйства Республики Казахстан",
    "Жамбыл облысы әкімдігі": "акимата Жамбылской области",
}


@dataclass(frozen=True)
class Citation:
    point: str  # the printed number of the point
    sub: str  # the printed number of the sub-point, or ""
    anchor: str
    kk: str  # plain text
    ru: str  # plain text
    ru_html: str  # the Russian text with its Kazakh passages marked lang="kk"


def _genitive(name: str) -> str:
    """«…қағидалары» → «…қағидаларының», «…министрі» → «…министрінің» (possessive -ы/-і + genitive)."""
    name = _clean(name)
    if name.endswith("ы"):
        return name + "ның"
    if name.endswith("і"):
        return name + "нің"
    return f"«{name}»"


def _kk_date(day: date | None) -> str:
    return f"{day.year} жылғы {day.day} {KK_MONTHS_LOCATIVE[day.month - 1]}" if day else ""


def _ru_date(day: date | None) -> str:
    return f"от {day.day} {RU_MONTHS_GENITIVE[day.month - 1]} {day.year} года" if day else ""


def _clean(title: str) -> str:
    """One line; «" Ветеринария…» (a space after the opening quote, as printed) → «"Ветеринария…»."""
    return re.sub(r'^"\s+', '"', " ".join((title or "").split()))


def _parts(anchor: str) -> tuple[str, str] | None:
    match = ANCHOR_RE.match(anchor or "")
    return (match["point"], match["sub"] or "") if match else None


def cite(act, document, anchor: str, url_kk: str, url_ru: str) -> Citation | None:
    """The citation of the point or sub-point `anchor` of `document` (None: a point of the act itself), each
    language's text with the permanent URL of the page in that language."""
    parts = _parts(anchor)
    if parts is None:
        return None
    point, sub = parts
    number = f" № {act.number}" if act.number else ""
    approved_kk, of_kk = KK_KIND.get(act.act_type, ("актісімен", "актісінің"))
    by_ru, of_ru = RU_KIND.get(act.act_type, ("актом", "акта"))
    issuer_kk = _genitive(act.issuing_body)
    issuer_ru = ISSUER_RU.get(" ".join(act.issuing_body.split()))
    where_kk = f"{point}-тармағының {sub}) тармақшасы" if sub else f"{point}-тармағы"
    where_ru = f"подпункт {sub}) пункта {point}" if sub else f"пункт {point}"
    dated_kk, dated_ru = _kk_date(act.act_date), _ru_date(act.act_date)
    issuer_ru_html = (
        escape(issuer_ru) if issuer_ru else f'(<span lang="kk">{escape(act.issuing_body)}</span>)'
    )
    issuer_ru_text = issuer_ru or f"({act.issuing_body})"
    if document is None:
        kk = f"{issuer_kk} {dated_kk}{number} {of_kk} {where_kk}, {url_kk}"
        ru_head = f"{where_ru} {of_ru} "
        ru_tail = f" {dated_ru}{number}, {url_ru}"
        return Citation(
            point,
            sub,
            anchor,
            kk,
            ru_head + issuer_ru_text + ru_tail,
            escape(ru_head) + issuer_ru_html + escape(ru_tail),
        )
    title = _clean(document.full_title or document.title)
    kk = f"{issuer_kk} {dated_kk}{number} {approved_kk} бекітілген {_genitive(title)} {where_kk}, {url_kk}"
    rules = document.document_kind == "rules"
    kind_ru, approved_ru = ("Правил", "утверждённых") if rules else ("Регламента", "утверждённого")
    ru_head = f"{where_ru} {kind_ru} "
    ru_mid = f", {approved_ru} {by_ru} "
    ru_tail = f" {dated_ru}{number}, {url_ru}"
    ru = f"{ru_head}«{title}»{ru_mid}{issuer_ru_text}{ru_tail}"
    title_html = f'«<span lang="kk">{escape(title)}</span>»'
    ru_html = f"{escape(ru_head)}{title_html}{escape(ru_mid)}{issuer_ru_html}{escape(ru_tail)}"
    return Citation(point, sub, anchor, kk, ru, ru_html)


# ------------------------------------------------------------------------------------- repealing act

_REPEAL_RE = re.compile(r"(?P<y>\d{4}) жылғы (?P<d>\d{1,2}) (?P<m>[^\s\d]+) № ?(?P<no>[\w/-]+)")
_KK_MONTH_STEMS = tuple(m[:4] for m in KK_MONTHS_LOCATIVE)


def parse_citation(text: str) -> tuple[date, str] | None:
    """«Жамбыл облысы әкімдігінің 2018 жылғы 28 ақпандағы № 24 қаулысы» → (2018-02-28, "24")."""
    match = _REPEAL_RE.search(text or "")
    if match is None:
        return None
    month = next((i for i, stem in enumerate(_KK_MONTH_STEMS, 1) if match["m"].startswith(stem)), 0)
    try:
        return date(int(match["y"]), month, int(match["d"])), match["no"]
    except ValueError:
        return None


def repealing_act(act):
    """The imported, live act that repealed `act` (found by the date and number of its citation), or None."""
    from portal.models import LegalActPage

    parsed = parse_citation(act.repealed_by)
    if parsed is None:
        return None
    day, number = parsed
    return LegalActPage.objects.live().public().filter(act_date=day, number=number).exclude(pk=act.pk).first()
