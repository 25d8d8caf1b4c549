"""Issue 16: every result of every service cites the regulation and point it is issued under, and each point
exists in the imported act 003 and says what the citation relies on (the result, or the refusal)."""

from __future__ import annotations

import pytest

from catalogue import SERVICES
from catalogue.citations import (
    ATTESTATION_DECISION_POINTS,
    RESULT_POINTS,
    UnknownResult,
    citation_for,
    cited_anchors,
)
from records.applications import SERVICE_MODELS
from records.result_documents import RESULT_TYPES
from records.result_payloads import REFUSED_STATES

# The documents each service issues (records.result_payloads builds them); refusals are the "refusal" type.
SERVICE_DOCUMENTS = {
    "vet_sanitary_conclusion": {"vet_sanitary_conclusion"},
    "vet_certificate": {"vet_certificate"},
    "registration_number": {"registration_confirmation"},
    "animal_identification": {"vet_passport", "passport_extract"},
    "attestation": {"attestation_sheet"},
    "licence": {"licence", "licence_annex"},
}


def refusal_states(service: str) -> set[str]:
    """The refusal states the service's state machine can reach (read from its transitions)."""
    specs = SERVICE_MODELS[service].transition_specs().values()
    return {spec.target for spec in specs} & REFUSED_STATES


def test_the_table_of_documents_covers_every_result_type():
    issued = set().union(*SERVICE_DOCUMENTS.values())
    assert issued | {"refusal"} == set(RESULT_TYPES)
    assert set(SERVICE_DOCUMENTS) == set(SERVICES)


@pytest.mark.parametrize("service", list(SERVICES))
def test_every_result_of_every_service_has_its_point(service):
    results = SERVICE_DOCUMENTS[service] | refusal_states(service)
    assert refusal_states(service), f"{service} can refuse"
    assert set(RESULT_POINTS[service]) == results
    for result in results:
        citation = citation_for(service, result)
        assert citation.anchor.startswith(f"d{SERVICES[service].document_seq}-")  # its own regulation
        assert (
            f"«{SERVICES[service].title_kk}» мемлекеттік көрсетілетін қызмет регламентінің"
            in citation.text_kk
        )
        assert "№ 19 қаулысымен" in citation.text_kk and "№ 3350" in citation.text_kk
        assert citation.text_ru.startswith("В соответствии с п") and "№ 19" in citation.text_ru


def test_an_unknown_result_is_an_error():
    with pytest.raises(UnknownResult):
        citation_for("vet_certificate", "licence")


def test_the_attestation_sheet_cites_the_sub_point_of_its_decision():
    texts = {
        decision: citation_for("attestation", "attestation_sheet", decision=decision)
        for decision in ATTESTATION_DECISION_POINTS
    }
    assert texts["attested"].text_kk.endswith("регламентінің 3-тармағының 1) тармақшасына сәйкес")
    assert texts["not_attested"].text_ru.startswith("В соответствии с подпунктом 3) пункта 3 Регламента")
    assert citation_for("attestation", "attestation_sheet").anchor == "d5-p3"


def _nodes(act_003_path) -> dict[str, str]:
    """anchor -> the node's text with its children's (a point's sub-points and paragraphs)."""
    from portal.importer import parse_act

    act = parse_act(act_003_path)
    found: dict[str, str] = {}

    def text(node) -> str:
        return " ".join([node.text, *(text(child) for child in node.children)])

    stack = [point for doc in act.documents for division in doc.divisions for point in division.points]
    while stack:
        node = stack.pop()
        found.setdefault(node.anchor, text(node))
        stack.extend(node.children)
    return found


def test_every_cited_point_exists_in_the_imported_act_and_says_what_is_cited(act_003_path):
    nodes = _nodes(act_003_path)
    assert cited_anchors() - set(nodes) == set()
    for service, results in RESULT_POINTS.items():
        for result, anchor in results.items():
            said = nodes[anchor]
            if result in REFUSED_STATES:  # provides the refusal, or the standard that lists its grounds
                assert "бас тарт" in said or "стандарт" in said, (service, result, anchor)
            else:
                assert "қызметті көрсету нәтижесі" in said, (service, result, anchor)
    assert [nodes[a].strip() for a in ATTESTATION_DECISION_POINTS.values()] == [
        "аттестатталды;",
        "қайта аттестаттауға жатады;",
        "аттестатталған жоқ.",
    ]
