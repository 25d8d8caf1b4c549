"""The parsed shape of the two acts: counts and line ranges of DOMAIN §5.2, anchors, metadata."""

from __future__ import annotations

import pytest

from portal.importer import parse_act

from .importer_support import by_anchor, walk


@pytest.fixture(scope="module")
def act_000(act_000_path):
    return parse_act(act_000_path)


@pytest.fixture(scope="module")
def act_003(act_003_path):
    return parse_act(act_003_path)


def _numbers(nodes):
    return [node.number for node in nodes]


def _range(first, last):
    return [str(n) for n in range(first, last + 1)]


def test_000_has_four_order_points_and_one_rules_document(act_000):
    assert _numbers(act_000.points) == ["1", "2", "3", "4"]
    assert _numbers(act_000.points[1].children) == ["1", "2"]
    assert [doc.kind for doc in act_000.documents] == ["rules"]
    assert act_000.draft is False


def test_000_rules_have_22_points_in_three_chapters(act_000):
    rules = act_000.documents[0]
    assert [division.number for division in rules.divisions] == ["1", "2", "3"]
    assert [_numbers(division.points) for division in rules.divisions] == [
        _range(1, 4),
        _range(5, 13),
        _range(14, 22),
    ]
    assert sum(len(division.points) for division in rules.divisions) == 22
    definitions = rules.divisions[0].points[1]
    assert _numbers(definitions.children) == ["1", "2", "3", "4"]
    assert rules.divisions[2].title.text.startswith("3-тарау. Мемлекеттік ветеринариялық-санитариялық")


def test_003_has_five_resolution_points_and_six_regulations(act_003):
    assert _numbers(act_003.points) == _range(1, 5)
    assert _numbers(act_003.points[0].children) == _range(1, 6)
    assert _numbers(act_003.points[1].children) == _range(1, 4)
    assert [doc.kind for doc in act_003.documents] == ["regulation"] * 6


REGULATION_POINTS = {
    1: _range(1, 10),
    2: _range(1, 10),
    3: ["1", "2", "3", "4", "5", "6", "7", "7", "8", "9", "10"],
    4: _range(1, 10),
    5: _range(1, 10),
    6: ["1", "2", "3", "4", "5", "6", "6", "7", "8", "9", "10"],
}


@pytest.mark.parametrize("seq", sorted(REGULATION_POINTS))
def test_003_regulation_point_sequences_keep_duplicate_numbers(act_003, seq):
    doc = act_003.documents[seq - 1]
    assert len(doc.divisions) == 4
    assert [p.number for division in doc.divisions for p in division.points] == REGULATION_POINTS[seq]


def test_003_duplicate_numbers_get_distinct_anchors(act_003):
    nodes = by_anchor(act_003)
    assert (nodes["d3-p7"].lines[0], nodes["d3-p7-2"].lines[0]) == (753, 780)
    assert (nodes["d6-p6"].lines[0], nodes["d6-p6-2"].lines[0]) == (1659, 1697)
    assert nodes["d3-p7"].number == nodes["d3-p7-2"].number == "7"
    assert nodes["d3-p7-2-s3"].text == "бөлімнің жауапты орындаушысы."
    assert "d3-p7-3" not in nodes


def test_003_appendices_per_regulation(act_003):
    states = [
        [(a.number, a.stamp is not None, a.title is not None, a.missing_in_source) for a in doc.appendices]
        for doc in act_003.documents
    ]
    present = [(str(n), True, True, False) for n in (1, 2, 3)]
    assert states[:3] == [present] * 3
    assert states[3] == [("1", True, False, True), ("2", False, False, True), ("3", False, False, True)]
    assert states[4] == present
    assert states[5] == [*present, ("4", True, True, False)]
    assert [a.anchor for a in act_003.documents[3].appendices] == ["d4-app1", "d4-app2", "d4-app3"]


def test_003_lost_graphics_keep_the_legend(act_003):
    appendices = [a for doc in act_003.documents for a in doc.appendices if not a.missing_in_source]
    assert len(appendices) == 16  # 3 + 3 + 3 + 3 + 4; regulation 4 kept only a stamp
    assert all(a.graphics_missing for a in appendices)
    legends = [node for a in appendices for node in a.body if node.kind == "legend"]
    assert len(legends) == 13
    assert {node.text for node in legends} == {"Шартты белгілер:"}
    assert [len(a.body) for a in act_003.documents[5].appendices] == [1, 0, 0, 0]


