"""The Kazakh normaliser and stemmer (search.analysis), on the words of the regulations.

The expected stems are written from Kazakh grammar — the inflections (case, possessive, plural) go, the
derivational suffixes (-лық/-лік, -шы/-ші, the verbal noun -у) stay — not copied from the stemmer.  Where the
stemmer disagrees the case is a strict xfail, so that fixing it shows up.
"""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import fold, normalize, normalize_word, stem, tokens
from search.analysis.hunspell import DEFAULT_PATH


@pytest.fixture(autouse=True, scope="module")
def dictionary_installed():
    # Without hunspell-kk the stems are the fallback's: the failures would be about the machine, not the code.
    assert DEFAULT_PATH.with_suffix(".dic").exists(), "apt-get install hunspell-kk (or `make setup`)"


NATIVE = [
    # plural, case
    ("құжаттар", "құжат"),
    ("құжаттарды", "құжат"),
    ("құжаттардың", "құжат"),
    ("құжатқа", "құжат"),
    ("мемлекетке", "мемлекет"),
    ("мемлекеттің", "мемлекет"),
    ("мекемеге", "мекеме"),
    ("ұйымнан", "ұйым"),
    ("облыстың", "облыс"),
    ("аудандарда", "аудан"),
    ("жерлерде", "жер"),
    ("малдың", "мал"),
    ("жануарлардың", "жануар"),
    ("қызметкерлерге", "қызметкер"),
    ("кәсіпорындардағы", "кәсіпорын"),
    ("зертханада", "зертхана"),
    ("тұлғаның", "тұлға"),
    ("адамдар", "адам"),
    # possessive (+ case), the accusative «-н» after it
    ("өтініштері", "өтініш"),
    ("өтінішін", "өтініш"),
    ("нысандары", "нысан"),
    ("нысанын", "нысан"),
    ("маманы", "маман"),
    ("жүйесін", "жүйе"),
    ("жүйесіне", "жүйе"),
    ("басқармасына", "басқарма"),
    ("бағдарламасы", "бағдарлама"),
    ("талаптарына", "талап"),
    ("қағидаларына", "қағида"),
    ("ережелері", "ереже"),
    ("шешімдері", "шешім"),
    ("мерзімі", "мерзім"),
    ("телнұсқасы", "телнұсқа"),
    ("үдерісі", "үдеріс"),
    # a stem-final voiceless consonant voiced before a vowel: «бұйрық» → «бұйрығы», «тәртіп» → «тәртібі»
    ("бұйрығымен", "бұйрық"),
    ("тәртібін", "тәртіп"),
    ("куәлігі", "куәлік"),
    # derivational suffixes stay: -лық/-лік/-тік (adjective, abstract noun), -шы/-ші (agent)
    ("мемлекеттік", "мемлекеттік"),
    ("мемлекеттіктің", "мемлекеттік"),
    ("аудандық", "аудандық"),
    ("министрлігі", "министрлік"),
    ("берушілер", "беруші"),
    ("берушінің", "беруші"),
    ("алушыға", "алушы"),
    ("қорытындысы", "қорытынды"),
    # the verbal noun (-у) is the dictionary form of a verb: it stays, its inflections go
    ("тексеру", "тексеру"),
    ("тексеруді", "тексеру"),
    ("сақтауға", "сақтау"),
    ("берудің", "беру"),
    ("тіркеуден", "тіркеу"),
    ("алуға", "алу"),
    # words that are not inflected
    ("бойынша", "бойынша"),
    ("туралы", "туралы"),
    ("тізімі", "тізім"),
    ("орны", "орын"),  # the second vowel of «орын» drops before a vowel
    ("орнында", "орын"),
    ("иесіне", "ие"),
]

LOANWORDS = [  # mostly unknown to hunspell-kk
    ("лицензиялардың", "лицензия"),
    ("лицензияны", "лицензия"),
    ("лицензиясы", "лицензия"),
    ("ветеринарияның", "ветеринария"),
    ("ветеринариялығы", "ветеринариялық"),
    ("ветеринариялық", "ветеринариялық"),
    ("объектілер", "объект"),
    ("объектілерде", "объект"),
    ("объектісі", "объект"),
    ("актілері", "акт"),
    ("субъектісі", "субъект"),
    ("регламентке", "регламент"),
    ("стандарттарға", "стандарт"),
    ("паспорттың", "паспорт"),
    ("сертификаттар", "сертификат"),
    ("сертификатты", "сертификат"),
    ("порталында", "портал"),
    ("инспекторлары", "инспектор"),
    ("паролі", "пароль"),  # the soft sign is dropped before a suffix
    ("вакцинаны", "вакцина"),
    ("дезинфекцияға", "дезинфекция"),
    ("карантинге", "карантин"),
    ("вакцинациялау", "вакцинациялау"),
    ("кодексінің", "кодекс"),
    ("мониторингі", "мониторинг"),
]

