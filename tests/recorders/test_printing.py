"""The printed journal: landscape, the cover, the 8 column headings of the appendix in their cells (read
back with pdftotext -bbox), struck-through corrections, page numbers and the page-count certification."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from catalogue.journal import COLUMN_HEADINGS
from certificates.layouts.recorder_journal import WIDTHS_MM
from certificates.pdf.base import LEFT
from records.errors import PermissionDenied
from records.recorders import services
from records.recorders.printing import journal_context

from .conftest import at, issue, password, through_upload

pytestmark = pytest.mark.django_db

# DOMAIN §1.6, typed here independently of the layout module.
EXPECTED_HEADINGS = [
    "Р/с №",
    "Бейнетіркегіштің (жад картасының) түгендеу нөмірі",
    "Мемлекеттік ветеринариялық-санитариялық инспектордың аты, әкесінің аты (бар болса), тегі",
    "Алған күні мен уақыты, қолы",
    "Тапсырған күні мен уақыты, қолы",
    "Ақпаратты жүктеп алған күні мен уақыты",
    "Жауапты адамның аты, әкесінің аты (бар болса), тегі және қолы",
    "Ескертпе",
]


def tool(*args: str) -> str:
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} is missing: run `make setup`")
    return subprocess.run(args, capture_output=True, check=True, timeout=60).stdout.decode()


def words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(x, y, word) of one page in points from the top left, as pdftotext -bbox reads them."""
    out = tool("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', out
    )
    return [(float(x), float(y), html.unescape(w)) for x, y, w in found]


def header_cells(pdf: Path, page: int) -> list[str]:
    """The text of each of the 8 header cells (the band above the row of column numbers 1-8)."""
    found = words(pdf, page)
    numbers_y = next(
        y
        for x, y, w in found
        if w == "1" and {str(n) for n in range(2, 9)} <= {v for _, yy, v in found if abs(yy - y) < 1}
    )
    edges = [LEFT / mm]
    for width in WIDTHS_MM:
        edges.append(edges[-1] + width)
    cells = [""] * 8
    for x, y, word in found:
        if y >= numbers_y - 1:
            continue
        column = next(i for i in range(8) if edges[i] * mm <= x < edges[i + 1] * mm)
        cells[column] += word
    return cells


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def journal(staff, unit, book, devices, clock, tmp_path):
    first = issue(staff, unit, devices.prepared())
    clock.set(at(2025, 3, 12, 9, 0))
    services.start_recording(first, by=staff.inspector)
    pause = services.pause_for_meal(first, by=staff.inspector, spoken_at=at(2025, 3, 12, 9, 0))
    services.resume_after_meal(first, by=staff.inspector, spoken_at=at(2025, 3, 12, 9, 0))
    services.write_pause_note(pause, by=staff.rp)
    services.correct_entry(
        first, column=2, new_value="БТ-7777 / ЖК-8888", reason="Нөмірі қате жазылған", by=staff.rp
    )
    second = issue(staff, unit, devices.prepared(), staff.inspector2)
    clock.set(at(2025, 3, 12, 18, 5))
    through_upload(staff, first, b"one")
    services.start_recording(second, by=staff.inspector2)
    services.return_equipment(second, by=staff.rp, inspector_password=password(staff.inspector2))
    pdf = tmp_path / "journal.pdf"
    pdf.write_bytes(services.journal_pdf(book, by=staff.head))
    return pdf, first


def test_the_headings_are_the_appendix_headings():
    assert list(COLUMN_HEADINGS) == EXPECTED_HEADINGS  # read by the screens, the PDF and the importer


def test_each_column_heading_stands_in_its_own_cell(journal):
    pdf, _ = journal
    assert [squeeze(c) for c in header_cells(pdf, 2)] == [squeeze(h) for h in EXPECTED_HEADINGS]


def test_landscape_cover_rows_corrections_and_certification(journal, unit):
    pdf, first = journal
    info = tool("pdfinfo", str(pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape
    text = " ".join(tool("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())
    cover = " ".join(tool("pdftotext", "-f", "1", "-l", "1", str(pdf), "-").split())
    assert "Бейнетіркегішті (жад картасын) беруді, өткізуді және фото және бейнежазбаларды түсіруді" in cover
    assert unit.name in cover
    assert "аумақтық бөлімшесінің атауы" in cover
    assert '2025 жылғы "12" наурыз басталды' in cover
    assert '20__ жылғы "___" __________ аяқталды' in cover
    assert f"Парақ 1 / {pages}" in text and f"Парақ {pages} / {pages}" in text
    assert "Тамақтануға үзіліс: 09:00–09:00" in text
    assert first.inventory_numbers in text and "БТ-7777 / ЖК-8888" in text
    assert (
        "«Түзетілді» 12.03.2025 09:00, Гүлнар Сәрсенқызы Ахметова; 2-баған; себебі: Нөмірі қате жазылған"
        in text
    )
    last = " ".join(tool("pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-").split())
    assert f"Осы журналда {pages} парақ нөмірленді, тігілді және мөрмен бекемделді" in last


def test_the_struck_value_is_drawn_through(journal, staff, unit):
    """The old value keeps its own segment, followed by the new one."""
    _, first = journal
    row = journal_context(first.book)["payload"]["rows"][0]
    assert row[1] == [
        {"text": first.inventory_numbers, "struck": True},
        {"text": "БТ-7777 / ЖК-8888", "struck": False},
    ]
    assert row[3] == "12.03.2025 08:50\nқолы қойылды"
    assert row[4] == "12.03.2025 18:05\nқолы қойылды"


def test_a_long_journal_repeats_its_header_on_every_page(staff, unit, book, devices, clock, tmp_path):
    for n in range(45):
        inspector = staff.inspector if n % 2 == 0 else staff.inspector2
        entry = issue(staff, unit, devices.prepared(), inspector)
        services.report_loss_or_damage(entry, by=staff.rp, kind="damaged", description=f"Сынық {n}.")
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(services.journal_pdf(book, by=staff.rp))
    pages = int(re.search(r"Pages:\s+(\d+)", tool("pdfinfo", str(pdf))).group(1))
    assert pages >= 4
    table_pages = [p for p in range(1, pages + 1) if any(w == "Сынық" for _, _, w in words(pdf, p))]
    assert table_pages == list(range(2, len(table_pages) + 2))
    for page in table_pages:
        assert [squeeze(c) for c in header_cells(pdf, page)] == [squeeze(h) for h in EXPECTED_HEADINGS]
    rows = " ".join(w for p in table_pages for _, _, w in words(pdf, p))
    assert all(f"Сынық {n}." in rows for n in range(45))


def test_only_the_responsible_person_and_the_head_print_it(staff, book):
    for user in (staff.inspector, staff.other_rp, staff.admin):
        with pytest.raises(PermissionDenied):
            services.journal_pdf(book, by=user)
