"""Repairs of DOMAIN §5.3: every displaced-anchor case, examples of rules B–K, the original's typos kept."""

from __future__ import annotations

import re

import pytest

from portal.importer import parse_act

from .importer_support import all_nodes, by_anchor, covering


@pytest.fixture(scope="module")
def acts(act_000_path, act_003_path):
    return {"000": parse_act(act_000_path), "003": parse_act(act_003_path)}


# DOMAIN §5.3 A, one row per case: (act, first line, last line, raw text on a source line, repaired reading).
DISPLACED = [
    ("000", 9, 11, "БҰЙЫРАМЫН:тармақшасына", "8-бабы 46-31) тармақшасына сәйкес БҰЙЫРАМЫН:"),
    ("000", 14, 14, "пайдалану  бекітілсін.қағидалары", "пайдалану қағидалары бекітілсін."),
    (
        "000",
        51,
        52,
        "8-бабы  сәйкес әзірленді және 46-31) тармақшасына",
        "Заңының 8-бабы 46-31) тармақшасына сәйкес әзірленді және",
    ),
    (
        "000",
        107,
        109,
        "тізілімінде № бұйрығына",
        "№ 393 бұйрығына (Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № 6443 болып "
        "тіркелген)",
    ),
    (
        "000",
        202,
        204,
        "ғана3-тармағында",
        "Қағидалардың 3-тармағында көрсетілген қызметтік мақсаттарда ғана жүзеге",
    ),
    (
        "003",
        17,
        20,
        "сәуірдегі  сәйкес Жамбыл облысының әкімдігі Заңына ҚАУЛЫ",
        'Заңына, "Мемлекеттік көрсетілетін қызметтер туралы" Қазақстан Республикасының 2013 жылғы 15 сәуірдегі '
        "Заңына сәйкес Жамбыл облысының әкімдігі ҚАУЛЫ ЕТЕДІ:",
    ),
    ("003", 24, 24, "қызмет ;регламенті", "көрсетілетін қызмет регламенті;"),
    ("003", 32, 32, "қызмет ;регламенті", "көрсетілетін қызмет регламенті;"),
    ("003", 34, 34, "қызмет ;регламенті", "көрсетілетін қызмет регламенті;"),
    ("003", 36, 36, "қызмет ;регламенті", "көрсетілетін қызмет регламенті;"),
    (
        "003",
        25,
        27,
        ";регламенті",
        '"Ветеринариялық анықтама беру" мемлекеттік көрсетілетін қызмет регламенті;',
    ),
    ("003", 38, 38, "қызмет  бекітілсін.регламенті", "қызмет регламенті бекітілсін."),
    (
        "003",
        53,
        56,
        "тамыздағы  қаулысының",
        "17 тамыздағы № 208 қаулысының (Нормативтік құқықтық актілердің мемлекеттік тіркеу тізілімінде "
        '№ 2779 болып тіркелген, 2015 жылдың 24 қазанында "Ақ жол" газетінде',
    ),
    (
        "003",
        80,
        82,
        "актілердің № 7-1/418",
        "6 мамырдағы № 7-1/418 бұйрығымен (Нормативтік құқықтық актілердің мемлекеттік тіркеу",
    ),
    (
        "003",
        399,
        401,
        "тіркеу /418",
        "№ 7-1/418 бұйрығымен (Нормативтік құқықтық актілердің мемлекеттік тіркеу тізілімінде № 11959",
    ),
    (
        "003",
        663,
        665,
        "тіркеу /418",
        "№ 7-1/418 бұйрығымен (Нормативтік құқықтық актілердің мемлекеттік тіркеу тізілімінде №11959",
    ),
    ("003", 1044, 1044, "мамырдағы  № 7-1/418", "6 мамырдағы № 7-1/418 бұйрығымен"),
    ("003", 1268, 1268, "мамырдағы  № 7-1/418", "6 мамырдағы № 7-1/418 бұйрығымен"),
    (
        "003",
        1568,
        1570,
        "көрсетілетін № 7-1/418",
        '6 мамырдағы № 7-1/418 "Ветеринария саласындағы мемлекеттік көрсетілетін қызметтер стандарттарын',
    ),
    ("003", 215, 215, "келтірілген:1-қосымшасында", "осы регламенттің 1-қосымшасында келтірілген:"),
    ("003", 491, 491, "келтірілген:1-қосымшасында", "осы регламенттің 1-қосымшасында келтірілген:"),
    ("003", 823, 823, "келтірілген:1-қосымшасында", "осы регламенттің 1-қосымшасында келтірілген:"),
    ("003", 1138, 1138, "келтірілген:1-қосымшасында", "осы регламенттің 1-қосымшасында келтірілген:"),
    ("003", 1382, 1382, "келтірілген:1-қосымшасына", "осы регламенттің 1-қосымшасына келтірілген:"),
    ("003", 875, 875, "келтірілген:2-қосымшасында", "осы регламенттің 2-қосымшасында келтірілген:"),
    ("003", 1191, 1191, "келтірілген:2-қосымшасында", "осы регламенттің 2-қосымшасында келтірілген:"),
    ("003", 266, 268, "келтірілген:қосымшасында", "осы регламенттің 2-қосымшасында келтірілген:"),
    ("003", 545, 546, "келтірілген:қосымшасында", "осы регламенттің 2-қосымшасында келтірілген:"),
    ("003", 1435, 1437, "келтірілген:қосымшасында", "осы регламенттің 2-қосымшасында келтірілген:"),
    (
        "003",
        313,
        314,
        "көрсетудің 3-қосымшасында",
        "регламенттің 3-қосымшасында сәйкес мемлекеттік қызмет көрсетудің бизнес-процестерінің анықтамалығында",
    ),
    (
        "003",
        592,
        593,
        "көрсетудің 3-қосымшасында",
        "регламенттің 3-қосымшасында сәйкес мемлекеттік қызмет көрсетудің бизнес-процестерінің анықтамалығында",
    ),
    (
        "003",
        1484,
        1485,
        "көрсетудің 3-қосымшасына",
        "регламенттің 3-қосымшасына сәйкес мемлекеттік қызмет көрсетудің бизнес-процестерінің анықтамалығында",
    ),
    (
        "003",
        922,
        925,
        "бизнес-процестерінің қосымшасына",
        "регламенттің 3-қосымшасына сәйкес мемлекеттік қызмет көрсетудің бизнес-процестерінің анықтамалығында",
    ),
    (
        "003",
        1237,
        1240,
        "бизнес-процестерінің қосымшасына",
        "регламенттің 3-қосымшасына сәйкес мемлекеттік қызмет көрсетудің бизнес-процестерінің анықтамалығында",
    ),
    ("003", 1816, 1817, "ұсынылады.1 - қосымшасында", "осы регламенттің 1 - қосымшасында ұсынылады."),
    (
        "003",
        1823,
        1825,
        "кезінде2",
        "осы регламенттің 2 (лицензия беру кезінде), 3 (лицензияны қайта рәсімдеу кезінде және лицензияның "
        "телнұсқасын беру кезінде) және 4 - қосымшаларына сәйкес мемлекеттік қызмет көрсетудің",
    ),
    ("003", 10, 10, "28.02.2018  № 24", "әкімдігінің 28.02.2018 № 24 қаулысымен"),
]


