"""Service 2 (regulation 2 of act 003): veterinary certificate (DOMAIN §2.4, §3.4).  Steps: point 5."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from catalogue.service import Service
from catalogue.steps import MAIN, result, step

_EXECUTOR = Role.EXECUTOR
_MIN = "minutes"

_REG2_ISSUE = (
    "қызметті берушінің жауапты орындаушысы 15 (он бес) минуттың ішінде мөрімен және қолымен "
    "расталған ветеринариялық анықтаманы дайындайды, не мемлекеттік көрсетілетін қызмет "
    "стандартының 10 тармағында көзделген жағдайларда және негіздер бойынша мемлекеттік қызметті "
    "көрсетуден бас тарту туралы дәлелді жауап береді."
)
STEPS = (
    step(
        "register",
        1,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        "қызметті берушінің жауапты орындаушысы 15 (он бес) минуттың ішінде мемлекеттік қызметті көрсету үшін "
        "қызметті алушымен ұсынылған құжаттарды қабылдайды және тіркейді;",
        _MIN,
        15,
        "15 (он бес) минуттың ішінде",
        "d2-p5-s1",
    ),
    step(
        "examine",
        2,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        "қызметті берушінің жауапты орындаушысы жүгінген күні ішінде, ұсынылған құжаттардың негізінде "
        "жануардың ветеринариялық паспорты мен жеке нөмірінің және ауыл шаруашылығы жануарларын бірдейлендіру "
        "жөніндегі деректер базасында немесе олардан үзінді-көшірмелерде бар жануарлар туралы мәліметтердің "
        "болуын негізге ала отырып, жануарды, жануарлардан алынған өнім мен шикізатты ветеринариялық байқап "
        "қарауды жүргізеді, бұл ретте қызметті алушы жүгінген сәттегі тиісті әкімшілік-аумақтық бірлік "
        "аумағындағы эпизоотиялық ахуал ескеріледі;",
        "same_day",
        None,
        "жүгінген күні ішінде",
        "d2-p5-s2",
    ),
    step(
        "issue_certificate",
        3,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        _REG2_ISSUE,
        _MIN,
        15,
        "15 (он бес) минуттың ішінде",
        "d2-p5-s3",
    ),
    # The same printed step 3 gives either the certificate or the reasoned refusal.
    step(
        "refuse",
        3,
        _EXECUTOR,
        "қызметті берушінің жауапты орындаушысы",
        _REG2_ISSUE,
        _MIN,
        15,
        "15 (он бес) минуттың ішінде",
        "d2-p5-s3",
        "incomplete",
    ),
)


# The result of each step (point 6 of the regulation; the first point 7 in regulation 3), by the
# transition that produces it.
_S2_HANDED = result(
    "d2-p6-s3",
    "қызметті берушінің жауапты орындаушысымен қызметті алушыға мемлекеттік қызметті көрсету нәтижелерін "
    "беру.",
)
_MAIN_RESULTS = {
    "register": result(
        "d2-p6-s1",
        "қызметті алушымен ұсынылған құжаттарды қызметті берушінің жауапты орындаушысымен қабылдау және "
        "тіркеу;",
    ),
    "issue_certificate": result("d2-p6-s2", "қызметті берушінің жауапты орындаушысымен анықтаманы рәсімдеу;"),
    "refuse": _S2_HANDED,
}


SERVICE = Service(
    code="vet_certificate",
    document_seq=2,
    label=_("Veterinary certificate"),
    title_kk="Ветеринариялық анықтама беру",
    portal="all",
    steps=STEPS,
    subcases=(MAIN, "incomplete"),
    state_steps={
        "submitted": ("register",),
        "registered": ("examine",),  # "within the day of application": same day from the receipt
        "examined": ("issue_certificate",),
    },
    subcase_notes={
        "incomplete": _(
            "A reasoned refusal on the grounds of point 10 of the standard is given instead of the certificate."
        ),
    },
    results={MAIN: _MAIN_RESULTS},
)
