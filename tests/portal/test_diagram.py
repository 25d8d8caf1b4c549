"""The generated swimlane SVG: well-formed, accessible, one lane per actor, every limit shown, text escaped,
deterministic."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from catalogue import SERVICES
from portal.diagram import diagram_groups, render_procedure_diagrams, render_process_svg, wrap


def default_steps(service: str) -> list:
    return list(SERVICES[service].steps)


NS = {"svg": "http://www.w3.org/2000/svg"}
SERVICE_CODES = list(SERVICES)


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def _lines(text: ET.Element) -> str:
    return " ".join(span.text or "" for span in text.findall("svg:tspan", NS))


def _lane_labels(root: ET.Element) -> list[str]:
    lanes = root.findall("svg:g[@class='lane']", NS)
    return [" ".join(_lines(t) for t in g.findall("svg:text", NS)) for g in lanes]


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_svg_is_xml_with_accessible_name_and_description(service):
    steps = default_steps(service)
    svg = render_process_svg(steps, title=SERVICES[service].title_kk)
    root = _parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img" and root.get("lang") == "kk"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text == SERVICES[service].title_kk
    for step in steps:  # the description names every step's actor and limit in words
        assert step.limit_text in desc.text and step.actor_label in desc.text


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_one_lane_per_distinct_actor(service):
    steps = default_steps(service)
    root = _parse(render_process_svg(steps, title="t"))
    actors = list(dict.fromkeys(s.actor for s in steps))
    lanes = _lane_labels(root)
    assert len(lanes) == len(actors)
    first_label = {s.actor: s.actor_label for s in reversed(steps)}
    for lane, actor in zip(lanes, actors, strict=True):
        assert lane == " ".join(wrap(first_label[actor], 22))


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_every_step_is_a_box_showing_its_limit(service):
    steps = default_steps(service)
    root = _parse(render_process_svg(steps, title="t"))
    boxes = root.findall("svg:g[@class='step']", NS)
    assert [(b.get("data-subcase"), b.get("data-code")) for b in boxes] == [
        (s.subcase, s.code) for sub in _groups(steps) for s in sub
    ]
    for box in boxes:
        key = (box.get("data-subcase"), box.get("data-code"))
        step = next(s for s in steps if (s.subcase, s.code) == key)
        texts = box.findall("svg:text", NS)
        visible_limit = _lines(texts[-1])
        assert visible_limit == step.limit_text
        assert step.limit_text in box.find("svg:title", NS).text
        assert box.find("svg:rect", NS) is not None


def _groups(steps):
    from catalogue import group_by_subcase

    return [group for _subcase, group in group_by_subcase(steps)]


def test_arrows_join_consecutive_steps_and_the_refusal_branch():
    steps = default_steps("vet_sanitary_conclusion")  # 6 main steps + 1 refusal branch
    root = _parse(render_process_svg(steps, title="t"))
    lines = root.findall("svg:polyline", NS)
    solid = [p for p in lines if p.get("stroke-dasharray") is None]
    dashed = [p for p in lines if p.get("stroke-dasharray")]
    assert len(solid) == 5 and len(dashed) == 1
    assert all(p.get("marker-end", "").startswith("url(#") for p in lines)


def test_text_is_escaped():
    step = default_steps("vet_certificate")[0]
    evil = dataclasses.replace(
        step, actor_label="A & B <script>", action='x < y & "z"', limit_text="<15> & co"
    )
    svg = render_process_svg([evil], title="T & <U>")
    assert "<script>" not in svg and "<15>" not in svg and "<U>" not in svg
    root = _parse(svg)  # still well-formed
    assert root.find("svg:title", NS).text == "T & <U>"
    assert "A & B <script>" in _lane_labels(root)[0]
    box = root.find("svg:g[@class='step']", NS)
    assert "<15> & co" in _text_of(box)


def test_output_is_deterministic():
    steps = default_steps("licence")
    assert render_process_svg(steps, title="t") == render_process_svg(list(steps), title="t")
    assert render_procedure_diagrams(steps, title="t") == render_procedure_diagrams(steps, title="t")
    assert render_process_svg(steps, title="t") != render_process_svg(steps[:-1], title="t")


def test_no_external_assets_and_text_not_paths():
    svg = render_process_svg(default_steps("attestation"), title="t")
    assert "href" not in svg and "@font-face" not in svg and "<image" not in svg
    root = _parse(svg)
    # the only path is the arrowhead marker; all words are <text>
    assert len(root.findall(".//svg:path", NS)) == 1
    assert len(root.findall(".//svg:text", NS)) > 10


def test_service_diagrams_split_subcases_and_keep_ids_unique():
    steps = default_steps("registration_number")
    assert [[s.subcase for s in g][0] for g in diagram_groups(steps)] == ["", "reregistration"]
    assert {s.subcase for s in diagram_groups(steps)[0]} == {"", "incomplete"}
    html = render_procedure_diagrams(steps, title="t")
    svgs = [_parse(part) for part in html.split("\n<svg")[0:1]] + [
        _parse("<svg" + part) for part in html.split("\n<svg")[1:]
    ]
    assert len(svgs) == 2
    ids = [el.get("id") for svg in svgs for el in svg.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert [len(svg.findall("svg:g[@class='step']", NS)) for svg in svgs] == [7, 6]


def test_licence_gets_one_diagram_per_subcase():
    html = render_procedure_diagrams(default_steps("licence"), title="L")
    assert html.count("<svg ") == 3
    assert html.count("<title id=") == 3


def test_empty_steps_are_refused():
    with pytest.raises(ValueError):
        render_process_svg([], title="t")


def test_wrap_breaks_long_words_after_hyphens():
    lines = wrap("ветеринариялық-санитариялық қорытынды", 20)
    assert lines == ["ветеринариялық-", "санитариялық", "қорытынды"]