@pytest.mark.parametrize(("act", "first", "last", "raw", "repaired"), DISPLACED)
def test_displaced_anchor_is_moved_back(acts, act, first, last, raw, repaired):
    nodes = covering(acts[act], first, last)
    assert len(nodes) == 1, [node.anchor for node in nodes]
    node = nodes[0]
    assert raw in node.raw  # the source text is kept for audit …
    assert repaired in node.text  # … and the published text has the anchor back in its gap
    assert raw not in node.text
    assert any(repair.rule == "A" and not repair.needs_review for repair in node.repairs)


def test_spaced_out_letters_are_closed_up(acts):
    notes = acts["003"].notes
    assert notes[0].text.endswith("күнтізбелік он күн өткен соң қолданысқа енгізіледі).")
    assert notes[1].text.startswith("РҚАО-ның ескертпесі.")
    assert any(repair.rule == "F" for repair in notes[1].repairs)
    columns = acts["000"].documents[0].appendices[0].columns
    assert columns[1].cell.text.startswith("Бейнетіркегіштің (жад картасының)")
    assert columns[2].cell.text.startswith("Мемлекеттік ветеринариялық-санитариялық")
    assert columns[3].cell.text == "Алған күні мен уақыты, қолы"


def test_spaced_letter_guards_keep_digits_markers_and_initials(acts):
    form = acts["000"].documents[0].appendices[0]
    assert form.column_numbers.text == "1 2 3 4 5 6 7 8"
    assert form.column_numbers.repairs == []
    assert acts["003"].signature.text == "Облыс әкімі К. Көкрекбаев"
    assert by_anchor(acts["003"])["d6-p8-s6"].text.startswith("4 – үдеріс")
    assert "5 (бес) жылды" in by_anchor(acts["000"])["d1-p12"].text


