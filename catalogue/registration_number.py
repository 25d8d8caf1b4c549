"""Service 3 (regulation 3 of act 003): registration (accounting) number of a production facility
(DOMAIN §2.4, §3.5).  Steps: point 5; re-registration: point 6 with the limits of point 5.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from catalogue.service import Service
from catalogue.steps import MAIN, RESOLUTION, ProcedureStep, result, step

_OFFICE = Role.OFFICE
_HEAD = Role.HEAD
_EXECUTOR = Role.EXECUTOR
_MIN = "minutes"
_WD = "working_days"


def _reg3_main(subcase: str = MAIN) -> list[ProcedureStep]:
    register_action = (
        "бөлімнің кеңсесі қызметті алушы қажетті құжаттарды ұсынған сәттен бастап, қабылдауды және оларды "
        "тіркеуді жүзеге асырады, құжаттарды қабылдаған күні мен уақыты көрсетілген тіркеу туралы өтініштің "
        "көшірмесін көрсетілетін қызметті алушыға береді - 30 (отыз) минуттан аспайды."
    )
    # Re-registration too: point 6 only lists what is filed and prints no time limit (issue 17 found the step
    # citing it); the registration step and its 30 minutes are those of p.5 1), as the sub-case note says.
    register_anchor = "d3-p5-s1"
    return [
        step(
            "register",
            1,
            _OFFICE,
            "бөлімнің кеңсесі",
            register_action,
            _MIN,
            30,
            "30 (отыз) минуттан аспайды",
            register_anchor,
            subcase,
        ),
        step(
            "assign",
            2,
            _HEAD,
            "бөлім басшылығы",
            "бөлім басшылығы кіріс құжаттаманы қарайды, жауапты орындаушыны айқындайды және бұрыштама қояды – "
            "1 (бір) жұмыс күнінен аспайды.",
            _WD,
            1,
            "1 (бір) жұмыс күнінен аспайды",
            "d3-p5-s2",
            subcase,
        ),
        step(
            "confirm_complete",
            3,
            _EXECUTOR,
            "бөлімнің жауапты орындаушысы",
            "бөлімнің жауапты орындаушысы – 1 (бір) жұмыс күнінен асырмай стандарттың 9 тармағында көзделген "
            "тізбеге сәйкес ұсынылған құжаттардың толықтығын тексереді.",
            _WD,
            1,
            "1 (бір) жұмыс күнінен асырмай",
            "d3-p5-s3",
            subcase,
        ),
        step(
            "assign_number",
            4,
            Role.OBLAST_INSPECTION,
            "Жамбыл облысы әкімдігінің ветеринария басқармасының мемлекеттік ветеринариялық бақылау инспекция "
            "бөлімі",
            "Жамбыл облысы әкімдігінің ветеринария басқармасының мемлекеттік ветеринариялық бақылау инспекция "
            "бөлімі портал арқылы: өндіріс объектісіне есептік нөмір беру туралы сұрауды тіркейді; өндіріс "
            "объектісіне есептік нөмірді рәсімдейді; өндіріс объектісіне есептік нөмір беру туралы растауды "
            "ресімдейді және оны Тараз қаласы және аудан әкімдіктерінің ветеринария бөлімдеріне жолдайды – 3 "
            "(үш) жұмыс күнінен аспайды;",
            _WD,
            3,
            "3 (үш) жұмыс күнінен аспайды",
            "d3-p5-s4",
            subcase,
        ),
        step(
            "issue_confirmation",
            5,
            _EXECUTOR,
            "бөлімнің жауапты орындаушы",
            "бөлімнің жауапты орындаушы растау түскен сәттен бастап 1 (бір) жұмыс күні ішінде оны өтінуші - "
            'өндіріс объектісінің "жеке кабинетіне" электрондық құжат нысанында жібереді немесе шығарады, '
            "бөлім оны мөрмен растайды, басшысының қолы қойылады.",
            _WD,
            1,
            "1 (бір) жұмыс күні ішінде",
            "d3-p5-s5",
            subcase,
        ),
        step(
            "hand_over",
            6,
            _OFFICE,
            "бөлімнің кеңсе маманы",
            "мемлекеттік көрсетілетін қызметтің нәтижелері – 30 (отыз) минуттан аспайды.",
            _MIN,
            30,
            "30 (отыз) минуттан аспайды",
            "d3-p5-s6",
            subcase,
        ),
    ]


STEPS = (
    *_reg3_main(),
    step(
        "refuse_incomplete",
        3,
        _EXECUTOR,
        "көрсетілетін қызметті беруші",
        "Өтініш беруші құжаттардың толық топтамасын ұсынбаған жағдайда көрсетілетін қызметті беруші – 1 "
        "(бір) жұмыс күнінен асырмай көрсетілген мерзімдерде өтінішті әрі қарай қараудан жазбаша дәлелді бас "
        "тартады.",
        _WD,
        1,
        "1 (бір) жұмыс күнінен асырмай",
        "d3-p5-s3",
        "incomplete",
    ),
    *_reg3_main("reregistration"),
)


# The result of each step (point 6 of the regulation; the first point 7 in regulation 3), by the
# transition that produces it.
_S3_COMPLETENESS = result(
    "d3-p7-s3",
    "стандарттың 9 тармағында көзделген тізбеге сәйкес ұсынылған құжаттардың толықтығын тексереді. Өтініш "
    "беруші "
    "құжаттардың толық топтамасын ұсынбаған жағдайда қызметті беруші көрсетілген мерзімдерде өтінішті әрі "
    "қарай "
    "қараудан жазбаша дәлелді бас тартады;",
)
_MAIN_RESULTS = {
    "register": result(
        "d3-p7-s1",
        "қажетті құжаттарды қабылдайды және тіркейді, құжаттарды қабылдаған күні мен уақыты көрсетілген "
        "тіркеу "
        "туралы өтініштің көшірмесін қызметті алушыға береді;",
    ),
    "assign": result("d3-p7-s2", RESOLUTION),
    "confirm_complete": _S3_COMPLETENESS,
    "refuse_incomplete": _S3_COMPLETENESS,
    "assign_number": result("d3-p7-s4", "өндіріс объектісіне есептік нөмір береді;"),
    "send_confirmation": result(
        "d3-p7-s4",
        "өндіріс объектісіне есептік нөмір беру туралы растауды ресімдейді және оны бөлімге жолдайды;",
    ),
    "issue_confirmation": result(
        "d3-p7-s5",
        'бөлімнің жауапты орындаушы растау түскен сәттен бастап оны өтініш алушының "жеке кабинетіне" '
        "электрондық құжат нысанында жібереді немесе шығарады, бөлім басшысының қолы қойылады оны мөрмен "
        "растайды.",
    ),
    "hand_over": result(
        "d3-p7-s6", "бөлімнің кеңсе маманы қызмет алушыға мемлекеттік қызмет көрсету нәтижесін табыс етеді."
    ),
}


SERVICE = Service(
    code="registration_number",
    document_seq=3,
    label=_("Registration number of a production facility"),
    title_kk=(
        "Жануарларды өсіруді, жануарларды союға дайындауды (союды), сақтауды, өңдеуді және сатуды "
        "жүзеге асыратын өндіріс объектілеріне, сондай-ақ ветеринариялық препараттарды, жем және "
        "жемазық қоспаларын өндіру, сақтау және сату бойынша өндіріс объектілеріне тіркеу нөмірлерін "
        "беру"
    ),
    portal="all",
    steps=STEPS,
    subcases=(MAIN, "incomplete", "reregistration"),
    kind_subcases={
        "assign": MAIN,
        "reregister_name_or_form": "reregistration",
        "confirm_slaughter_site": "reregistration",
    },
    state_steps={
        "submitted": ("register",),
        "registered": ("assign",),
        "assigned": ("confirm_complete",),
        # p.5 4): the oblast inspection registers the request, assigns the number and sends the confirmation
        # within one limit of three working days, counted from the complete set.
        "complete": ("forward_to_oblast",),
        "at_oblast_inspection": ("assign_number",),
        "number_assigned": ("send_confirmation",),
        "confirmation_received": ("issue_confirmation",),
        "confirmation_issued": ("hand_over",),
    },
    transition_steps={
        # p.5 4): the oblast inspection registers the request, assigns the number and sends the confirmation
        # within one limit of 3 working days.
        "forward_to_oblast": "assign_number",
        "send_confirmation": "assign_number",
        "refuse": "assign_number",
    },
    subcase_notes={
        "reregistration": _(
            "Point 6 gives no time limits of its own for re-registration; the steps and limits of the main "
            "procedure apply (an interpretation)."
        ),
        "incomplete": _("An incomplete set of documents is refused in writing instead of step 3."),
    },
    results={MAIN: _MAIN_RESULTS},
)
