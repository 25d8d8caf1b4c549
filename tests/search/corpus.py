"""Documents for the contract tests, built without the database: the points of the two real acts (parsed
by the importer) and a few hundred synthetic records with every facet field varied."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

from portal.importer import parse_act
from portal.publishing import iter_nodes
from search.analysis import analyze
from search.documents import with_digest
from search.registry import Record, RecordType
from search.sources.dates import iso
from search.sources.records import record_document

ACTS = Path(__file__).resolve().parents[2] / "portal" / "fixtures" / "acts"
ACT_FILES = {"000": "000_04a4b0dd9774c7c6.txt", "003": "003_b299304cea067258.txt"}
ACT_STATUS = {"000": "in_force", "003": "repealed"}
ACT_DATES = {"000": date(2021, 4, 14), "003": date(2015, 12, 1)}

NOW = datetime(2025, 6, 1, 6, 0, tzinfo=UTC)


@cache
def point_docs() -> tuple[dict, ...]:
    docs = []
    for code, name in ACT_FILES.items():
        for position, node in enumerate(iter_nodes(parse_act(ACTS / name))):
            if node.kind not in ("point", "subpoint", "paragraph", "preamble") or not node.text.strip():
                continue
            analysis = analyze(node.text)
            docs.append(
                with_digest(
                    {
                        "id": f"{code}:{node.anchor or position}",
                        "group": f"page:{code}",
                        "sort_key": f"{code}:{position:05d}",
                        "sort_date": iso(ACT_DATES[code]),
                        "text": node.text,
                        "text_stems": analysis.stems,
                        "text_words": analysis.words,
                        "act_code": code,
                        "status": ACT_STATUS[code],
                        "kind": node.kind,
                        "number": node.number,
                    }
                )
            )
    return tuple(docs)


APPLICATION = RecordType(
    name="application",
    label="Application",
    model="records.Application",
    describe=lambda obj: None,
    roles=frozenset({"archivist", "office_clerk"}),
)
RECORDING = RecordType(
    name="recording",
    label="Recording",
    model="records.Application",
    describe=lambda obj: None,
    roles=frozenset({"responsible_person", "head"}),
    unit_scoped=True,
)

NAMES = ["Асқаров Нұрлан", "Сейітова Айгүл", "«Жамбыл Агро» ЖШС", "Құс фабрикасы", "Тараз сүт зауыты"]
SUBJECTS = [
    "сиырларға ветеринариялық анықтама",
    "құс фабрикасына тіркеу нөмірі",
    "лицензияны қайта ресімдеу",
    "жануарларды бірдейлендіру",
    "сүт цехына ветеринариялық-санитариялық қорытынды",
    "аттестаттау комиссиясы",
]
SERVICES = ["vet_certificate", "registration_number", "licence", "animal_identification", "attestation"]
STATES = ["submitted", "registered", "assigned", "issued", "refused"]
UNITS = ["Тараз", "Жамбыл ауданы", "Шу ауданы"]


@cache
def record_docs() -> tuple[dict, ...]:
    rng = random.Random(20250601)
    docs = []
    for pk in range(1, 301):
        recording = pk % 10 == 0
        received = datetime(2022, 1, 1, 4, tzinfo=UTC) + timedelta(hours=rng.randrange(0, 3 * 365 * 24))
        due = received + timedelta(days=rng.randrange(1, 2000)) if rng.random() < 0.6 else None
        unit = rng.choice(UNITS)
        record = Record(
            title=f"2025-{pk % 6 + 1}-{pk:06d}",
            text=[rng.choice(NAMES), rng.choice(SUBJECTS), rng.choice(SUBJECTS) if pk % 3 else ""],
            date=received,
            numbers=[f"2025-{pk % 6 + 1}-{pk:06d}"],
            identifiers=[f"88051530{pk:04d}"],
            service="" if recording else rng.choice(SERVICES),
            state=rng.choice(STATES),
            unit=unit,
            retention=("1y" if pk % 20 else "5y") if recording else "",
            due_at=due,
            units_acl=[unit] if recording else [],
            fields={"applicant": rng.choice(NAMES), "identifier": f"88051530{pk:04d}"},
        )
        docs.append(record_document(RECORDING if recording else APPLICATION, pk, record))
    return tuple(docs)
