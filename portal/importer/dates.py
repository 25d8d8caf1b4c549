"""Dates an act states about itself: entry into force, and the amendments and repeals its notes record.

Kazakh acts say when they enter into force in words («…алғашқы ресми жарияланған күнінен кейін күнтізбелік
он күн өткен соң қолданысқа енгізіледі»).  Ten calendar days *after* the day of first publication have to
pass, so the act applies from publication + 11 days.  The publication date itself is not in the text: it is
taken as the registration date (for the act) or the act's own date (for a repealing act) — the earliest it
can be — and the result is flagged *inferred* until an editor confirms or corrects it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .metadata import MONTHS
from .tree import ParsedAct

NUMBER_WORDS = {
    "бір": 1,
    "екі": 2,
    "үш": 3,
    "төрт": 4,
    "бес": 5,
    "алты": 6,
    "жеті": 7,
    "сегіз": 8,
    "тоғыз": 9,
    "он": 10,
    "он бес": 15,
    "жиырма": 20,
    "отыз": 30,
    "алпыс": 60,
}
_COUNT = r"(?P<count>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
# «… күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі»: N days after publication.
AFTER_PUBLICATION = re.compile(
    r"(?:алғашқы )?ресми жарияланған күнінен кейін (?:күнтізбелік )?"
    + _COUNT
    + r" (?:күнтізбелік )?күн өткен соң"
    r" қолданысқа енгізіледі"
)
FROM_PUBLICATION = re.compile(r"(?:алғашқы )?ресми жарияланған күнінен бастап қолданысқа енгізіледі")
FROM_REGISTRATION = re.compile(r"мемлекеттік тіркелген күн(?:і)?нен бастап қолданысқа енгізіледі")
FROM_SIGNING = re.compile(r"қол қойылған күн(?:і)?нен бастап қолданысқа енгізіледі")
# «Ескерту. Күші жойылды - Жамбыл облысы әкімдігінің 28.02.2018 № 24 қаулысымен (…).»
NOTE = re.compile(
    r"Ескерту\.\s*(?P<what>Күші жойылды|Өзгеріс(?:тер)? енгізілді|Толықтыру(?:лар)? енгізілді"
    r"|Өзгерістер мен толықтырулар енгізілді)\s*[-–—]\s*(?P<issuer>.+?)\s+"
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\s*№\s*(?P<no>[\w/-]+)\s+"
    r"(?P<kind>қаулысымен|бұйрығымен|шешімімен|Заңымен)(?P<rest>[^.]*(?:\([^)]*\))?)"
)
# «"…" Жамбыл облысы әкімдігінің 2015 жылғы 17 тамыздағы № 208 қаулысының (…) күші жойылды деп танылсын.»
REPEALS_OTHER = re.compile(
    r"(?P<citation>(?:\"[^\"]+\"\s+)?.+? (?P<y>\d{4}) жылғы (?P<d>\d{1,2}) (?P<m>[^\s\d]+) № ?(?P<no>[\w/-]+)"
    r" (?:қаулысының|бұйрығының|шешімінің))(?:\s*\([^)]*\))? күші жойылды деп танылсын"
)
_KIND_NOMINATIVE = {
    "қаулысымен": "қаулысы",
    "бұйрығымен": "бұйрығы",
    "шешімімен": "шешімі",
    "Заңымен": "Заңы",
}


@dataclass
class InForce:
    """When a text starts to apply, as read from its clause (or inferred when the clause needs a date the
    text does not give)."""

    date: date | None = None
    inferred: bool = False
    clause: str = ""


@dataclass
class RelationFact:
    kind: str  # "amends" | "repeals"
    incoming: bool  # True: another act acts on this one (a note); False: this act acts on another (a point)
    citation: str
    act_date: date | None
    number: str
    effective: InForce = field(default_factory=InForce)


@dataclass
class ActDates:
    adopted: date | None
    registered: date | None
    in_force: InForce
    relations: list[RelationFact] = field(default_factory=list)

    @property
    def repeal(self) -> RelationFact | None:
        return next((r for r in self.relations if r.incoming and r.kind == "repeals"), None)


def _days(count: str) -> int:
    return int(count) if count.isdigit() else NUMBER_WORDS[count]


def _normal(text: str) -> str:
    """The importer keeps the source's letters; the clauses are matched on one spelling of each."""
    return " ".join(text.replace("i", "і").replace("I", "І").split())


def read_in_force(
    text: str, *, signed: date | None, registered: date | None, published: date | None
) -> InForce:
    """The date a clause makes the text apply from; `published` None means the publication date is unknown
    and the earliest possible one (`registered`, else `signed`) is taken, flagged inferred."""
    text = _normal(text)
    earliest = published or registered or signed
    guessed = published is None
    if match := AFTER_PUBLICATION.search(text):
        start = earliest + timedelta(days=_days(match["count"]) + 1) if earliest else None
        return InForce(start, guessed, match.group(0))
    if match := FROM_PUBLICATION.search(text):
        return InForce(earliest, guessed, match.group(0))
    if match := FROM_REGISTRATION.search(text):
        return InForce(registered, registered is None, match.group(0))
    if match := FROM_SIGNING.search(text):
        return InForce(signed, signed is None, match.group(0))
    return InForce()


def _month(name: str) -> int:
    return next((k for k, stem in enumerate(MONTHS, start=1) if name.startswith(stem)), 0)


def _safe_date(y: str, m: int, d: str) -> date | None:
    try:
        return date(int(y), m, int(d))
    except ValueError:
        return None


def _note_relation(text: str) -> RelationFact | None:
    match = NOTE.search(_normal(text))
    if match is None:
        return None
    act_date = _safe_date(match["y"], int(match["m"]), match["d"])
    citation = f"{match['issuer']} {match['d']}.{match['m']}.{match['y']} № {match['no']} "
    citation += _KIND_NOMINATIVE[match["kind"]]
    effective = read_in_force(match["rest"], signed=act_date, registered=None, published=None)
    if effective.date is None:  # no clause: the amending act's own date, to be confirmed
        effective = InForce(act_date, True, "")
    kind = "repeals" if match["what"] == "Күші жойылды" else "amends"
    return RelationFact(kind, True, citation, act_date, match["no"], effective)


def _outgoing_repeals(text: str, in_force: InForce) -> list[RelationFact]:
    found = []
    for match in REPEALS_OTHER.finditer(_normal(text)):
        act_date = _safe_date(match["y"], _month(match["m"]), match["d"])
        citation = re.sub(r"(қаулысы|бұйрығы|шешімі)ның$", r"\1", match["citation"])
        found.append(RelationFact("repeals", False, citation, act_date, match["no"], in_force))
    return found


def read_dates(parsed: ParsedAct) -> ActDates:
    """Every date the act states about itself and about the acts that amended or repealed it."""
    meta = parsed.metadata
    adopted = date.fromisoformat(meta.date) if meta.date else None
    registered = date.fromisoformat(meta.registration_date) if meta.registration_date else None
    in_force = InForce()
    for point in parsed.points:
        found = read_in_force(point.text, signed=adopted, registered=registered, published=None)
        if found.date is not None:
            in_force = found
    relations = [r for note in parsed.notes if (r := _note_relation(note.text)) is not None]
    for point in parsed.points:
        relations.extend(_outgoing_repeals(point.text, in_force))
    return ActDates(adopted, registered, in_force, relations)
