"""The result of each procedure (point 6 of each regulation; the first point 7 in regulation 3), in the
act's own Kazakh words, by the transition that produces it.  The application's timeline shows it next to
each step done.  Only extraction repairs are applied (joined lines); the original spelling is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.procedure import MAIN


@dataclass(frozen=True)
class ProcedureResult:
    text: str  # Kazakh, as printed
    point_anchor: str


def _r(anchor: str, text: str) -> ProcedureResult:
    return ProcedureResult(text, anchor)


_REGISTERED_WITH_COPY = (
    "қажетті құжаттарды ұсынған сәттен бастап, қабылдайды және оларды тіркейді, құжаттарды қабылдаған "
    "күні мен "
    "уақыты көрсетілген тіркеу туралы өтініштің көшірмесін қызметті алушыға береді;"
)
_RESOLUTION = "кіріс құжаттаманы қарайды, жауапты орындаушыны айқындайды және бұрыштама қояды;"

_S1 = {
    "register": _r("d1-p6-s1", _REGISTERED_WITH_COPY),
    "assign": _r("d1-p6-s2", _RESOLUTION),
    "confirm_complete": _r(
        "d1-p6-s3",
        "стандарттың 9 тармағында көзделген тізбеге сәйкес ұсынылған құжаттардың толықтығын тексереді.",
    ),
    "submit_act": _r(
        "d1-p6-s4",
        "акті жасайды және қызметті берушінің басшысына және мемлекеттік ветеринариялық дәрігердің "
        "қарауына шешім "
        "қабылдау үшін енгізеді;",
    ),
    "decide_compliant": _r(
        "d1-p6-s5",
        "қызметті беруші мемлекеттік ветеринариялық-санитариялық қорытынды беру жайлы шешім қабылдайды;",
    ),
    "hand_over": _r("d1-p6-s6", "ветеринариялық-санитариялық қорытынды беру."),
}
_S1["refuse_incomplete"] = _S1["confirm_complete"]
_S1["decide_noncompliant"] = _S1["decide_compliant"]

_S2_HANDED = _r(
    "d2-p6-s3",
    "қызметті берушінің жауапты орындаушысымен қызметті алушыға мемлекеттік қызметті көрсету нәтижелерін "
    "беру.",
)
_S2 = {
    "register": _r(
        "d2-p6-s1",
        "қызметті алушымен ұсынылған құжаттарды қызметті берушінің жауапты орындаушысымен қабылдау және "
        "тіркеу;",
    ),
    "issue_certificate": _r("d2-p6-s2", "қызметті берушінің жауапты орындаушысымен анықтаманы рәсімдеу;"),
    "refuse": _S2_HANDED,
}

_S3_COMPLETENESS = _r(
    "d3-p7-s3",
    "стандарттың 9 тармағында көзделген тізбеге сәйкес ұсынылған құжаттардың толықтығын тексереді. Өтініш "
    "беруші "
    "құжаттардың толық топтамасын ұсынбаған жағдайда қызметті беруші көрсетілген мерзімдерде өтінішті әрі "
    "қарай "
    "қараудан жазбаша дәлелді бас тартады;",
)
_S3 = {
    "register": _r(
        "d3-p7-s1",
        "қажетті құжаттарды қабылдайды және тіркейді, құжаттарды қабылдаған күні мен уақыты көрсетілген "
        "тіркеу "
        "туралы өтініштің көшірмесін қызметті алушыға береді;",
    ),
    "assign": _r("d3-p7-s2", _RESOLUTION),
    "confirm_complete": _S3_COMPLETENESS,
    "refuse_incomplete": _S3_COMPLETENESS,
    "assign_number": _r("d3-p7-s4", "өндіріс объектісіне есептік нөмір береді;"),
    "send_confirmation": _r(
        "d3-p7-s4",
        "өндіріс объектісіне есептік нөмір беру туралы растауды ресімдейді және оны бөлімге жолдайды;",
    ),
    "issue_confirmation": _r(
        "d3-p7-s5",
        'бөлімнің жауапты орындаушы растау түскен сәттен бастап оны өтініш алушының "жеке кабинетіне" '
        "электрондық құжат нысанында жібереді немесе шығарады, бөлім басшысының қолы қойылады оны мөрмен "
        "растайды.",
    ),
    "hand_over": _r(
        "d3-p7-s6", "бөлімнің кеңсе маманы қызмет алушыға мемлекеттік қызмет көрсету нәтижесін табыс етеді."
    ),
}

_S4_IDENTIFIED = _r(
    "d4-p6-s2",
    "түскен құжаттарды қарайды, бірдейлендіруді облыстың жергілікті атқарушы органдары бекіткен ауыл "
    "шаруашылығы "
    "жануарларын бірдейлендіруді жүргізу жөніндегі іс-шаралар жоспарында көрсетілген мерзімдерге сәйкес "
    "жүзеге "
    "асырады, паспортты толтырады;",
)
_S4 = {
    "register": _r("d4-p6-s1", "ұсынылған құжаттарды қабылдау және тіркеу;"),
    "identify": _S4_IDENTIFIED,
    "reidentify": _S4_IDENTIFIED,
    "hand_over": _r(
        "d4-p6-s3",
        "қол қойылған ветеринариялық паспортты, телнұсқаны, ветеринариялық паспорттан үзінді-көшірмесін "
        "береді.",
    ),
}

_S5_HELD = _r("d5-p6-s4", "аттестация жүргізіледі және орындаушыға нәтижені табыстау үшін жібереді.")
_S5 = {
    "register": _r(
        "d5-p6-s1",
        "мемлекеттік қызмет берушінің жауапты орындаушысы құжаттарды басшыға немесе құзырлы тұлғасына "
        "жібереді;",
    ),
    "assign": _r("d5-p6-s2", "басшы немесе құзырлы тұлғаға құжаттарды қарап, жауапты орындаушыны анықтайды;"),
    "send_to_commission": _r(
        "d5-p6-s3", "мемлекеттік қызмет берушінің жауапты орындаушысы құжаттарды комиссияға жібереді;"
    ),
    "fail_test": _S5_HELD,
    "decide": _S5_HELD,
    "deliver": _r("d5-p6-s5", "қызмет алушыға аттестациялық парақ беріледі."),
}


def _licence(anchor: str, register: str, assign: str, drafted: str, signed: str, handed: str, draft: str):
    results = {
        "register": _r(anchor, register),
        "assign": _r(anchor, assign),
        draft: _r(anchor, drafted),
        "draft_refusal": _r(anchor, drafted),
        "sign": _r(anchor, signed),
        "sign_refusal": _r(anchor, signed),
        "hand_over": _r(anchor, handed),
        "hand_over_refusal": _r(anchor, handed),
    }
    return results


_S6 = {
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

# service -> procedure sub-case -> transition -> result
RESULTS: dict[str, dict[str, dict[str, ProcedureResult]]] = {
    "vet_sanitary_conclusion": {MAIN: _S1},
    "vet_certificate": {MAIN: _S2},
    "registration_number": {MAIN: _S3},
    "animal_identification": {MAIN: _S4},
    "attestation": {MAIN: _S5},
    "licence": _S6,
}


def result_of(service_code: str, subcase: str, transition: str) -> ProcedureResult | None:
    """The printed result of the procedure ``transition`` completes, if the regulation prints one."""
    by_subcase = RESULTS.get(service_code, {})
    for candidate in (subcase, MAIN):
        found = by_subcase.get(candidate, {}).get(transition)
        if found is not None:
            return found
    return None