def test_003_regulation_4_appendix_1_keeps_its_stamp_only(act_003):
    lost = act_003.documents[3].appendices[0]
    assert lost.stamp.lines == (1247, 1254)
    assert lost.stamp.text.endswith("мемлекеттік көрсетілетін қызмет регламетіне 1-қосымша")
    assert lost.title is None and lost.body == []
    assert any(repair.rule == "I" for repair in lost.stamp.repairs)
    regulation_5 = act_003.documents[4]
    assert regulation_5.stamp.text == "№20 қаулысымен бекітілген"
    assert regulation_5.stamp.lines == (1255, 1255)


JOURNAL_COLUMNS = [
    "Р/с №",
    "Бейнетіркегіштің (жад картасының) түгендеу нөмірі",
    "Мемлекеттік ветеринариялық-санитариялық инспектордың аты, әкесінің аты (бар болса), тегі",
    "Алған күні мен уақыты, қолы",
    "Тапсырған күні мен уақыты, қолы",
    "Ақпаратты жүктеп алған күні мен уақыты",
    "Жауапты адамның аты, әкесінің аты (бар болса), тегі және қолы",
    "Ескертпе",
]


def test_000_journal_form_has_the_eight_known_columns(act_000):
    form = act_000.documents[0].appendices[0]
    assert (form.number, form.form_label, form.graphics_missing) == ("", "Нысан", False)
    assert [column.number for column in form.columns] == list(range(1, 9))
    assert [column.heading for column in form.columns] == JOURNAL_COLUMNS
    assert [column.cell.text for column in form.columns] == JOURNAL_COLUMNS
    assert form.columns[0].cell.lines == (239, 241)
    assert form.columns[7].cell.lines == (277, 277)
    assert form.column_numbers.text == "1 2 3 4 5 6 7 8"
    assert form.title.text == (
        "Бейнетіркегішті (жад картасын) беруді, өткізуді және фото және "
        "бейнежазбаларды түсіруді есепке алу журналы"
    )
    assert [node.text for node in form.body if node.kind == "heading"] == [
        "Мұқабаның беткі жағы",
        "Мұқабаның ішкі жағы",
    ]


