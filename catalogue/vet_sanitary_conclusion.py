"""Service 1 (regulation 1 of act 003): veterinary-sanitary conclusion for an object of state
veterinary-sanitary control (DOMAIN §2.4, §3.3).  Steps: the regulation's point 5.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from catalogue.service import Service
from catalogue.steps import MAIN, REGISTERED_WITH_COPY, RESOLUTION, result, step

# p.5 4): the legal statistics bodies are told at least this many days before the inspection.  The act says
# «1 (бір) күн бұрын» without "working", so these are calendar days (DOMAIN §6 item 7).
STATISTICS_NOTICE_DAYS_BEFORE_INSPECTION = 1
STATISTICS_NOTICE_SOURCE = (
    "объектіні тексеруге дейін 1 (бір) күн бұрын құқықтық статистика органдарына хабарлайды",
    "d1-p5-s4",
)

_OFFICE = Role.OFFICE
_HEAD = Role.HEAD
_EXECUTOR = Role.EXECUTOR
_MIN = "minutes"
_WD = "working_days"

_REG1_COMPLETENESS = (
    "қызметті берушінің жауапты орындаушысы стандарттың 9-тармағында көзделген тізбеге "
    "сәйкес ұсынылған құжаттардың толықтығын тексереді – өтініштің түскен күні."
)

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
        "d1-p5-s1",
    ),
    step(
        "assign",
        2,
        _HEAD,
        "қызметті берушінің басшылығы",
        "қызметті берушінің басшылығы кіріс құжаттаманы қарайды, жауапты орындаушыны айқындайды және "
        "бұрыштама қояды – 1 (бір) жұмыс күнінен аспайды.",
        _WD,
        1,
        "1 (бір) жұмыс күнінен аспайды",
        "d1-p5-s2",
    ),
    step(
        "confirm_complete",
        3,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        _REG1_COMPLETENESS,
        "same_day",
        None,
        "өтініштің түскен күні",
        "d1-p5-s3",
    ),
    step(
        "inspect_block",
        4,
        _EXECUTOR,
        "жауапты орындаушы",
        "құжаттың толық топтамасын жауапты орындаушы 3 (үш) жұмыс күнінен асырмай: объектіні тексеруге дейін "
        "1 (бір) күн бұрын құқықтық статистика органдарына хабарлайды; объектіге тексеру жүргізеді; "
        "объектінің ұсынылған құжаттарға сәйкестігін тексереді; объектінің ветеринариялық "
        "(ветеринариялық-санитариялық) ережелерге сәйкестігін тексереді; акті жасайды және қызметті берушінің "
        "басшысына және мемлекеттік ветеринариялық дәрігердің қарауына шешім қабылдау үшін енгізеді.",
        _WD,
        3,
        "3 (үш) жұмыс күнінен асырмай",
        "d1-p5-s4",
    ),
    step(
        "decide",
        5,
        Role.STATE_VET_DOCTOR,
        "қызметті беруші",
        "қызметті беруші мемлекеттік ветеринариялық-санитариялық қорытынды беру жайлы 1(бір) жұмыс күнен "
        "аспайтын уақытта шешім қабылдайды;",
        _WD,
        1,
        "1(бір) жұмыс күнен аспайтын уақытта",
        "d1-p5-s4",
    ),
    step(
        "hand_over",
        6,
        _OFFICE,
        "қызметті берушінің кеңсесі",
        "мемлекеттік көрсетілетін қызметтің нәтижелері – 30 (отыз) минуттан аспайды.",
        _MIN,
        30,
        "30 (отыз) минуттан аспайды",
        "d1-p5-s4",
    ),
    # p.5 5): the refusal replaces the completeness step's positive outcome, "within the stated limits".
    step(
        "refuse_incomplete",
        3,
        _EXECUTOR,
        "көрсетілетін қызметті беруші",
        "құжаттың толық емес топтамасын ұсынған жағдайда көрсетілетін қызметті беруші көрсетілген мерзімдерде "
        "өтінішті әрі қарай қараудан жазбаша дәлелді бас тартады.",
        "same_day",
        None,
        "көрсетілген мерзімдерде",
        "d1-p5-s5",
        "incomplete",
    ),
)


# The result of each step (point 6 of the regulation; the first point 7 in regulation 3), by the
# transition that produces it.
_MAIN_RESULTS = {
    "register": result("d1-p6-s1", REGISTERED_WITH_COPY),
    "assign": result("d1-p6-s2", RESOLUTION),
    "confirm_complete": result(
        "d1-p6-s3",
        "стандарттың 9 тармағында көзделген тізбеге сәйкес ұсынылған құжаттардың толықтығын тексереді.",
    ),
    "submit_act": result(
        "d1-p6-s4",
        "акті жасайды және қызметті берушінің басшысына және мемлекеттік ветеринариялық дәрігердің "
        "қарауына шешім "
        "қабылдау үшін енгізеді;",
    ),
    "decide_compliant": result(
        "d1-p6-s5",
        "қызметті беруші мемлекеттік ветеринариялық-санитариялық қорытынды беру жайлы шешім қабылдайды;",
    ),
    "hand_over": result("d1-p6-s6", "ветеринариялық-санитариялық қорытынды беру."),
}
_MAIN_RESULTS["refuse_incomplete"] = _MAIN_RESULTS["confirm_complete"]
_MAIN_RESULTS["decide_noncompliant"] = _MAIN_RESULTS["decide_compliant"]


SERVICE = Service(
    code="vet_sanitary_conclusion",
    document_seq=1,
    label=_("Veterinary-sanitary conclusion"),
    title_kk=(
        "Мемлекеттік ветеринариялық-санитариялық бақылау және қадағалау объектілеріне "
        "ветеринариялық-санитариялық қорытынды беру"
    ),
    portal="all",
    steps=STEPS,
    subcases=(MAIN, "incomplete"),
    state_steps={
        "submitted": ("register",),
        "registered": ("assign",),
        "assigned": ("confirm_complete",),
        # One block of three working days from the complete set to the act (p.5 4)): the due time is set
        # on entering "complete" and kept through the notice and the inspection.
        "complete": ("notify_legal_statistics",),
        "stats_notified": ("inspect",),
        "inspected": ("submit_act",),
        "act_submitted": ("decide_compliant",),
        "conclusion_compliant": ("hand_over",),
        "conclusion_noncompliant": ("hand_over",),
    },
    transition_steps={
        # p.5 4): one block of ≤ 3 working days, from the complete set to the act handed in for decision.
        "notify_legal_statistics": "inspect_block",
        "inspect": "inspect_block",
        "submit_act": "inspect_block",
        "decide_compliant": "decide",
        "decide_noncompliant": "decide",
        "notify_pickup": "hand_over",  # the portal notice replaces handing over, same 30 minutes
    },
    subcase_notes={
        "incomplete": _(
            "An incomplete set of documents is refused in writing within the limits of the steps above."
        ),
    },
    results={MAIN: _MAIN_RESULTS},
)
