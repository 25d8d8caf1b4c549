"""The regulation and point each result document is issued under (issue 16), in one place.

Every result names the regulation of act 003 that it is issued under and the point of that regulation that
states it: point 3 ("the result of the state service") for the service's own documents, a sub-point of it
where the result is one of listed decisions (service 5), and for a refusal the point that provides for the
reasoned refusal and refers to the grounds (point 10 of the standard, which the act does not reproduce).
Points are act anchors ("d2-p3", "d1-p5-s5"), the permalinks the importer gives the act's nodes; a test
checks that each exists in the imported act.  The texts are built here and kept with the document when it
is issued, so that a later change of this table never changes what an issued document printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalogue import SERVICES

# Act 003's identity (DOMAIN §2.1, §6 item 1: the header's No. 19 and state registration No. 3350).
ACT_NUMBER = "19"
ACT_DATE_KK = "2017 жылғы 20 ақпандағы"
ACT_DATE_RU = "20 февраля 2017 года"
ACT_REGISTRATION = "3350"
ACT_KK = (
    f"Жамбыл облысы әкімдігінің {ACT_DATE_KK} № {ACT_NUMBER} қаулысымен (нормативтік құқықтық актілерді "
    f"мемлекеттік тіркеу тізілімінде № {ACT_REGISTRATION} болып тіркелген) бекітілген"
)
ACT_RU = (
    f"утверждённого постановлением акимата Жамбылской области от {ACT_DATE_RU} № {ACT_NUMBER} "
    "(зарегистрировано в Реестре государственной регистрации нормативных правовых актов "
    f"№ {ACT_REGISTRATION})"
)

# The services' titles in Russian, as the standard (MinAgri order No. 7-1/418) names them; the Kazakh ones
# are ``Service.title_kk``.
TITLES_RU = {
    "vet_sanitary_conclusion": (
        "Выдача ветеринарно-санитарного заключения на объекты государственного ветеринарно-санитарного "
        "контроля и надзора"
    ),
    "vet_certificate": "Выдача ветеринарной справки",
    "registration_number": (
        "Присвоение учетных номеров объектам производства, осуществляющим выращивание животных, заготовку "
        "(убой), хранение, переработку и реализацию животных, продукции и сырья животного происхождения, а "
        "также организациям по производству, хранению и реализации ветеринарных препаратов, кормов и "
        "кормовых добавок"
    ),
    "animal_identification": (
        "Проведение идентификации сельскохозяйственных животных с выдачей ветеринарного паспорта"
    ),
    "attestation": (
        "Аттестация физических и юридических лиц, осуществляющих предпринимательскую деятельность в области "
        "ветеринарии"
    ),
    "licence": "Выдача лицензии на занятие деятельностью в области ветеринарии",
}

# service -> result -> the anchor of the point it is issued under.  A result is the document type the
# service issues, or the refusal state ("refused", "refused_incomplete") for its reasoned refusal.
RESULT_POINTS: dict[str, dict[str, str]] = {
    "vet_sanitary_conclusion": {
        "vet_sanitary_conclusion": "d1-p3",
        "refused_incomplete": "d1-p5-s5",  # the written reasoned refusal for an incomplete document set
    },
    "vet_certificate": {"vet_certificate": "d2-p3", "refused": "d2-p3"},  # p.3 names the refusal too
    "registration_number": {
        "registration_confirmation": "d3-p3",
        "refused": "d3-p3",  # p.3: refusal in the cases and on the grounds of point 10 of the standard
        "refused_incomplete": "d3-p5-s3",
    },
    "animal_identification": {
        "vet_passport": "d4-p3",  # p.3: the individual number with the passport, and its duplicate
        "passport_extract": "d4-p3",
        # The regulation names no refusal (DOMAIN §6 item 14): p.1 provides the service under the standard,
        # whose point 10 holds the grounds [proposal, docs/decisions.md].
        "refused": "d4-p1",
    },
    "attestation": {
        "attestation_sheet": "d5-p3",
        "refused": "d5-p5-s3",  # returned: the completeness check against point 9 of the standard
    },
    "licence": {"licence": "d6-p3", "licence_annex": "d6-p3", "refused": "d6-p3"},
}
# Service 5: the sheet states one of the three decisions of point 3, each a sub-point.
ATTESTATION_DECISION_POINTS = {
    "attested": "d5-p3-s1",
    "re_attestation": "d5-p3-s2",
    "not_attested": "d5-p3-s3",
}

_ANCHOR = re.compile(r"d(?P<doc>\d+)-p(?P<point>\d+)(?:-s(?P<sub>\d+))?")


@dataclass(frozen=True)
class Citation:
    """A point of one of act 003's regulations, and the sentence that cites it on a document."""

    service: str
    anchor: str
    title_kk: str

    @property
    def point(self) -> str:
        return _ANCHOR.fullmatch(self.anchor).group("point")

    @property
    def sub_point(self) -> str:
        return _ANCHOR.fullmatch(self.anchor).group("sub") or ""

    @property
    def text_kk(self) -> str:
        """«… регламентінің 3-тармағына сәйкес» (the sub-point first when there is one)."""
        where = (
            f"{self.point}-тармағының {self.sub_point}) тармақшасына"
            if self.sub_point
            else f"{self.point}-тармағына"
        )
        return f"{ACT_KK} «{self.title_kk}» мемлекеттік көрсетілетін қызмет регламентінің {where} сәйкес"

    @property
    def text_ru(self) -> str:
        where = (
            f"подпунктом {self.sub_point}) пункта {self.point}" if self.sub_point else f"пунктом {self.point}"
        )
        title = TITLES_RU[self.service]
        return f"В соответствии с {where} Регламента государственной услуги «{title}», {ACT_RU}"

    def as_payload(self) -> dict[str, str]:
        """What a document keeps: the anchor and both texts as printed and shown."""
        return {"anchor": self.anchor, "kk": self.text_kk, "ru": self.text_ru}


class UnknownResult(LookupError):
    pass


def citation_for(service: str, result: str, *, decision: str = "") -> Citation:
    """The point ``result`` of ``service`` is issued under; ``decision`` narrows an attestation sheet to the
    sub-point of its decision.  UnknownResult when the table has no such result (a programming error)."""
    try:
        anchor = RESULT_POINTS[service][result]
    except KeyError:
        raise UnknownResult(f"No point is recorded for the result {result!r} of {service!r}") from None
    if result == "attestation_sheet" and decision in ATTESTATION_DECISION_POINTS:
        anchor = ATTESTATION_DECISION_POINTS[decision]
    return Citation(service, anchor, SERVICES[service].title_kk)


def cited_anchors() -> set[str]:
    """Every anchor the table names (the test checks each against the imported act)."""
    used = {anchor for results in RESULT_POINTS.values() for anchor in results.values()}
    return used | set(ATTESTATION_DECISION_POINTS.values())