# Where the stemmer disagrees with the grammar today (word → what it does).
STEMMED_WRONG = {
    "туралы": "the postposition loses «-ы» as if it were a possessive: «турал»",
    "тізімі": "cut to the hunspell root «тіз»",
    "орны": "the dropped vowel of «орын» is not restored: «орны»",
    "орнында": "the dropped vowel of «орын» is not restored: «орны»",
    "иесіне": "a two-letter stem is below MIN_STEM: «иес»",
    "кодексінің": "the possessive «-і» after two consonants is kept: «кодексі»",
    "мониторингі": "the possessive «-і» after «г» is kept: «мониторингі»",
    # stems that are not their own stem
    "тізім": "cut to the hunspell root «тіз»",
    "зертхана": "the final «-на» is taken for a dative ending: «зертха» (but «зертханада» → «зертхана»)",
}


def known_wrong(word: str, *values: str):
    if word not in STEMMED_WRONG:
        return (word, *values) if values else word
    marks = pytest.mark.xfail(strict=True, reason=STEMMED_WRONG[word])
    return pytest.param(word, *values, marks=marks)


@pytest.mark.parametrize(("word", "expected"), [known_wrong(w, e) for w, e in NATIVE + LOANWORDS])
def test_stem(word, expected):
    assert stem(word) == expected


# Forms of one word meet on one stem, whatever its spelling («процесс» has one «с» before a suffix).
SAME_WORD = [
    ("процесс", "процесі", "процестің", "процестері"),
    ("пароль", "паролі", "парольдер"),
    ("ветеринариялық", "ветеринариялығы", "ветеринариялықтың"),
    ("куәлік", "куәлігі", "куәліктер"),
    ("бұйрық", "бұйрығы", "бұйрықтар", "бұйрығымен"),
    pytest.param(
        ("зертхана", "зертханада", "зертханалар"),
        marks=pytest.mark.xfail(strict=True, reason="«зертхана» alone stems to «зертха»"),
    ),
    pytest.param(
        ("орын", "орны", "орындар"),
        marks=pytest.mark.xfail(strict=True, reason="«орны» (dropped vowel) stems to «орны»"),
    ),
]


@pytest.mark.parametrize("forms", SAME_WORD)
def test_forms_of_one_word_share_a_stem(forms):
    assert len({stem(form) for form in forms}) == 1, {form: stem(form) for form in forms}


# Derivation makes another word: a query for the state must not match every «мемлекеттік».
DIFFERENT_WORDS = [
    ("мемлекет", "мемлекеттік"),
    ("ветеринария", "ветеринариялық"),
    ("министр", "министрлік"),
    ("беру", "беруші"),
]


@pytest.mark.parametrize(("base", "derived"), DIFFERENT_WORDS)
def test_derived_words_keep_their_own_stem(base, derived):
    assert stem(base) != stem(derived)


@pytest.mark.parametrize("word", [known_wrong(e) for e in dict.fromkeys(e for _, e in NATIVE + LOANWORDS)])
def test_a_stem_is_its_own_stem(word):
    # The query «құжат» must find «құжаттарды»: the bare word stems to the same stem as its forms.
    assert stem(word) == word


# --- normalisation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Мемлекеттiк", "мемлекеттік"),  # Latin i
        ("CЕРТИФИКАТ", "сертификат"),  # Latin C
        ("Hысан", "нысан"),  # upper Latin H looks like «Н»
        ("жиhаз", "жиһаз"),  # lower Latin h looks like «һ»
        ("ҚAЗAҚСТAН", "қазақстан"),  # Latin A
        ("берушi", "беруші"),
        ("Регламетке", "регламентке"),  # a misspelling of the source matched as the standard word
        ("Veterinary", "veterinary"),  # no Cyrillic: a Latin word keeps its letters
        ("ISO", "iso"),
    ],
)
def test_normalize_word(raw, expected):
    assert normalize_word(raw) == expected


def test_homoglyphs_stem_like_the_cyrillic_word():
    assert stem(normalize_word("Мемлекеттiк")) == stem(normalize_word("Мемлекеттік")) == "мемлекеттік"
    assert stem(normalize_word("құжaттaрды")) == "құжат"  # Latin a twice


def test_decomposed_input_is_composed():
    decomposed = unicodedata.normalize("NFD", "Бойынша қойылады")  # «й» = «и» + U+0306
    assert decomposed != "Бойынша қойылады"
    assert normalize(decomposed) == "бойынша қойылады"
    assert stem(normalize_word(unicodedata.normalize("NFD", "қойылған"))) == stem("қойылған")


