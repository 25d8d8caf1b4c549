"""Service 4 (regulation 4 of act 003): identification of farm animals with a veterinary passport
(DOMAIN §2.4, §3.6).  Steps: point 5; only passport extracts go through the portal.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from catalogue.service import Service
from catalogue.steps import MAIN, ProcedureStep, result, step

_EXECUTOR = Role.EXECUTOR
_MIN = "minutes"
_WD = "working_days"


def _reg4_edges(subcase: str) -> tuple[ProcedureStep, ProcedureStep]:
    register = step(
        "register",
        1,
        _EXECUTOR,
        "көрсетілетін қызметті берушінің жауапты орындаушысы",
        "көрсетілетін қызметті берушінің жауапты орындаушысы құжаттарды 15 (он бес) минут ішінде қабылдауды "
        "және оларды тіркеуді жүзеге асырады;",
        _MIN,
        15,
        "15 (он бес) минут ішінде",
        "d4-p5-s1",
        subcase,
    )
    hand_over = step(
        "hand_over",
        3,
        _EXECUTOR,
        "қызмет берушінің жауапты орындаушысы",
        "қызмет берушінің жауапты орындаушысы 15 (он бес) минут ішінде көрсетілетін қызметті алушыға қол "
        "қойылған ветеринариялық паспортты, телнұсқаны, ветеринариялық паспорттан үзінді-көшірмесін береді.",
        _MIN,
        15,
        "15 (он бес) минут ішінде",
        "d4-p5-s3",
        subcase,
    )
    return register, hand_over


def _reg4(subcase: str, middle: ProcedureStep) -> list[ProcedureStep]:
    register, hand_over = _reg4_edges(subcase)
    return [register, middle, hand_over]


STEPS = (
    *_reg4(
        MAIN,
        step(
            "identify",
            2,
            _EXECUTOR,
            "қызмет берушінің жауапты орындаушысы",
            "қызмет берушінің жауапты орындаушысы, түскен құжаттарды қарайды, бірдейлендіруді облыстың "
            "жергілікті атқарушы органдары бекіткен ауыл шаруашылығы жануарларын бірдейлендіруді жүргізу "
            "жөніндегі іс-шаралар жоспарында көрсетілген мерзімдерге сәйкес жүзеге асырады.",
            "external",
            None,
            "іс-шаралар жоспарында көрсетілген мерзімдерге сәйкес",
            "d4-p5-s2",
        ),
    ),
    *_reg4(
        "lost_tag",
        step(
            "reidentify",
            2,
            _EXECUTOR,
            "қызмет берушінің жауапты орындаушысы",
            "Сырға (сырғалар) жоғалған, бүлінген кезде (жеке нөмірін айқындау мүмкін емес) қайталама мемлекеттік "
            "көрсетілетін қызмет жануарларға жаңа жеке нөмір бере отырып, қызмет берушіге сырғалар келіп түскен "
            "күннен бастап 2 (екі) жұмыс күні ішінде көрсетіледі;",
            _WD,
            2,
            "сырғалар келіп түскен күннен бастап 2 (екі) жұмыс күні ішінде",
            "d4-p5-s2",
            "lost_tag",
        ),
    ),
    # Not printed in the act (DOMAIN §2.7 [proposal]); no anchor marks a step that no point sets.
    *_reg4(
        "copy",
        step(
            "prepare_copy",
            2,
            _EXECUTOR,
            "қызмет берушінің жауапты орындаушысы",
            "ветеринариялық паспорттың телнұсқасын немесе ветеринариялық паспорттан үзінді-көшірмені дайындайды.",
            "same_day",
            None,
            "жүгінген күні",
            "",
            "copy",
        ),
    ),
)


# The result of each step (point 6 of the regulation; the first point 7 in regulation 3), by the
# transition that produces it.
_S4_IDENTIFIED = result(
    "d4-p6-s2",
    "түскен құжаттарды қарайды, бірдейлендіруді облыстың жергілікті атқарушы органдары бекіткен ауыл "
    "шаруашылығы "
    "жануарларын бірдейлендіруді жүргізу жөніндегі іс-шаралар жоспарында көрсетілген мерзімдерге сәйкес "
    "жүзеге "
    "асырады, паспортты толтырады;",
)
_MAIN_RESULTS = {
    "register": result("d4-p6-s1", "ұсынылған құжаттарды қабылдау және тіркеу;"),
    "identify": _S4_IDENTIFIED,
    "reidentify": _S4_IDENTIFIED,
    "hand_over": result(
        "d4-p6-s3",
        "қол қойылған ветеринариялық паспортты, телнұсқаны, ветеринариялық паспорттан үзінді-көшірмесін "
        "береді.",
    ),
}


SERVICE = Service(
    code="animal_identification",
    document_seq=4,
    label=_("Identification of farm animals with a veterinary passport"),
    title_kk="Ауыл шаруашылығы жануарларын ветеринариялық паспорт бере отырып бірдейлендіруді жүргізу",
    portal="extracts_only",
    steps=STEPS,
    subcases=(MAIN, "lost_tag", "copy"),
    kind_subcases={
        "identify_with_passport": MAIN,
        "duplicate_passport": "copy",
        "passport_extract": "copy",
        "reidentify_lost_tag": "lost_tag",
    },
    state_steps={
        "submitted": ("register",),
        "registered": ("prepare_copy",),  # duplicate / extract only; the others wait for the plan or the tags
        "scheduled_per_plan": ("identify",),
        "tags_received": ("reidentify",),
        "identified": ("hand_over",),
        "document_ready": ("hand_over",),
    },
    external_dates={"scheduled_per_plan": "plan_date"},
    start_dates={"tags_received": "tags_received_on"},
    subcase_notes={
        "lost_tag": _(
            "A lost or damaged ear tag: a new individual number is assigned; the limit runs from the day the "
            "provider receives the ear tags."
        ),
    },
    policy_assumptions={
        ("copy", "prepare_copy"): _(
            "The regulation gives no time limit for a duplicate passport or an extract; the same-day target "
            "is a policy assumption."
        ),
    },
    results={MAIN: _MAIN_RESULTS},
)
