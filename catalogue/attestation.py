"""Service 5 (regulation 5 of act 003): attestation of those practising veterinary medicine (DOMAIN §2.4,
§3.7).  Steps: point 5; the attestation day comes from the commission's schedule.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from catalogue.service import Service, WaitingPeriod
from catalogue.steps import MAIN, result, step

# p.5 4): how long an applicant waits before trying again.
WAITING_PERIODS = {
    "retest": WaitingPeriod(
        6,
        "Мемлекеттік қызметті көрсету стандартында көрсетілген қайта тестілеуден өту тәртібі алғашқы "
        "тестілеуден алты ай өткенен кейін.",
        "d5-p5-s4",
    ),
    "reinterview": WaitingPeriod(
        1,
        "Комиссия шешімімен қайта әңгімелесуге тиіс. Алғашқы әңгімелесу күнінен бір ай өткенен кейін "
        "қайта әңгімелесу өтеді.",
        "d5-p5-s4",
    ),
    "reattestation": WaitingPeriod(
        12,
        "Атестаттаудан өтпегенде, көрсетілетін қызметті алушы атестаттау нәтижесін алғанына бір жыл "
        "өткенен кейі қайта атестаттауға қатысуға құқылы.",
        "d5-p5-s4",
    ),
}
# p.5 4): a negative test result ends the attestation before the interview.
FAILED_TEST_RULE = (
    "Көрсетілетін қызметті алушы тестілеуден теріс нәтиже алған кезде атестаттаудың екінші кезеңіне өтпейді "
    "(әңгімелесуге)",
    "d5-p5-s4",
)

_OFFICE = Role.OFFICE
_HEAD = Role.HEAD
_EXECUTOR = Role.EXECUTOR
_MIN = "minutes"
_WD = "working_days"

STEPS = (
    step(
        "register",
        1,
        _OFFICE,
        "қызметті берушінің кеңсесі",
        "қызметті берушінің кеңсесі қызметті алушы қажетті құжаттарды ұсынған сәттен бастап, қабылдауды және "
        "оларды тіркеуді жүзеге асырады, құжаттарды қабылдаған күні мен уақыты көрсетілген тіркеу туралы "
        "өтініштің көшірмесін қызметті алушыға береді - 30 (отыз) минуттан аспайды.",
        _MIN,
        30,
        "30 (отыз) минуттан аспайды",
        "d5-p5-s1",
    ),
    step(
        "assign",
        2,
        _HEAD,
        "қызметті берушінің басшысы",
        "қызметті берушінің басшысы кіріс құжаттаманы қарайды, жауапты орындаушыны айқындайды және бұрыштама "
        "қояды – 30 (отыз) минуттан аспайды.",
        _MIN,
        30,
        "30 (отыз) минуттан аспайды",
        "d5-p5-s2",
    ),
    step(
        "confirm_complete",
        3,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        "қызметті берушінің жауапты орындаушысы стандарттың 9-тармағында көзделген тізбеге сәйкес ұсынылған "
        "құжаттардың толықтығын тексереді – өтініштің түскен күні.",
        "same_day",
        None,
        "өтініштің түскен күні",
        "d5-p5-s3",
    ),
    step(
        "decide",
        4,
        Role.COMMISSION,
        "комиссия",
        "атестаттау кестесіне сәйкес комиссия аттестаттауды жүргізеді. Атестаттау бір күнде өткізіледі - 1 "
        "(бір) жұмыс күні ішінде және екі кезеңнен тұрады: тестілеу және әңгімелесу. Көрсетілетін қызметті "
        "алушы тестілеуден теріс нәтиже алған кезде атестаттаудың екінші кезеңіне өтпейді (әңгімелесуге)",
        _WD,
        1,
        "1 (бір) жұмыс күні ішінде",
        "d5-p5-s4",
    ),
    step(
        "deliver",
        5,
        _OFFICE,
        "кеңсе орындаушысы",
        "кеңсе орындаушысы қызметті алушыға мемлекеттік көрсетілетін қызметтің нәтижелерін беру – 30 (отыз) "
        "минуттан аспайды.",
        _MIN,
        30,
        "30 (отыз) минуттан аспайды",
        "d5-p5-s5",
    ),
)


# The result of each step (point 6 of the regulation; the first point 7 in regulation 3), by the
# transition that produces it.
_S5_HELD = result("d5-p6-s4", "аттестация жүргізіледі және орындаушыға нәтижені табыстау үшін жібереді.")
_MAIN_RESULTS = {
    "register": result(
        "d5-p6-s1",
        "мемлекеттік қызмет берушінің жауапты орындаушысы құжаттарды басшыға немесе құзырлы тұлғасына "
        "жібереді;",
    ),
    "assign": result(
        "d5-p6-s2", "басшы немесе құзырлы тұлғаға құжаттарды қарап, жауапты орындаушыны анықтайды;"
    ),
    "send_to_commission": result(
        "d5-p6-s3", "мемлекеттік қызмет берушінің жауапты орындаушысы құжаттарды комиссияға жібереді;"
    ),
    "fail_test": _S5_HELD,
    "decide": _S5_HELD,
    "deliver": result("d5-p6-s5", "қызмет алушыға аттестациялық парақ беріледі."),
}


SERVICE = Service(
    code="attestation",
    document_seq=5,
    label=_("Attestation in veterinary medicine"),
    title_kk=(
        "Ветеринария саласында кәсіпкерлік қызметті жүзеге асыратын жеке және заңды тұлғаларды аттестаттау"
    ),
    portal="all",
    steps=STEPS,
    subcases=(MAIN,),
    state_steps={
        "submitted": ("register",),
        "registered": ("assign",),
        "assigned": ("confirm_complete",),
        # The attestation day of the schedule is the limit of the whole attestation (held in one day).
        "scheduled": ("start_testing",),
        "testing": ("pass_test",),
        "interview": ("decide",),
        "decided": ("deliver",),
    },
    transition_steps={
        # p.5 4): the attestation (testing, then interview) takes one day, ≤ 1 working day.
        "start_testing": "decide",
        "pass_test": "decide",
        "fail_test": "decide",
    },
    external_dates={"scheduled": "attestation_date"},
    waiting_periods=WAITING_PERIODS,
    results={MAIN: _MAIN_RESULTS},
)
