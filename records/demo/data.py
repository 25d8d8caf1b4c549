"""Made-up but realistic demo content: applicants with valid IIN/BIN and the filing data of each service."""

from __future__ import annotations

import random
from datetime import date

from ..applicants import Applicant
from ..identifiers import make_bin, make_iin

PEOPLE = [
    ("Асқаров Нұрлан Серікұлы", False),
    ("Жұмабаева Айгүл Қайратқызы", True),
    ("Омаров Ерлан Бақытұлы", False),
    ("Сейітова Динара Маратқызы", True),
    ("Тоқтаров Бауыржан Әлібекұлы", False),
    ("Қасымова Гүлнар Ерболқызы", True),
    ("Нұрланов Асхат Жанұлы", False),
    ("Мұқанова Сәуле Бекқызы", True),
    ("Ибраев Дәурен Төлегенұлы", False),
    ("Әбдірахманова Жанар Сағатқызы", True),
    ("Бекетов Самат Нұрболұлы", False),
    ("Ахметова Меруерт Дастанқызы", True),
    ("Сұлтанов Ғалым Әділұлы", False),
    ("Есенова Әсел Тимурқызы", True),
    ("Жақсылықов Арман Болатұлы", False),
    ("Қуанышева Ботагөз Мұратқызы", True),
    ("Рахимов Ержан Сейітұлы", False),
    ("Төлеуова Ақмарал Нұрлықызы", True),
    ("Мамырбеков Талғат Ерғалиұлы", False),
    ("Исаева Зарина Русланқызы", True),
    ("Оспанов Мейірбек Қанатұлы", False),
    ("Байжанова Лаура Айдосқызы", True),
    ("Шәріпов Нұржан Әбілұлы", False),
    ("Смағұлова Гаухар Ілиясқызы", True),
]
COMPANIES = [
    "«Жамбыл Агро» ЖШС",
    "«Тараз Сүт» ЖШС",
    "«Мерке Ет» ЖШС",
    "«Қордай Құс» АҚ",
    "«Шу Мал Өнімдері» ЖШС",
    "«Аса Жем» ЖШС",
    "«Талас Ветсервис» ЖШС",
    "«Байзақ Агрохолдинг» ЖШС",
    "«Жуалы Бал» ШҚ",
    "«Сарысу Ет Комбинаты» АҚ",
]
STREETS = ["Абай", "Төле би", "Жамбыл", "Қазыбек би", "Сүлейменов", "Рысқұлов", "Бауыржан Момышұлы"]
PLACES = [
    "Тараз қ.",
    "Жамбыл ауд., Аса а.",
    "Байзақ ауд., Сарыкемер а.",
    "Мерке ауд., Мерке а.",
    "Шу ауд., Шу қ.",
]
OBJECTS = [
    "Сүт өңдеу цехы",
    "Ет дүкені",
    "Мал сою алаңы",
    "Құс фабрикасы",
    "Жем қоймасы",
    "Ветеринариялық дәріхана",
]
ACTIVITIES = [
    "сүт және сүт өнімдерін өндіру",
    "ет өнімдерін сақтау және сату",
    "ауыл шаруашылығы жануарларын союға дайындау",
    "жем және жемазық қоспаларын сату",
    "ветеринариялық препараттарды сату",
]
ANIMALS = ["сиыр", "қой", "ешкі", "жылқы", "түйе"]
LICENSED = [
    "ветеринариялық-санитариялық сараптама",
    "ветеринариялық препараттарды өндіру",
    "жануарларды емдеу (ветеринариялық клиника)",
]


def _iin(index: int, female: bool) -> str:
    born = date(1960 + index % 35, 1 + index % 12, 1 + index % 27)
    serial = 100 + index * 7
    while (number := make_iin(born, female=female, serial=serial)) is None:
        serial += 1
    return number


def _bin(index: int) -> str:
    serial = 300 + index * 11
    while (number := make_bin(2005 + index, 1 + index % 12, serial=serial)) is None:
        serial += 1
    return number


def demo_identifiers() -> list[tuple[str, str, str]]:
    """(kind, IIN/BIN, name) of every demo applicant."""
    people = [(Applicant.INDIVIDUAL, _iin(i, female), name) for i, (name, female) in enumerate(PEOPLE)]
    return people + [(Applicant.LEGAL_ENTITY, _bin(i), name) for i, name in enumerate(COMPANIES)]


def _address(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)}, {rng.choice(STREETS)} к-сі, {rng.randint(1, 180)}"


def filing_data(service: str, kind: str, rng: random.Random, serial: int, channel: str) -> dict:
    """What an applicant writes in the application of ``service`` / ``kind``."""
    if service == "vet_sanitary_conclusion":
        return {
            "object_name": rng.choice(OBJECTS),
            "object_address": _address(rng),
            "activity": rng.choice(ACTIVITIES),
        }
    if service == "vet_certificate":
        if rng.random() < 0.6:
            return {
                "subject": "animal",
                "description": f"{rng.choice(ANIMALS)}, {rng.randint(1, 40)} бас",
                "animal_number": f"KZ4{serial:07d}",
                "destination": rng.choice(PLACES),
            }
        return {
            "subject": "products",
            "description": f"сиыр еті, {rng.randint(50, 900)} кг",
            "destination": rng.choice(PLACES),
        }
    if service == "registration_number":
        data = {
            "facility_name": rng.choice(OBJECTS),
            "facility_address": _address(rng),
            "activity": rng.choice(ACTIVITIES),
        }
        if kind != "assign":
            data["previous_accounting_number"] = f"ZHM-2023-{serial % 90000:05d}"
        if kind == "reregister_name_or_form":
            data["new_name"] = rng.choice(COMPANIES)
        return data
    if service == "animal_identification":
        if kind in ("identify_with_passport", "reidentify_lost_tag"):
            return {
                "species": rng.choice(ANIMALS),
                "head_count": rng.randint(1, 30),
                "animal_number": f"KZ5{serial:07d}",
            }
        return {"animal_number": f"KZ5{serial:07d}"}
    if service == "attestation":
        return {"activity": rng.choice(ACTIVITIES)}
    data = {"activity": rng.choice(LICENSED)}
    if channel == "portal":
        data["payment_reference"] = f"EGOV-PAY-{serial:08d}"
    return data
