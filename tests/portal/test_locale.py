"""The kk and ru message catalogues: every entry translated and checked (no fuzzy), placeholders and HTML
kept, correct headers, compiled catalogues up to date, Kazakh month names in lower case, and pages that
speak the language of their URL prefix.

These tests fail as soon as someone adds a string without translating it: run makemessages, fill both
catalogues, compilemessages (see the note at the top of each .po)."""

from __future__ import annotations

import ast
import datetime
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import django.utils.dates
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ("kk", "ru")
PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n!=1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
    "? 1 : 2);",
}
KAZAKH_MONTHS = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
]
# printf placeholders (%(name)s, %s, %d, %(code)04X, %%) and str.format fields ({name}).
PRINTF = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[sdifxXr%]")
BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
MONTHS_3 = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    def __str__(self) -> str:
        where = f"line {self.line}"
        return f"{where}: " + (f"[{self.msgctxt}] " if self.msgctxt else "") + repr(self.msgid)


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a PO string is a double-quoted C string; these escapes match Python's


def parse_po(path: Path) -> list[Entry]:
    """A small PO reader (the standard library has none); obsolete «#~» entries are skipped."""
    entries, entry, key = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if entry is None or key is not None:
                entry, key = Entry(line=number), None
                entries.append(entry)
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = _unquote(line)
        else:
            value = _unquote(rest)
            if keyword in ("msgctxt", "msgid") and (entry is None or key not in (None, "msgctxt")):
                entry = Entry(line=number)
                entries.append(entry)
            key = keyword
        if key == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif key == "msgid":
            entry.msgid += value
        elif key == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        else:
            index = int(key[7:-1]) if key.startswith("msgstr[") else 0
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
    return entries


def _catalogue(lang: str) -> tuple[dict[str, str], list[Entry]]:
    entries = parse_po(LOCALE / lang / "LC_MESSAGES" / "django.po")
    header = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    metadata = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert "fuzzy" not in header.flags, f"{lang}: the header is still marked fuzzy"
    return metadata, [e for e in entries if e is not header]


@pytest.fixture(scope="module", params=LANGUAGES)
def catalogue(request):
    metadata, entries = _catalogue(request.param)
    return request.param, metadata, entries


def test_the_parser_reads_context_plurals_and_continued_lines(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: kk\\n"\n\n#, fuzzy, python-format\nmsgctxt "c"\n'
        'msgid ""\n"a %(n)s "\n"b"\nmsgid_plural "p"\nmsgstr[0] "x \\"q\\""\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    header, entry = parse_po(po)
    assert header.msgstr == {0: "Language: kk\n"}
    assert (entry.msgctxt, entry.msgid, entry.msgid_plural) == ("c", "a %(n)s b", "p")
    assert entry.msgstr == {0: 'x "q"', 1: ""} and entry.flags == {"fuzzy", "python-format"}


def test_headers(catalogue):
    lang, metadata, _ = catalogue
    assert metadata["Language"] == lang
    assert metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert metadata["Plural-Forms"] == PLURAL_FORMS[lang]


def test_every_entry_is_translated_and_checked(catalogue):
    lang, metadata, entries = catalogue
    assert len(entries) > 100, "makemessages found almost nothing: was it run with the right --ignore?"
    nplurals = int(re.search(r"nplurals=(\d+)", metadata["Plural-Forms"]).group(1))
    untranslated = [str(e) for e in entries if not all(e.msgstr.values())]
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    wrong_forms = [str(e) for e in entries if e.msgid_plural and sorted(e.msgstr) != list(range(nplurals))]
    assert not untranslated, f"{lang}: untranslated entries (fill them, then compilemessages): {untranslated}"
    assert not fuzzy, f"{lang}: fuzzy entries (check the translation, then drop the flag): {fuzzy}"
    assert not wrong_forms, f"{lang}: plural entries without exactly {nplurals} forms: {wrong_forms}"


def _markers(text: str) -> Counter:
    return Counter(PRINTF.findall(text) + BRACES.findall(text) + HTML_TAG.findall(text))


def test_placeholders_and_html_are_kept(catalogue):
    lang, _, entries = catalogue
    broken = []
    for entry in entries:
        allowed = [_markers(entry.msgid)] + ([_markers(entry.msgid_plural)] if entry.msgid_plural else [])
        for index, text in entry.msgstr.items():
            # A singular form may drop the number ("one hour"), so it may match either msgid form.
            if text and _markers(text) not in allowed:  # an empty msgstr is reported by the test above
                broken.append(f"{entry} msgstr[{index}]={text!r}")
    assert not broken, f"{lang}: placeholders or HTML differ from the msgid: {broken}"


def test_the_checker_notices_a_lost_placeholder():
    assert _markers("%(file)s, line %(line)d") != _markers("%(file)s, жол")
    assert _markers("<b>{name}</b> %s") == _markers("%s <b>{name}</b>")
    assert _markers("code U+%(code)04X") != _markers("code U+%(code)d")


def test_compiled_catalogues_match_the_po_files(catalogue):
    lang, _, entries = catalogue
    mo = LOCALE / lang / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), f"{mo} is missing: run `make messages` (compilemessages)"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in entries:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        for index, text in entry.msgstr.items():
            found = compiled.get((key, index)) if entry.msgid_plural else compiled.get(key)
            if found != text:
                stale.append(str(entry))
    assert not stale, f"{lang}: django.mo is older than django.po, run compilemessages: {stale[:5]}"


