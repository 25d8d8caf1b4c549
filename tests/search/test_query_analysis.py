"""How a query box becomes a search (search.analysis.citations, .translit, .synonyms, .expand and
search.query.parse_text): the expected tokens are written by hand from the acts' conventions."""

from __future__ import annotations

import pytest

from search.analysis.citations import citation_tokens, citations
from search.analysis.expand import FUZZY, Alternative, groups, max_edits, minimum_should_match
from search.analysis.synonyms import expansions, russian_stem, table
from search.analysis.translit import is_latin, to_cyrillic
from search.query import parse_text


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("12-тармақ", ["pt12"]),
        ("12 тармақ", ["pt12"]),
        ("12-тармағына сәйкес", ["pt12"]),
        ("п. 12", ["pt12"]),
        ("п.12", ["pt12"]),
        ("пункт 7", ["pt7"]),
        ("19 және 20-тармақтар", ["pt19", "pt20"]),
        ("№ 24", ["no24"]),
        ("№24", ["no24"]),
        ("19/20", ["no19", "no20"]),
        ("20.02.2017", ["d20170220"]),
        ("2017 жылғы 20 ақпандағы № 19 қаулысы", ["d20170220", "no19"]),
        ("2015 жылдың 24 қазанында", ["d20151024"]),
        ("20 февраля 2017", ["d20170220"]),
        ("1 мая 2020", ["d20200501"]),
        ("31.02.2017", []),  # not a date
        ("лицензия беру", []),
    ],
)
def test_citations_as_people_type_them(text, tokens):
    assert [c.token for c in citations(text)] == tokens


def test_the_text_of_an_act_cites_dates_and_numbers_but_not_its_own_points():
    text = "Осы Қағидалардың 12-тармағына сәйкес, 2021 жылғы 14 сәуірдегі № 121 бұйрығымен"
    assert citation_tokens(text) == ["d20210414", "no121"]


def test_a_citation_takes_its_words_out_of_the_free_words():
    parsed = parse_text("лицензия 12-тармақ")
    assert parsed["refs"] == [["pt12"]]
    assert parsed["words"] == ["лицензия"]
    assert parse_text("19 және 20-тармақтар")["refs"] == [["pt19", "pt20"]]  # either point


@pytest.mark.parametrize(
    "latin, cyrillic",
    [
        ("Kasymova", "касымова"),
        ("Zhaksylyk", "жаксылык"),
        ("Akhmetov", "ахметов"),
        ("Shynggys", "шынгыс"),
        ("Qasymova", "касымова"),
        ("Nurlybay", "нурлыбай"),
        ("Aigerim", "айгерим"),
        ("Tulegenova", "тулегенова"),
    ],
)
def test_latin_names_read_as_cyrillic_without_kazakh_letters(latin, cyrillic):
    assert cyrillic in to_cyrillic(latin)
    assert is_latin(latin) and not is_latin(cyrillic)


def test_synonyms_match_russian_forms_and_several_words():
    assert ("анықтама",) in expansions(["справки"], 0)[1]  # «справки» is «справка» by its Russian stem
    assert ("анықтама",) in expansions(["справку"], 0)[1]
    assert expansions(["карта", "памяти"], 0)[0] == 2  # a key of two words uses both
    assert ("жсн",) in expansions(["иин"], 0)[1] and ("иин",) in expansions(["жсн"], 0)[1]  # «<=>»
    assert expansions(["лошадь"], 0)[1] == [("жылқы",)]
    assert expansions(["жоқсөз"], 0) == (1, [])


def test_the_synonym_list_parses_and_every_entry_expands():
    entries = table()
    assert len(entries) > 100
    assert all(expanded and all(expanded) for expanded in entries.values())


def test_russian_stems_leave_kazakh_words_alone():
    assert russian_stem("справки") == russian_stem("справка")
    assert russian_stem("қызмет") == "қызмет"


def test_a_word_typed_without_kazakh_letters_has_its_folded_forms():
    (group,) = groups(["кызметтерди"])
    folded = {alt.terms[0] for alt in group.alternatives if alt.field == "text_folded"}
    assert "кызмет" in folded  # «қызметтерді» → stem «қызмет» → folded «кызмет»
    assert Alternative("text_stems", ("кызметтерди",), FUZZY, fuzzy=True) in group.alternatives


def test_stop_words_are_dropped_unless_nothing_else_is_left():
    assert [g.word for g in groups(["лицензия", "алу", "үшін", "қандай", "құжаттар", "керек"])] == [
        "лицензия",
        "алу",
        "құжаттар",
    ]
    assert [g.word for g in groups(["және"])] == ["және"]


def test_how_many_words_must_match():
    assert [minimum_should_match(n) for n in range(0, 7)] == [0, 1, 2, 2, 3, 3, 4]
    assert [minimum_should_match(n, relaxed=True) for n in range(1, 5)] == [1, 1, 2, 3]
    assert [max_edits("x" * n) for n in (3, 4, 5, 6, 9)] == [0, 0, 1, 2, 2]


def test_a_bare_number_may_be_an_acts_number():
    (group,) = groups(["3350"])
    assert Alternative("refs", ("no3350",), 1.0) in group.alternatives
