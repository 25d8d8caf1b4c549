"""Service 6 (regulation 6 of act 003): licence for activity in veterinary medicine (DOMAIN §2.4, §3.8).
Steps: point 7, one list per kind (issue, re-issue, duplicate); every step gives "the licence *or* the
reasoned refusal".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from catalogue.service import Service
from catalogue.steps import result, step

_OFFICE = Role.OFFICE
_HEAD = Role.HEAD
_EXECUTOR = Role.EXECUTOR
_MIN = "minutes"
_HRS = "hours"
_WD = "working_days"

_OFFICE_SPECIALIST = "қызметті берушінің кеңсе маманы"
STEPS = (
    # p.5 1) issue of a licence and/or an annex
    step(
        "register",
        1,
        _OFFICE,
        _OFFICE_SPECIALIST,
        "қызметті берушінің кеңсе маманы қызметті алушымен стандарттың 9 – тармағында көрсетілген қажетті "
        "құжаттарды (бұдан әрі – құжаттар) берген сәттен бастап 30 (отыз) минут ішінде қабылдауды және оларды "
        "тіркеуді жүзеге асырады.",
        _MIN,
        30,
        "30 (отыз) минут ішінде",
        "d6-p5-s1",
        "issue",
    ),
    step(
        "assign",
        2,
        _HEAD,
        "қызметті беруші басшылығы",
        "қызметті беруші басшылығы 1 (бір) жұмыс күні ішінде келіп түскен құжаттармен танысады және қызмет "
        "берушінің жауапты орындаушысын белгілейді.",
        _WD,
        1,
        "1 (бір) жұмыс күні ішінде",
        "d6-p5-s1",
        "issue",
    ),
    step(
        "accept_complete",
        3,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        "қызметті берушінің жауапты орындаушысы 1 (бір) жұмыс күні ішінде түскен құжаттарды қарайды. "
        "Тапсырылған құжаттар толық болмағаны анықталған жағдайда қызметті берушінің жауапты орындаушысы бас "
        "тарту туралы дәлелді жауап дайындайды.",
        _WD,
        1,
        "1 (бір) жұмыс күні ішінде",
        "d6-p5-s1",
        "issue",
    ),
    step(
        "draft_license",
        4,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        "Тапсырылған құжаттар толық болған жағдайда 10 (он) жұмыс күн ішінде түскен құжаттарды қарайды, "
        "лицензия дайындайды.",
        _WD,
        10,
        "10 (он) жұмыс күн ішінде",
        "d6-p5-s1",
        "issue",
    ),
    step(
        "sign",
        5,
        _HEAD,
        "қызметті беруші басшылығы",
        "қызметті беруші басшылығы 1 (бір) жұмыс күні ішінде лицензияға немесе бас тарту туралы дәлелді "
        "жауапқа қол қояды.",
        _WD,
        1,
        "1 (бір) жұмыс күні ішінде",
        "d6-p5-s1",
        "issue",
    ),
    step(
        "hand_over",
        6,
        _OFFICE,
        _OFFICE_SPECIALIST,
        "қызметті берушінің кеңсе маманы 30 (отыз) минут ішінде қызметті алушыға лицензия немесе бас тарту "
        "туралы дәлелді жауап береді.",
        _MIN,
        30,
        "30 (отыз) минут ішінде",
        "d6-p5-s1",
        "issue",
    ),
    # p.5 2) re-issue of a licence
    step(
        "register",
        1,
        _OFFICE,
        _OFFICE_SPECIALIST,
        "қызметті берушінің кеңсе маманы қызметті алушымен құжаттарды берген сәттен бастап 30 (отыз) минуттың "
        "ішінде қабылдауды және оларды тіркеуді жүзеге асырады.",
        _MIN,
        30,
        "30 (отыз) минуттың ішінде",
        "d6-p5-s2",
        "reissue",
    ),
    step(
        "assign",
        2,
        _HEAD,
        "қызметті берушінің басшылығы",
        "қызметті берушінің басшылығы 2 (екі) сағат ішінде келіп түскен құжаттарды қарайды және қызметті "
        "берушінің жауапты орындаушысын белгілейді.",
        _HRS,
        2,
        "2 (екі) сағат ішінде",
        "d6-p5-s2",
        "reissue",
    ),
    step(
        "draft_reissue",
        3,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        "қызметті берушінің жауапты орындаушысы 1 (бір) жұмыс күні ішінде келіп түскен құжаттарды қарайды, "
        "лицензияны қайта ресімдейді немесе бас тарту туралы дәлелді жауап дайындайды.",
        _WD,
        1,
        "1 (бір) жұмыс күні ішінде",
        "d6-p5-s2",
        "reissue",
    ),
    step(
        "sign",
        4,
        _HEAD,
        "қызметті берушінің басшылығы",
        "қызметті берушінің басшылығы 1 (бір) жұмыс күні ішінде қайта ресімделген лицензияға немесе бас тарту "
        "туралы дәлелді жауапқа қол қояды.",
        _WD,
        1,
        "1 (бір) жұмыс күні ішінде",
        "d6-p5-s2",
        "reissue",
    ),
    step(
        "hand_over",
        5,
        _OFFICE,
        _OFFICE_SPECIALIST,
        "қызметті берушінің кеңсе маманы 30 (отыз) минут ішінде қызметті алушыға қайта ресімделген лицензияны "
        "немесе бас тарту туралы дәлелді жауапты береді.",
        _MIN,
        30,
        "30 (отыз) минут ішінде",
        "d6-p5-s2",
        "reissue",
    ),
    # p.5 3) duplicate (the heading names the annex, the steps the licence: DOMAIN §6 item 16)
    step(
        "register",
        1,
        _OFFICE,
        _OFFICE_SPECIALIST,
        "қызметті берушінің кеңсе маманы қызметті алушымен құжаттарды берген сәттен бастап 30 (отыз) минут "
        "ішінде қабылдауды және оларды тіркеуді жүзеге асырады.",
        _MIN,
        30,
        "30 (отыз) минут ішінде",
        "d6-p5-s3",
        "duplicate",
    ),
    step(
        "assign",
        2,
        _HEAD,
        "қызметті беруші басшылығы",
        "қызметті беруші басшылығы 4 (төрт) сағат ішінде түскен құжаттармен танысады және қызметті беруші "
        "жауапты орындаушысын белгілейді.",
        _HRS,
        4,
        "4 (төрт) сағат ішінде",
        "d6-p5-s3",
        "duplicate",
    ),
    step(
        "draft_duplicate",
        3,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        "қызметті берушінің жауапты орындаушысы 1 (бір) жұмыс күні ішінде келіп түскен құжаттарды қарайды, "
        "қызметті алушыға лицензияның телнұсқасын немесе бас тарту туралы дәлелді жауапты дайындайды.",
        _WD,
        1,
        "1 (бір) жұмыс күні ішінде",
        "d6-p5-s3",
        "duplicate",
    ),
    step(
        "sign",
        4,
        _HEAD,
        "қызметті беруші басшылығы",
        "қызметті беруші басшылығы 2 (екі) сағат ішінде лицензияның телнұсқасына немесе бас тарту туралы "
        "дәлелді жауапқа қол қояды.",
        _HRS,
        2,
        "2 (екі) сағат ішінде",
        "d6-p5-s3",
        "duplicate",
    ),
    step(
        "hand_over",
        5,
        _OFFICE,
        "қызметті беруші кеңсе маманы",
        "қызметті беруші кеңсе маманы 30 (отыз) минут ішінде қызметті алушыға лицензияның телнұсқасын немесе "
        "бас тарту туралы дәлелді жауапты береді.",
        _MIN,
        30,
        "30 (отыз) минут ішінде",
        "d6-p5-s3",
        "duplicate",
    ),
)


# The result of each step (point 6 of the regulation; the first point 7 in regulation 3), by the
# transition that produces it.
def _licence(anchor: str, register: str, assign: str, drafted: str, signed: str, handed: str, draft: str):
    results = {
        "register": result(anchor, register),
        "assign": result(anchor, assign),
        draft: result(anchor, drafted),
        "draft_refusal": result(anchor, drafted),
        "sign": result(anchor, signed),
        "sign_refusal": result(anchor, signed),
        "hand_over": result(anchor, handed),
        "hand_over_refusal": result(anchor, handed),
    }
    return results


_RESULTS = {
    "issue": _licence(
        "d6-p6-s1",
        "қызметті беруші басшылығының қарауына жолдайды;",
        "құжаттарды мемлекеттік қызметті көрсету үшін қызметті берушінің жауапты орындаушысына жолдайды;",
        "ресімделген лицензияға немесе бас тарту туралы дәлелді жауапқа қол қою үшін басшылыққа жібереді;",
        "қол қойылған лицензияны немесе бас тарту туралы дәлелді жауапты кеңсеге жібереді;",
        "қызметті алушыға лицензияны немесе бас тарту туралы дәлелді жауапты береді;",
        "draft_license",
    ),
    "reissue": _licence(
        "d6-p6-s2",
        "қызметті беруші басшылығының қарауына жолдайды;",
        "құжаттарды қызметті берушінің жауапты орындаушысына жолдайды;",
        "қайта ресімделген лицензияны немесе бас тарту туралы дәлелді жауапты басшылыққа қол қоюға жібереді;",
        "қайта рәсімделген лицензияны немесе бас тарту туралы дәлелді жауапты кеңсеге жібереді;",
        "қызметті алушыға қайта ресімделген лицензияны немесе бас тарту туралы дәлелді жауапты береді;",
        "draft_reissue",
    ),
    "duplicate": _licence(
        "d6-p6-s3",
        "құжаттар қызметті беруші басшылығының қарауына жолдайды;",
        "құжаттарды мемлекеттік қызметті көрсету үшін көрсетілетін қызметті берушінің жауапты орындаушысына "
        "жолдайды;",
        "лицензияның телнұсқасына немесе бас тарту туралы дәлелді жауапқа қол қою үшін басшылыққа жібереді;",
        "қол қойылған лицензияның телнұсқасын немесе бас тарту туралы дәлелді жауапты кеңсеге жібереді;",
        "қызметті алушыға лицензияның телнұсқасын немесе бас тарту туралы дәлелді жауап береді.",
        "draft_duplicate",
    ),
}


SERVICE = Service(
    code="licence",
    document_seq=6,
    label=_("Licence for activity in veterinary medicine"),
    title_kk="Ветеринария саласындағы қызметпен айналысуға лицензия беру",
    portal="all",
    steps=STEPS,
    subcases=("issue", "reissue", "duplicate"),
    kind_subcases={"issue": "issue", "reissue": "reissue", "duplicate": "duplicate"},
    state_steps={
        "submitted": ("register",),
        "registered": ("assign",),
        "assigned": ("accept_complete", "draft_reissue", "draft_duplicate"),  # whichever the kind has
        "under_review": ("draft_license",),
        "draft_ready": ("sign",),
        "refusal_drafted": ("sign_refusal",),
        "signed": ("hand_over",),
        "refusal_signed": ("hand_over_refusal",),
    },
    transition_steps={
        # p.5: every licence step reads "the licence *or* the reasoned refusal".
        "draft_refusal": {
            "issue": "accept_complete",
            "reissue": "draft_reissue",
            "duplicate": "draft_duplicate",
        },
        "sign_refusal": "sign",
        "hand_over_refusal": "hand_over",
    },
    results=_RESULTS,
)
