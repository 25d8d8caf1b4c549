"""Synthetic records for the search benchmarks (not a benchmark itself): Kazakh text drawn from the words of
the two acts, applicant names, places and registration numbers, with every facet field varied.

Documents are analysed word by word with search.analysis (each distinct word once, cached), so they are the
documents the portal would index; only their content is invented.
"""

from __future__ import annotations

import itertools
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTS = ROOT / "portal" / "fixtures" / "acts"

_ROOTS = """Асқар Сейіт Құрманғали Әбілқайыр Түгелбай Сәрсенбай Жұмабай Омар Нұрлан Қасым Бекмұхамбет Ахмет
Төлеубай Есім Серікбай Мұқан Ысқақ Қайрат Дәулет Ержан Тұрсын Әлібек Жақып Мырзахмет Байбол Шәріп Ордабай
Көшербай Тілеу Сапар Бақыт Кенжебек Досым Ермек Мақсат Нұржан Оспан Балтабай Айдар Болат""".split()
SURNAMES = [
    f"{root}{ending}" for root in _ROOTS for ending in ("ов", "ұлы", "бек", "ханов", "енко", "баев", "ин")
]
GIVEN = """Нұрлан Айгүл Ерғали Қанат Гүлнұр Асхат Дана Мейрамбек Сәуле Әсел Бауыржан Жанар Талғат Ләззат
Марат Айнұр Ғалым Зарина Ержан Мөлдір Серік Ақмарал Дәурен Жұлдыз Арман Гүлмира Ерлан Бибігүл Самат
Динара""".split()
PLACES = """Тараз Шу Қордай Мерке Жуалы Байзақ Талас Сарысу Мойынқұм Жамбыл Аса Бірлік Қаратау Жаңатас Құлан
Төле би Шолаққорған Ақсу Мыңарал Кеңес Бурыл Гродеково Қызылту Сарыкемер Ақшолақ Луговой Көктал
Өрнек""".split()
SERVICES = [
    "vet_sanitary_conclusion",
    "vet_certificate",
    "registration_number",
    "animal_identification",
    "attestation",
    "licence",
]
STATES = ["submitted", "registered", "assigned", "examined", "issued", "delivered", "refused"]
TYPES = ["application"] * 7 + ["licence", "issued_document", "journal_entry"]


def act_words() -> list[str]:
    words = []
    for path in sorted(ACTS.glob("*.txt")):
        words += re.findall(r"[^\W\d_]{3,}", path.read_text(encoding="utf-8").lower())
    return words


class Generator:
    """Reproducible documents: ``doc(n)`` is the same for the same ``n`` and seed."""

    def __init__(self, seed: int = 1) -> None:
        from search.analysis import stem
        from search.analysis.normalize import normalize_word

        self.rng = random.Random(seed)
        words = act_words()
        self.vocabulary = sorted(set(words))
        # Zipf's law over the acts' words, most frequent first: the n-th word has weight 1/n.
        counts: dict[str, int] = {}
        for word in words:
            counts[word] = counts.get(word, 0) + 1
        self.words = sorted(counts, key=lambda w: (-counts[w], w))
        self.weights = [1 / rank for rank in range(1, len(self.words) + 1)]
        self.cumulative = list(itertools.accumulate(self.weights))
        self._norm = {
            w: normalize_word(w) for w in {*self.words, *(n.lower() for n in SURNAMES + GIVEN + PLACES)}
        }
        self._stem = {w: stem(n) for w, n in self._norm.items()}
        self.start = datetime(2018, 1, 1, 3, tzinfo=UTC)

    def doc(self, n: int) -> dict:
        from search.analysis import fold
        from search.documents import with_digest
        from search.sources.dates import iso, local_year

        rng = random.Random(n * 7919 + 17)
        record_type = rng.choice(TYPES)
        surname, given, place = rng.choice(SURNAMES), rng.choice(GIVEN), rng.choice(PLACES)
        body = rng.choices(self.words, cum_weights=self.cumulative, k=rng.randint(4, 10))
        number = f"{2018 + n % 8}-{n % 6 + 1}-{n:07d}"
        text_words = [surname.lower(), given.lower(), place.lower(), *body]
        text = f"{number} {surname} {given} {place} " + " ".join(body)
        received = self.start + timedelta(minutes=rng.randrange(0, 8 * 365 * 24 * 60))
        due = received + timedelta(days=rng.randrange(1, 60)) if rng.random() < 0.3 else None
        number_tokens = number.split("-")
        return with_digest(
            {
                "id": f"{record_type}:{n}",
                "group": f"{record_type}:{n}",
                "sort_key": f"{record_type}:{n:012d}",
                "sort_date": iso(received),
                "record_type": record_type,
                "record_id": str(n),
                "title": number,
                "numbers": [number],
                "service": rng.choice(SERVICES) if record_type != "journal_entry" else "",
                "state": rng.choice(STATES),
                "unit": place,
                "year": local_year(received),
                "retention": rng.choice(["1y", "5y"]) if record_type == "journal_entry" else "",
                "due_at": iso(due),
                "identifiers": f"{880000000000 + n % 1_000_000:012d}",
                "units_acl": [],
                "fields": {"applicant": f"{surname} {given}"},
                "text": text,
                "text_stems": " ".join([*number_tokens, *(self._stem[w] for w in text_words)]),
                "text_words": " ".join([*number_tokens, *(self._norm[w] for w in text_words)]),
                "text_folded": fold(" ".join([*number_tokens, *(self._stem[w] for w in text_words)])),
                "refs": "",
            }
        )

    def queries(self, count: int, seed: int = 7) -> list[dict]:
        """A mix of what archivists type: a surname (with the first name), a registration number, a place
        and a word, a word of the acts (any word alike; one query in ten a word among the fifty most
        frequent, which match a large part of the records), filters alone; a third with a service filter,
        a quarter sorted by date."""
        rng = random.Random(seed)
        found = []
        for i in range(count):
            kind = i % 20
            if kind < 6:
                text, label = rng.choice(SURNAMES), "name"
            elif kind < 8:
                text, label = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}", "name"
            elif kind < 10:
                n = rng.randrange(1, 1_000_000)
                text, label = f"{2018 + n % 8}-{n % 6 + 1}-{n:07d}", "number"
            elif kind < 12:
                text, label = f"{rng.choice(PLACES)} {rng.choice(self.words)}", "place_and_word"
            elif kind < 16:
                text, label = rng.choice(self.words), "act_word"
            elif kind < 18:
                text, label = rng.choice(self.words[:50]), "frequent_act_word"
            else:
                text, label = "", "filters_only"
            filters = {}
            if i % 3 == 0:
                filters["service"] = [rng.choice(SERVICES)]
            if not text:
                filters["unit"] = [rng.choice(PLACES)]
                filters["year"] = [str(rng.randrange(2018, 2026))]
            sort = "newest" if i % 4 == 0 else "relevance"
            found.append({"text": text, "terms": filters, "sort": sort, "kind": label})
        return found