# DOMAIN §5.2: (anchor, first line, last line).
OUTLINE_000 = [
    ("title", 2, 4),
    ("header", 6, 8),
    ("preamble", 9, 11),
    ("p1", 12, 14),
    ("p2", 15, 17),
    ("p2-s2", 20, 22),
    ("p4", 25, 26),
    ("signature", 27, 28),
    ("d1-stamp", 32, 39),
    ("d1-title", 41, 42),
    ("d1-ch1-title", 44, 44),
    ("d1-p1", 46, 55),
    ("d1-p4", 81, 83),
    ("d1-ch2-title", 85, 85),
    ("d1-p5", 87, 97),
    ("d1-p13", 140, 143),
    ("d1-ch3-title", 145, 146),
    ("d1-p14", 148, 149),
    ("d1-p22-a1", 209, 210),
    ("d1-app1-stamp", 214, 227),
    ("d1-app1-form", 228, 228),
    ("d1-app1-b1", 229, 229),
    ("d1-app1-b3", 236, 236),
    ("d1-app1-b4", 237, 237),
    ("d1-app1-colnums", 279, 279),
]
OUTLINE_003 = [
    ("title", 2, 3),
    ("status", 5, 5),
    ("header", 6, 9),
    ("n1", 10, 12),
    ("n2", 13, 15),
    ("preamble", 16, 20),
    ("p1", 21, 21),
    ("p1-s6", 37, 38),
    ("p5", 59, 61),
    ("signature", 62, 62),
    ("d1-stamp", 65, 68),
    ("d1-title", 70, 72),
    ("d1-ch1-title", 74, 74),
    ("d1-ch2-title", 114, 116),
    ("d1-ch3-title", 170, 172),
    ("d1-ch4-title", 209, 211),
    ("d1-app1-stamp", 321, 329),
    ("d1-app2-stamp", 342, 350),
    ("d1-app3-stamp", 364, 372),
    ("d2-stamp", 387, 390),
    ("d2-title", 392, 393),
    ("d2-ch1-title", 394, 394),
    ("d2-ch2-title", 422, 424),
    ("d2-ch3-title", 456, 458),
    ("d2-ch4-title", 485, 487),
    ("d2-app1-stamp", 600, 604),
    ("d2-app2-stamp", 616, 620),
    ("d2-app3-stamp", 631, 634),
    ("d3-stamp", 644, 647),
    ("d3-title", 649, 653),
    ("d3-ch1-title", 655, 655),
    ("d3-ch2-title", 696, 698),
    ("d3-ch3-title", 776, 778),
    ("d3-ch4-title", 817, 819),
    ("d3-app1-stamp", 932, 949),
    ("d3-app2-stamp", 964, 979),
    ("d3-app3-stamp", 995, 1010),
    ("d4-stamp", 1027, 1030),
    ("d4-title", 1032, 1034),
    ("d4-ch1-title", 1035, 1035),
    ("d4-ch2-title", 1068, 1070),
    ("d4-ch3-title", 1105, 1107),
    ("d4-ch4-title", 1132, 1134),
    ("d4-app1-stamp", 1247, 1254),
    ("d5-stamp", 1255, 1255),
    ("d5-title", 1259, 1261),
    ("d5-ch1-title", 1262, 1262),
    ("d5-ch2-title", 1298, 1300),
    ("d5-ch3-title", 1346, 1348),
    ("d5-ch4-title", 1374, 1376),
    ("d5-app1-stamp", 1492, 1501),
    ("d5-app2-stamp", 1513, 1522),
    ("d5-app3-stamp", 1535, 1543),
    ("d6-stamp", 1554, 1557),
    ("d6-title", 1559, 1560),
    ("d6-ch1-title", 1562, 1562),
    ("d6-ch2-title", 1599, 1601),
    ("d6-ch3-title", 1691, 1693),
    ("d6-ch4-title", 1751, 1753),
    ("d6-app1-stamp", 1833, 1840),
    ("d6-app2-stamp", 1855, 1862),
    ("d6-app3-stamp", 1873, 1880),
    ("d6-app4-stamp", 1891, 1898),
    ("d6-app4-title", 1900, 1903),
]


@pytest.mark.parametrize(("anchor", "first", "last"), OUTLINE_000)
def test_000_outline_line_ranges(act_000, anchor, first, last):
    assert by_anchor(act_000)[anchor].lines == (first, last)


@pytest.mark.parametrize(("anchor", "first", "last"), OUTLINE_003)
def test_003_outline_line_ranges(act_003, anchor, first, last):
    assert by_anchor(act_003)[anchor].lines == (first, last)


def test_operative_points_span_the_outline(act_000, act_003):
    spans = []
    for act in (act_000, act_003):
        lines = [line for node in walk(act.points) for line in node.lines]
        spans.append((min(lines), max(lines)))
    assert spans == [(12, 26), (21, 61)]


def test_003_nested_list_restarts_under_its_sub_point(act_003):
    nodes = by_anchor(act_003)
    provider_side = nodes["d5-p9-a1"]
    assert provider_side.kind == "paragraph"
    assert provider_side.text.endswith("осы регламенттің 2-қосымшасында келтірілген:")
    assert _numbers(provider_side.children) == _range(1, 12)
    nested = nodes["d5-p9-a1-s11"]
    assert [(child.anchor, child.lines) for child in nested.children] == [
        ("d5-p9-a1-s11-s1", (1473, 1473)),
        ("d5-p9-a1-s11-s2", (1474, 1474)),
        ("d5-p9-a1-s11-s3", (1475, 1475)),
    ]
    assert nodes["d5-p9-a1-s11-s2"].text == "қайта аттестаттауға жатады;"
    assert nodes["d5-p9-a1-s12"].lines[0] == 1476
    assert _numbers(nodes["d5-p9"].children[:13]) == _range(1, 13)  # the applicant side


