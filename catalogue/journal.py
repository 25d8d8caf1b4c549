"""The recorder journal of act 000 (appendix «Нысан», DOMAIN §1.6): its eight column headings, once.

They are the form's own words (extraction damage repaired) and journal content, so they stay Kazakh in every
interface language: the screens (records.recorders), the printed journal (certificates.layouts) and the
importer's check of the act's text (portal.importer) all read this tuple.
"""

from __future__ import annotations

COLUMN_HEADINGS: tuple[str, ...] = (
    "Р/с №",
    "Бейнетіркегіштің (жад картасының) түгендеу нөмірі",
    "Мемлекеттік ветеринариялық-санитариялық инспектордың аты, әкесінің аты (бар болса), тегі",
    "Алған күні мен уақыты, қолы",
    "Тапсырған күні мен уақыты, қолы",
    "Ақпаратты жүктеп алған күні мен уақыты",
    "Жауапты адамның аты, әкесінің аты (бар болса), тегі және қолы",
    "Ескертпе",
)