def test_punctuation_and_brackets_wrapped_to_the_next_line(acts):
    nodes = by_anchor(acts["003"])
    assert "болып тіркелді. Күші жойылды" in acts["003"].header.text  # L8 «. Күші»
    assert 'Заңына, "Мемлекеттік' in acts["003"].preamble.text  # L18 «, "Мемлекеттік»
    assert nodes["d1-p5-s4-a7"].text.endswith("минуттан аспайды.")  # L149 a lone «.»
    assert 'анықтама беру" мемлекеттік көрсетілетін қызмет стандартына' in nodes["d2-p1"].text  # L403 «" …»
    assert '"Жеке тұлғалар" немесе "Заңды тұлғалар"' in nodes["d1-p9-a1-s5"].text  # L284: an opening quote
    assert "5 (бес) жылды құрайды" in by_anchor(acts["000"])["d1-p12"].text  # L138 «(»
    assert "өткізілетін (тасымалданатын) объектілерге" in by_anchor(acts["000"])["d1-p2-s2"].text


@pytest.mark.parametrize("anchor", ["d1-p9-s10", "d2-p9-s10", "d3-p9-s10", "d4-p9-s10", "d5-p9-s10"])
def test_opening_quote_at_line_end(acts, anchor):
    text = by_anchor(acts["003"])[anchor].text
    assert 'жүйесі "e-Agriculture" порталына' in text


def test_opening_quote_after_the_originals_unbalanced_quote(acts):
    text = by_anchor(acts["003"])["d6-p8-s13"].text  # L1802 lacks a closing quote; L1803 ends with «"»
    assert "базасының ақпараттық жүйесінде" in text
    assert 'және "Е-лицензиялау" мемлекеттік деректеме базасы' in text
    assert '"Е-лицензиялау мемлекеттік деректеме базасының' in text  # the original's typo is kept


def test_hyphen_joins(acts):
    stamp = by_anchor(acts["003"])["d1-app1-stamp"]
    assert stamp.text == (
        '"Мемлекеттік ветеринариялық-санитариялық бақылау және қадағалау объектілеріне '
        'ветеринариялық-санитариялық қорытынды беру" мемлекеттік көрсетілетін қызмет '
        "регламетіне 1-қосымша"
    )
    assert any(repair.rule == "D" for repair in stamp.repairs)
    nodes = by_anchor(acts["003"])
    assert "(бұдан әрі - қызметті беруші) көрсетеді." in nodes["d3-p1"].text  # L668 a spaced dash
    assert "(бұдан әрі - мемлекеттік көрсетілетін қызмет)" in nodes["d4-p1"].text  # L1038, over a page break


def test_page_breaks_are_removed(acts):
    point = by_anchor(acts["000"])["d1-p1"]
    assert "техникалық құралдарды пайдалану қағидалары (бұдан әрі – Қағидалар)" in point.text  # L47–51
    assert any(r.rule == "E" and r.detail.startswith("L48–50: page break") for r in point.repairs)
    paragraph = by_anchor(acts["003"])["d6-p5-s1-a1"]
    assert "берген сәттен бастап 30 (отыз) минут ішінде" in paragraph.text  # L1612–1616


