"""Realistic sample data for every document type: previews, the benchmark, demo data and tests.

The names and numbers are invented; IINs/BINs are twelve digits like real ones but belong to nobody.
"""

from __future__ import annotations

from typing import Any

SERVICE_1 = "Мемлекеттік ветеринариялық-санитариялық бақылау және қадағалау объектілеріне ветеринариялық-санитариялық қорытынды беру"  # noqa: E501

HOLDERS = {
    "person": ("Әбілқайыров Нұрсұлтан Қайратұлы", "850312300123"),
    "company": ("«Жамбыл Ет Өнімдері» жауапкершілігі шектеулі серіктестігі", "120440012345"),
}

PAYLOADS: dict[str, dict[str, Any]] = {
    "receipt": {
        "service": SERVICE_1,
        "application_no": "Ө-2026-00457",
        "channel": "қызметті берушінің кеңсесі",
        "accepted_at": "2026-03-02T10:15:00+05:00",
        "accepted_by": "Сәрсенбаева Гүлнұр Әділқызы",
        "documents": [
            "Өтініш",
            "Объектінің техникалық паспортының көшірмесі",
            "Жеке басты куәландыратын құжат",
        ],
    },
    "resolution": {
        "service": SERVICE_1,
        "application_no": "Ө-2026-00457",
        "executor": "Құрманғалиев Ерғали Нұрбекұлы",
        "due": "2026-03-03",
        "text": "Құжаттардың толықтығын тексеріп, объектіге тексеру жүргізу ұйымдастырылсын.",
        "head": "Түгелбаев Қанат Өмірзақұлы",
    },
    "refusal": {
        "service": SERVICE_1,
        "application_no": "Ө-2026-00458",
        "ground": "Стандарттың 9-тармағында көзделген құжаттар топтамасы толық ұсынылмаған",
        "reasoning": "Өтінішке объектінің техникалық паспортының көшірмесі қоса берілмеген.",
        "missing_documents": ["Объектінің техникалық паспортының көшірмесі"],
        "head": "Түгелбаев Қанат Өмірзақұлы",
    },
    "inspection_act": {
        "object_name": "Сүт өңдейтін цех",
        "object_address": "Тараз қаласы, Төле би даңғылы, 112",
        "inspected_at": "2026-03-05",
        "statistics_notified_at": "2026-03-04",
        "inspector": "Құрманғалиев Ерғали Нұрбекұлы",
        "findings": [
            "Өндірістік үй-жайлар санитариялық талаптарға сәйкес ұсталады",
            "Суық сақтау камерасы жұмыс істейді",
        ],
        "matches_documents": True,
        "complies": True,
        "representative": "Әбілқайыров Нұрсұлтан Қайратұлы",
    },
    "vet_sanitary_conclusion": {
        "object_name": "Сүт өңдейтін цех",
        "object_address": "Тараз қаласы, Төле би даңғылы, 112",
        "act_number": "ТА-2026-000017",
        "act_date": "2026-03-05",
        "compliant": False,
        "recommendations": [
            "Өндірістік үй-жайларды дезинфекциялау кестесін бекіту",
            "Қолжуғыштарды ыстық сумен қамтамасыз ету",
        ],
        "head": "Түгелбаев Қанат Өмірзақұлы",
        "vet_doctor": "Жұмабекова Әйгерім Серікқызы",
    },
    "vet_certificate": {
        "species": "Ірі қара мал (сиыр)",
        "individual_number": "KZ 0312 4455 6677",
        "passport_number": "ВП-2025-004512",
        "quantity": "1 бас",
        "origin": "Жамбыл облысы, Байзақ ауданы, Сарыкемер ауылы",
        "destination": "Алматы облысы, Қонаев қаласы",
        "purpose": "сату",
        "examined_at": "2026-03-10",
        "epizootic_situation": "қолайлы",
        "executor": "Оспанов Дәурен Мұратұлы",
    },
    "registration_confirmation": {
        "kind": "assign",
        "registration_number": "KZ-08-0457-ӨО",
        "facility_name": "Сүт өңдейтін цех",
        "facility_address": "Тараз қаласы, Төле би даңғылы, 112",
        "activity": "жануарлардан алынатын өнімдерді өңдеу және сату",
        "head": "Түгелбаев Қанат Өмірзақұлы",
    },
    "vet_passport": {
        "individual_number": "KZ 0312 4455 6677",
        "species": "ірі қара мал",
        "breed": "Әулиеата",
        "sex": "ұрғашы",
        "birth_date": "2024-04-18",
        "colour": "қызыл-ала, маңдайында ақ таңбасы бар",
        "identification_method": "құлақ сырғасы",
        "identified_at": "2024-06-01",
        "keeping_address": "Жамбыл облысы, Байзақ ауданы, Сарыкемер ауылы",
        "events": [{"date": "2025-04-10", "event": "Аусылға қарсы вакцинация", "result": "жүргізілді"}],
        "executor": "Оспанов Дәурен Мұратұлы",
    },
    "passport_extract": {
        "passport_number": "ВП-2025-004512",
        "individual_number": "KZ 0312 4455 6677",
        "species": "ірі қара мал",
        "breed": "Әулиеата",
        "birth_date": "2024-04-18",
        "events": [
            {"date": "2025-04-10", "event": "Аусылға қарсы вакцинация", "result": "жүргізілді"},
            {"date": "2025-09-22", "event": "Бруцеллезге диагностикалық зерттеу", "result": "теріс"},
        ],
        "executor": "Оспанов Дәурен Мұратұлы",
    },
    "attestation_sheet": {
        "decision": "attested",
        "activity": "ветеринариялық препараттарды өткізу",
        "attested_at": "2026-04-14",
        "test_result": "50 сұрақтың 44-іне дұрыс жауап берді",
        "interview_result": "қанағаттанарлық",
        "chair": "Түгелбаев Қанат Өмірзақұлы",
        "members": ["Жұмабекова Әйгерім Серікқызы", "Ғабитов Ұлан Һадиұлы"],
        "secretary": "Сәрсенбаева Гүлнұр Әділқызы",
        "head": "Түгелбаев Қанат Өмірзақұлы",
    },
    "licence": {
        "activity": "Ветеринария саласындағы қызмет",
        "subtypes": [
            "жануарлардан алынатын өнімдер мен шикізатқа ветеринариялық-санитариялық сараптама жүргізу"
        ],
        "licensee_address": "Тараз қаласы, Абай даңғылы, 45",
        "place": "Тараз қаласы",
        "head": "Түгелбаев Қанат Өмірзақұлы",
    },
    "licence_annex": {
        "licence_number": "ЛЦ-2026-000003",
        "activity": "Ветеринария саласындағы қызмет",
        "subtypes": [
            "жануарлардан алынатын өнімдер мен шикізатқа ветеринариялық-санитариялық сараптама жүргізу"
        ],
        "production_base": "Тараз қаласы, Абай даңғылы, 45, зертхана",
        "head": "Түгелбаев Қанат Өмірзақұлы",
    },
    "pickup_notice": {
        "application_no": "Ө-2026-00457",
        "service": SERVICE_1,
        "result_name": "ветеринариялық-санитариялық қорытынды",
        "place": "Тараз қаласы, Жамбыл облысы әкімдігінің ветеринария басқармасы, 104-кабинет",
        "pickup_at": "2026-03-12T11:00:00+05:00",
        "bring": "жеке басты куәландыратын құжат",
        "signed_by": "Сәрсенбаева Гүлнұр Әділқызы",
    },
}