def test_decomposed_tokens_keep_offsets_in_the_original_text():
    text = unicodedata.normalize("NFD", "Бойынша қойылады")  # each «й» is two code points here
    found = tokens(text)
    assert [token.word for token in found] == ["бойынша", "қойылады"]
    assert [(token.start, token.end) for token in found] == [(0, 8), (9, 18)]
    assert [unicodedata.normalize("NFC", text[t.start : t.end]) for t in found] == ["Бойынша", "қойылады"]


def test_homoglyph_tokens_keep_offsets_in_the_original_text():
    text = "Мемлекеттiк қызмет."
    assert [(t.word, text[t.start : t.end]) for t in tokens(text)] == [
        ("мемлекеттік", "Мемлекеттiк"),
        ("қызмет", "қызмет"),
    ]


# --- the no-Kazakh-letter fold ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("қызмет", "кызмет"),
        ("берушi", "беруши"),  # Latin i: normalised to «і», then folded
        ("әңгімелесу", "ангимелесу"),
        ("ғылыми", "гылыми"),
        ("өтініш", "отиниш"),
        ("ұйым", "уйым"),
        ("үдеріс", "удерис"),
        ("жиһаз", "жихаз"),
        ("ветеринария", "ветеринария"),  # a word with no Kazakh letter is unchanged
    ],
)
def test_fold(typed, expected):
    assert fold(normalize_word(typed)) == expected


def test_a_russian_keyboard_query_folds_like_the_kazakh_word():
    assert [fold(w) for w in normalize("кызмет берушi").split()] == [
        fold(w) for w in normalize("Қызмет беруші").split()
    ]


# --- properties ----------------------------------------------------------------------------------------

KAZAKH = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
CYRILLIC = KAZAKH + KAZAKH.upper()
MARKS = "\u0306\u0308"  # the combining breve and diaeresis of a decomposed «й», «ё»
# Words as extraction leaves them: Cyrillic with Latin homoglyphs (and other Latin letters, digits), or
# Cyrillic decomposed.  Not Latin letters with combining marks: see the xfail cases below.
PLAIN_WORD = st.text(
    alphabet=CYRILLIC + "ABCEHIKMOPTXYacehikopxy" + "dfgDFGzZ" + "0129", min_size=1, max_size=16
)
DECOMPOSED_WORD = st.text(alphabet=CYRILLIC + MARKS, min_size=1, max_size=16)
WORD = st.one_of(PLAIN_WORD, DECOMPOSED_WORD)
TEXT = st.lists(WORD, max_size=8).flatmap(
    lambda words: st.lists(st.sampled_from(" .,-«»\n"), min_size=len(words), max_size=len(words)).map(
        lambda gaps: "".join(word + gap for word, gap in zip(words, gaps, strict=True))
    )
)
PROPERTY = settings(deadline=None, max_examples=300)  # the first stem() loads the dictionary


@PROPERTY
@given(WORD)
def test_normalize_word_is_idempotent(word):
    once = normalize_word(word)
    assert normalize_word(once) == once


@PROPERTY
@given(TEXT)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


# normalize_word composes (NFC) before it maps the homoglyphs, so a Latin letter whose lower case or
# Cyrillic twin composes differently is only settled by a second pass.
@pytest.mark.parametrize(
    "word",
    [
        pytest.param("Мемлекеттİк", id="dotted capital I: lower() gives Latin i + U+0307"),
        pytest.param("аy\u0306", id="Latin y + breve: «у» + breve composes to «ў» on the 2nd pass"),
    ],
)
@pytest.mark.xfail(strict=True, reason="NFC runs before the homoglyph map in normalize_word")
def test_normalize_word_is_idempotent_on_latin_letters_with_marks(word):
    once = normalize_word(word)
    assert normalize_word(once) == once


@PROPERTY
@given(TEXT)
def test_tokens_are_the_normalised_words_of_their_span(text):
    found = tokens(text)
    assert [t.word for t in found] == normalize(text).split()
    assert all(t.word == normalize_word(text[t.start : t.end]) for t in found)
    assert all(a.end < b.start for a, b in pairwise(found))


@PROPERTY
@given(DECOMPOSED_WORD)
def test_a_stem_is_never_longer_than_its_word(word):
    word = normalize_word(word)
    assert len(stem(word)) <= len(word)


@PROPERTY
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=16))
def test_words_without_cyrillic_are_not_stemmed(word):
    assert stem(word) == word


@PROPERTY
@given(WORD)
def test_fold_removes_every_kazakh_letter_and_keeps_the_length(word):
    word = normalize_word(word)
    folded = fold(word)
    assert len(folded) == len(word)
    assert not set(folded) & set("әғқңөұүһі")
    assert fold(folded) == folded
