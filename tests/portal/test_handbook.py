"""The business-process handbook: the portal and office processes of act 003 as printed, their conditions
and refusal messages, and the two include templates that show them."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from catalogue import SERVICES
from portal.diagram import render_procedure_diagrams
from portal.handbook import handbook_context, handbook_for


def default_steps(service: str) -> list:
    return list(SERVICES[service].steps)


SERVICES_1_TO_5 = [
    "vet_sanitary_conclusion",
    "vet_certificate",
    "registration_number",
    "animal_identification",
    "attestation",
]


def _handbook(service):
    return handbook_for(service, steps=default_steps(service))


def _squash(text: str) -> str:
    latin = str.maketrans({"i": "і", "c": "с"})
    text = re.sub(
        r"\S+",
        lambda m: m.group(0).translate(latin) if re.search("[а-яәіңғүұқөһ]", m.group(0)) else m.group(0),
        text,
    )
    return re.sub(r"\s+", "", text).replace("қызметтебрушінің", "қызметберушінің")


@pytest.fixture(scope="module")
def act_003_text(act_003_path) -> str:
    return _squash(act_003_path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("service", SERVICES_1_TO_5)
def test_services_1_to_5_have_nine_processes_and_three_conditions_on_each_side(service):
    handbook = _handbook(service)
    for flow in (handbook.applicant_flow, handbook.provider_flow):
        assert [p.number for p in flow.processes] == list(range(1, 10))
        assert [c.number for c in flow.conditions] == [1, 2, 3]
    assert handbook.applicant_flow.items[0].kind == "registration"  # sub-point 1): registration on the portal
    assert len(handbook.applicant_flow.items) == 13 and len(handbook.provider_flow.items) == 12


def test_licence_has_its_own_flow_with_eleven_processes_four_conditions_and_payment():
    handbook = _handbook("licence")
    flow = handbook.applicant_flow
    assert handbook.provider_flow is None and handbook.requires_payment
    assert len(flow.items) == 16
    assert [p.number for p in flow.processes] == list(range(1, 12))
    assert [c.number for c in flow.conditions] == [1, 2, 3, 4]
    assert [(i.kind, i.number) for i in flow.items if i.payment] == [("process", 4), ("condition", 2)]
    assert "төлем шлюзінде қызметке ақы төлеу" in flow.processes[3].text
    assert {c.number: c.failure.number for c in flow.conditions} == {1: 2, 2: 5, 3: 7, 4: 10}
    assert "төлемнің болмауына байланысты" in flow.conditions[1].failure.text
    assert "біліктілік талаптарына" in flow.conditions[3].text


REFUSALS = {
    # side → condition → words of the refusal message it leads to (DOMAIN §2.3.1, §2.3.2)
    "applicant": {
        1: "порталда авторизациялаудан бас тарту туралы хабарламаны",
        2: "дұрыстығы расталмауына байланысты сұратылған қызметтен бас тарту туралы хабарламаны",
        3: "бұзушылықтардың болуына байланысты сұратылған қызметінен бас тарту туралы хабарламаны",
    },
    "provider": {
        1: "авторизациялаудан бас тарту туралы хабарламаны",
        2: "деректерді алу мүмкін еместігі туралы хабарламаны",
        3: "бұзушылықтардың болуына байланысты сұратқан қызметінен бас тарту туралы хабарламаны",
    },
}


@pytest.mark.parametrize("service", SERVICES_1_TO_5)
def test_every_condition_leads_to_its_refusal_message(service):
    handbook = _handbook(service)
    for flow in handbook.flows:
        for condition in flow.conditions:
            words = REFUSALS[flow.side][condition.number]
            if service == "attestation" and flow.side == "provider" and condition.number == 3:
                # regulation 5 prints the result in provider-side process 8, not a refusal
                assert not condition.failure.refusal
                assert "аттестаттау парағы" in condition.failure.text
                continue
            assert condition.failure.refusal
            assert words in condition.failure.text, (flow.side, condition.number)
            assert condition.failure.number == {1: 2, 2: 5, 3: 8}[condition.number]
        assert {m.number for m in flow.refusal_messages} <= {2, 5, 8}


def test_licence_refusal_messages():
    flow = _handbook("licence").applicant_flow
    messages = {m.number: m.text for m in flow.refusal_messages}
    assert sorted(messages) == [2, 5, 7, 10]
    assert "авторлаудан бас тарту туралы хабарламаны" in messages[2]
    assert "түпнұсқалығының расталмауына байланысты" in messages[7]
    assert "бұзушылықтарға байланысты сұратылатын қызметтен бас тарту" in messages[10]


@pytest.mark.parametrize(
    ("service", "applicant_words", "provider_words"),
    [
        (
            "vet_sanitary_conclusion",
            "қорытындыны алу күні мен уақыты туралы хабарлама",
            "арнайы бланкке басып",
        ),
        (
            "vet_certificate",
            "ветеринариялық-санитариялық қорытындыны алу",
            "ветеринариялық-санитариялық қорытындыны",
        ),
        ("registration_number", "ветеринариялық-санитариялық қорытындыны алу", "ветеринариялық-санитариялық"),
        (
            "animal_identification",
            "ақпараттық жүйелерде қалыптастырылған",
            "ақпараттық жүйелерде қалыптастырылған",
        ),
        ("attestation", '"жеке кабинетке" жібереді', "аттестаттау парағы электрондық нысанда ресімделеді"),
    ],
)
def test_process_9_differs_by_service(service, applicant_words, provider_words):
    handbook = _handbook(service)
    applicant_9 = handbook.applicant_flow.processes[8]
    provider_9 = handbook.provider_flow.processes[8]
    assert applicant_9.service_specific and provider_9.service_specific
    assert applicant_words in applicant_9.text and provider_words in provider_9.text


def _as_extracted(intro: str) -> list[str]:
    """The lead-in as the extraction left it: the appendix link moved behind «келтірілген:», whole or split
    at its hyphen (DOMAIN §5.3 rule A)."""
    pattern = r"(\d)-(қосымшасы(?:нда|на)) келтірілген:"
    return [intro, re.sub(pattern, r"келтірілген:\1-\2", intro), re.sub(pattern, r"\1-келтірілген:\2", intro)]


@pytest.mark.parametrize("service", list(SERVICES))
def test_flow_texts_are_the_acts_own_words(service, act_003_text):
    handbook = _handbook(service)
    for flow in handbook.flows:
        assert any(_squash(raw) in act_003_text for raw in _as_extracted(flow.intro)), flow.side
        for item in flow.items:
            assert _squash(item.text) in act_003_text, (flow.side, item.seq)


def test_service_4_portal_only_for_extracts(act_003_text):
    handbook = _handbook("animal_identification")
    assert handbook.portal_scope == "extracts_only"
    assert "үзінді-көшірме" in handbook.channels_text and _squash(handbook.channels_text) in act_003_text
    assert all(_handbook(s).portal_scope == "all" for s in SERVICES if s != "animal_identification")


def test_attestation_handbook_carries_the_waiting_periods():
    periods = dict(_handbook("attestation").waiting_periods)
    assert {k: p.months for k, p in periods.items()} == {"retest": 6, "reinterview": 1, "reattestation": 12}
    assert _handbook("licence").waiting_periods == ()


def test_unknown_service():
    with pytest.raises(ValueError):
        handbook_for("nope", steps=[])


@pytest.mark.django_db
def test_handbook_context_reads_the_live_procedure():
    context = handbook_context("vet_certificate")
    assert context["steps"] == default_steps("vet_certificate")
    assert list(context["handbook"].steps) == context["steps"]
    assert context["diagram_svg"].startswith("<svg") and context["diagram_svg"].count("<svg ") == 1


# -- templates -------------------------------------------------------------------------------------------


def _render(service: str, template: str = "portal/includes/handbook.html") -> BeautifulSoup:
    steps = default_steps(service)
    handbook = handbook_for(service, steps=steps)
    with translation.override("en"):
        html = render_to_string(
            template,
            {
                "steps": steps,
                "handbook": handbook,
                "service_code": service,
                "diagram_svg": render_procedure_diagrams(steps, title=handbook.title),
            },
        )
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize("service", list(SERVICES))
def test_procedure_table_is_an_accessible_grouped_table(service):
    soup = _render(service, "portal/includes/procedure_table.html")
    table = soup.find("table", class_="procedure-table")
    assert table.caption.get_text(strip=True)
    assert [th.get("scope") for th in table.thead.find_all("th")] == ["col"] * 4
    groups = table.find_all("tbody")
    expected = [sc for sc in SERVICES[service].subcases]
    assert len(groups) == len(expected)
    steps = default_steps(service)
    rows = [tr for tbody in groups for tr in tbody.find_all("tr") if tr.get("data-code")]
    assert len(rows) == len(steps)
    for tbody in groups:
        assert tbody.find("th", scope="rowgroup") is not None
    for row, step in zip(rows, [s for _sc, g in _grouped(steps) for s in g], strict=True):
        cells = row.find_all("td")
        assert cells[0].get_text(strip=True) == str(step.order)
        assert cells[1].find(lang="kk").get_text() == step.actor_label
        assert cells[2].find(lang="kk").get_text() == step.action
        assert cells[3].find(lang="kk").get_text() == step.limit_text


def _grouped(steps):
    from catalogue import group_by_subcase

    return group_by_subcase(steps)


def test_table_shows_the_policy_assumption_and_subcase_notes():
    soup = _render("animal_identification", "portal/includes/procedure_table.html")
    text = soup.get_text(" ")
    assert "policy assumption" in text
    row = soup.find("tr", attrs={"data-code": "prepare_copy"})
    assert "Same day" in row.get_text()


@pytest.mark.parametrize("service", list(SERVICES))
def test_handbook_template_lists_steps_diagram_and_processes(service):
    soup = _render(service)
    handbook = _handbook(service)
    section = soup.find("section", class_="handbook")
    assert section.find("table", class_="procedure-table") is not None
    assert section.find("svg", attrs={"role": "img", "lang": "kk"}) is not None
    flows = section.find_all("section", class_="handbook-flow")
    assert len(flows) == len(handbook.flows)
    for flow_html, flow in zip(flows, handbook.flows, strict=True):
        items = flow_html.find("ol").find_all("li", recursive=False)
        assert len(items) == len(flow.items)
        conditions = [li for li in items if "flow-condition" in li["class"]]
        assert len(conditions) == len(flow.conditions)
        for li, condition in zip(conditions, flow.conditions, strict=True):
            assert li.find("q", lang="kk").get_text() == condition.failure.text
    for kk in section.find_all(class_="flow-text"):
        assert kk.get("lang") == "kk"


def test_handbook_template_service_specific_notes():
    text = _render("animal_identification").get_text(" ")
    assert "only an extract from the veterinary passport" in text
    licence = _render("licence").get_text(" ")
    assert "11 processes, 4 conditions." in licence and "payment gateway" in licence
    attestation = _render("attestation")
    assert len(attestation.find("dl", class_="waiting-periods").find_all("dt")) == 3


def test_every_anchor_exists_in_the_imported_act(act_003_path):
    """Steps, waiting periods and portal sub-points link to nodes the importer really creates."""
    from catalogue.attestation import WAITING_PERIODS as ATTESTATION_WAITING_PERIODS
    from portal.importer import parse_act

    act = parse_act(act_003_path)
    anchors: set[str] = set()
    stack = [point for doc in act.documents for division in doc.divisions for point in division.points]
    while stack:
        node = stack.pop()
        anchors.add(node.anchor)
        stack.extend(node.children)
    used = {s.point_anchor for service in SERVICES for s in default_steps(service) if s.point_anchor}
    used |= {p.point_anchor for p in ATTESTATION_WAITING_PERIODS.values()}
    for service in SERVICES:
        for flow in _handbook(service).flows:
            used |= {flow.point_anchor} | {item.point_anchor for item in flow.items}
    assert used - anchors == set()
    assert len(used) > 100


def test_point_labels_of_anchors():
    from portal.templatetags.procedure_tags import point_label

    with translation.override("en"):
        assert point_label("d1-p5-s4") == "point 5, sub-point 4)"
        assert point_label("d1-p9-a1-s3") == "point 9, sub-point 3)"
        assert point_label("d3-p6") == "point 6"
        assert point_label("") == "" and point_label("d1-app3") == ""