def register_rows(count: int) -> list[dict[str, str]]:
    """Rows for the register layout (used by the benchmark's 100-page register)."""
    name, iin = HOLDERS["person"]
    return [
        {
            "number": f"ВА-2026-{n:06d}",
            "type": "Ветеринариялық анықтама",
            "holder_name": name,
            "holder_id": iin,
            "issued_at": "2026-03-10",
            "status": ("valid", "cancelled", "superseded")[n % 3],
        }
        for n in range(1, count + 1)
    ]


PAYLOADS["issued_register"] = {
    "period": "2026 жылғы наурыз",
    "rows": register_rows(40),
    "responsible": "Сәрсенбаева Гүлнұр Әділқызы",
}

PAYLOADS["recorder_journal"] = {
    "started": "2026-03-02",
    "finished": "",
    "responsible": "Гүлнар Сәрсенқызы Ахметова",
    "rows": [
        [
            "1",
            "БТ-0001 / ЖК-0001",
            "Ерлан Серікұлы Жақсыбеков",
            "02.03.2026 08:52\nқолы қойылды",
            "02.03.2026 18:21\nқолы қойылды",
            "03.03.2026 10:05",
            "Гүлнар Сәрсенқызы Ахметова\nқолы қойылды 03.03.2026 10:20",
            "Тамақтануға үзіліс: 13:02–13:44",
        ],
        [
            "2",
            [{"text": "БТ-0002 / ЖК-0003", "struck": True}, {"text": "БТ-0002 / ЖК-0002", "struck": False}],
            "Айгүл Маратқызы Оспанова",
            "02.03.2026 08:57\nқолы қойылды",
            "",
            "",
            "",
            "«Түзетілді» 02.03.2026 09:10, Гүлнар Сәрсенқызы Ахметова; 2-баған; себебі: жад картасының "
            "нөмірі қате жазылған; қолы қойылды",
        ],
    ],
}


def holder_for(doc_type: str) -> tuple[str, str]:
    company_types = {
        "inspection_act",
        "vet_sanitary_conclusion",
        "registration_confirmation",
        "licence",
        "licence_annex",
    }
    return HOLDERS["company" if doc_type in company_types else "person"]