def _lazy_calls(path: Path) -> list[tuple[str | None, str]]:
    """(context, msgid) of every gettext-style call in a module, in order."""
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "_" and len(args) == 1:
                calls.append((None, args[0]))
            elif node.func.id == "pgettext_lazy" and len(args) == 2:
                calls.append((args[0], args[1]))
    return calls


def test_month_names_module_marks_exactly_djangos_month_msgids():
    ours = _lazy_calls(Path(settings.BASE_DIR) / "portal" / "formats" / "kk" / "month_names.py")
    dates = _lazy_calls(Path(django.utils.dates.__file__))
    djangos = [call for call in dates if call[1][:3].lower() in MONTHS_3]
    assert len(ours) == 48 and sorted(ours, key=str) == sorted(djangos, key=str)


def test_kazakh_month_names_are_lower_case_nominative():
    _, entries = _catalogue("kk")
    by_key = {(e.msgctxt, e.msgid): e.msgstr[0] for e in entries}
    english = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    assert [by_key[(None, name)] for name in english] == KAZAKH_MONTHS
    assert [by_key[("alt. month", name)] for name in english] == KAZAKH_MONTHS


def test_kazakh_dates_read_year_day_month():
    with translation.override("kk"):
        assert date_format(datetime.date(2021, 4, 14)) == "2021 жылғы 14 сәуір"
        morning = datetime.datetime(2021, 4, 14, 9, 5)
        assert date_format(morning, "DATETIME_FORMAT") == "2021 жылғы 14 сәуір, 09:05"
        months = [date_format(datetime.date(2021, m, 1)).rsplit(" ", 1)[1] for m in range(1, 13)]
        assert months == KAZAKH_MONTHS
        assert date_format(datetime.date(2021, 4, 14), "j E, N, b") == "14 сәуір, сәуір, сәу"


def test_russian_dates_keep_djangos_genitive_months():
    with translation.override("ru"):
        assert date_format(datetime.date(2021, 4, 14)) == "14 апреля 2021 г."
        assert date_format(datetime.date(2021, 4, 14), "F") == "Апрель"


@pytest.mark.django_db
def test_pages_speak_the_language_of_their_prefix(published, client):
    kk = client.get("/kk/acts/").content.decode()
    ru = client.get("/ru/acts/").content.decode()
    assert 'aria-label="Мәртебесі бойынша сүзу"' in kk and "Күшін жойған" in kk
    assert 'aria-label="Фильтр по статусу"' in ru and "Утратил силу" in ru
    for html in (kk, ru):
        assert "Filter by status" not in html and "Repealed" not in html