def test_003_inline_sub_point_is_split_out_of_its_paragraph(act_003):
    nodes = by_anchor(act_003)
    paragraph, first, second = nodes["d3-p6-a1"], nodes["d3-p6-s1"], nodes["d3-p6-s2"]
    assert paragraph.lines == (737, 745) and first.lines == (745, 749) and second.lines == (750, 752)
    assert paragraph.text.endswith("Көрсетілетін қызметті алушы барлық қажетті құжаттарды тапсырған кезде:")
    assert first.text.startswith("көрсетілетін қызметті берушіге – қағаз жеткізгіштегі өтініштің")
    assert first.raw.startswith("1) көрсетілетін")
    assert [child.anchor for child in nodes["d3-p6"].children] == ["d3-p6-a1", "d3-p6-s1", "d3-p6-s2"]


def test_unnumbered_paragraphs_go_to_the_sub_point_they_continue(act_003):
    nodes = by_anchor(act_003)
    assert [child.lines for child in nodes["d1-p5-s4"].children] == [
        (138, 139),
        (140, 140),
        (141, 141),
        (142, 143),
        (144, 145),
        (146, 147),
        (148, 149),
    ]
    assert nodes["d4-p5-s2"].children[0].lines == (1088, 1091)  # sandwiched between 2) and 3)
    assert nodes["d1-p2-a1"].lines == (94, 95)  # after the closed list: the point's own paragraph
    assert len(nodes["d6-p5-s3"].children) == 5  # «…берген кезде:» introduces its paragraphs
    assert nodes["d1-p9-a1"].lines == (266, 268)


def test_metadata_000(act_000):
    meta = act_000.metadata
    assert (meta.code, meta.act_type, meta.date, meta.number) == ("000", "order", "2021-04-14", "121")
    assert meta.issuing_body == "Қазақстан Республикасы Ауыл шаруашылығы министрі"
    assert meta.registering_body == "Қазақстан Республикасының Әділет министрлігі"
    assert (meta.registration_date, meta.registration_number) == ("2021-04-20", "22567")
    assert (meta.status, meta.repealed_by, meta.repealed_date, meta.stamp_number) == ("in_force", "", "", "")
    assert act_000.status_badge is None


def test_metadata_003(act_003):
    meta = act_003.metadata
    assert (meta.code, meta.act_type, meta.date, meta.number) == ("003", "resolution", "2017-02-20", "19")
    assert meta.issuing_body == "Жамбыл облысы әкімдігі"
    assert meta.registering_body == "Жамбыл облысы Әділет департаменті"
    assert (meta.registration_date, meta.registration_number) == ("2017-03-15", "3350")
    assert meta.status == "repealed"
    assert meta.repealed_by == "Жамбыл облысы әкімдігінің 2018 жылғы 28 ақпандағы № 24 қаулысы"
    assert meta.repealed_date == "2018-02-28"
    assert meta.stamp_number == "20"
    assert act_003.status_badge.text == "Күшін жойған"
    assert act_003.source_sha256 == "7d29b36a6f6d5e8761f2811ea3fc72cfd5672fd1159dbe6d447673594c26cd83"


def test_act_parts_003(act_003):
    assert [note.anchor for note in act_003.notes] == ["n1", "n2"]
    assert act_003.notes[1].text == (
        "РҚАО-ның ескертпесі.\nҚұжаттың мәтінінде түпнұсқаның пунктуациясы мен орфографиясы сақталған."
    )
    assert act_003.preamble.text.endswith("Жамбыл облысының әкімдігі ҚАУЛЫ ЕТЕДІ:")
    assert act_003.signature.text == "Облыс әкімі К. Көкрекбаев"
    assert act_003.header.text == (
        "Жамбыл облысы әкімдігінің 2017 жылғы 20 ақпандағы № 19 қаулысы. Жамбыл облысы Әділет "
        "департаментінде 2017 жылғы 15 наурызда № 3350 болып тіркелді. Күші жойылды - Жамбыл облысы "
        "әкімдігінің 2018 жылғы 28 ақпандағы № 24 қаулысымен"
    )


def test_point_text_leaves_the_printed_marker_to_number(act_000, act_003):
    nodes = by_anchor(act_003)
    assert nodes["d6-p8-s6"].number == "6"
    assert nodes["d6-p8-s6"].raw.startswith("      6 ) 4 – үдеріс")  # the irregular marker of L1780
    assert nodes["d6-p8-s6"].text.startswith("4 – үдеріс – ")
    assert by_anchor(act_000)["d1-p10"].text.startswith("Есепке алу журналы аумақтық бөлімшенің кеңсесінде")