def test_homoglyphs_are_gone_from_cyrillic_words_only(acts):
    for act in acts.values():
        for node in all_nodes(act):
            for token in node.text.split():
                if re.search("[\u0400-\u04ff]", token):
                    assert not re.search("[A-Za-z]", token), (node.anchor, token)
    nodes = by_anchor(acts["003"])
    assert "мемлекеттік тіркелген күннен бастап күшіне енеді" in nodes["p5"].text
    # L365 wrote «санитариялық» with a Latin «c».
    assert nodes["d1-app3-stamp"].text.startswith('"Мемлекеттік ветеринариялық-санитариялық бақылау')
    assert '"e-Agriculture"' in nodes["d1-p9-s10"].text  # Latin «e» of a Latin word stays
    assert "(http://zhambyl.gov.kz)" in nodes["d1-p10-a1"].text
    assert "www.egov.kz, www.elicense.kz" in nodes["d1-p2-s2"].text
    assert "күнтізбелік он күн" in by_anchor(acts["000"])["p4"].text
    assert any(repair.rule == "J" for repair in by_anchor(acts["000"])["p4"].repairs)


def test_glued_words_are_split(acts):
    nodes = by_anchor(acts["003"])
    stamp = nodes["d3-app3-stamp"].text
    for words in (
        "дайындауды (союды)",
        "жүзеге асыратын",
        "ветеринариялық препараттарды",
        "жемазық қоспаларын",
    ):
        assert words in stamp
    assert nodes["d6-app4-stamp"].text.startswith("Жамбыл облысы әкімдігінің қаулысымен бекітілген")
    assert "жүйесін авторизациялаудан бас тарту" in nodes["d2-p9-a1-s3"].text
    assert "порталда қызмет берушінің уәкілетті тұлғаның" in nodes["d5-p9-s13"].text
    assert any(repair.rule == "H" for repair in nodes["d5-p9-s13"].repairs)


def test_stamp_blocks_are_joined(acts):
    nodes = by_anchor(acts["003"])
    assert nodes["d1-stamp"].text == (
        'Жамбыл облысы әкімдігінің 2017 жылғы "20" ақпанындағы №20 қаулысымен бекітілген'
    )
    assert nodes["d1-stamp"].repairs[0].rule == "H"
    assert by_anchor(acts["000"])["d1-stamp"].text == (
        "Қазақстан Республикасының Ауыл шаруашылығы министрінің 2021 жылғы 14 сәуірдегі № 121 бұйрығымен "
        "бекітілген"
    )


def test_whitespace_is_normalised(acts):
    for act in acts.values():
        for node in all_nodes(act):
            assert "  " not in node.text, node.anchor
            assert node.text == node.text.strip(), node.anchor


def test_table_cell_split_after_a_slash(acts):
    first = acts["000"].documents[0].appendices[0].columns[0]
    assert first.cell.raw == "Р/\nс \n№"
    assert first.cell.text == "Р/с №"


TYPOS = [  # DOMAIN §5.3 L: the original's spelling is kept (RCLI note), with the counts of the source
    ("регламетіне", 12),
    ("мемлекттік", 4),
    ("диограммасы", 1),
    ("атестаттау", 4),
    ("Атестаттау", 2),
    ("кейі қайта", 1),
    ("цифлық", 1),
    ("бірынғай", 22),
    ("бірыңғай", 14),
    ("іс – қимыл", 3),
    ("іс - қимыл", 2),
    ("1(бір)", 3),
    ("веб-порталына)", 1),
    ('"Е-лицензиялау мемлекеттік', 1),
    ("ресімдеу", 7),
    ("рәсімдеу", 5),
]


@pytest.mark.parametrize(("word", "count"), TYPOS)
def test_original_spelling_is_kept(acts, word, count):
    text = "\n".join(node.text for node in all_nodes(acts["003"]))
    assert text.count(word) == count


def test_original_spelling_is_kept_in_000(acts):
    assert "(бұдан әрі – бейнетіркегіш) –фото және" in by_anchor(acts["000"])["d1-p2-s4"].text
