"""Act metadata from the header line (DOMAIN §5.1 item 3) and the status badge."""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from .nodes import Builder
from .tree import ActMetadata, ApprovedDocument, Node

MONTHS = (
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
)
_DATE = r"(?P<{p}y>\d{{4}}) жылғы (?P<{p}d>\d{{1,2}}) (?P<{p}m>[^\s\d]+) № ?(?P<{p}no>[\w/-]+)"
HEADER = re.compile(
    r"^(?P<issuer>.+?) " + _DATE.format(p="") + r" (?P<kind>бұйрығы|қаулысы|шешімі)\.\s*"
    r"(?P<registrar>.+?) " + _DATE.format(p="reg_") + r" болып тіркелді"
    r"(?:\.\s*Күші жойылды\s*[-–]\s*(?P<rep_issuer>.+?) "
    + _DATE.format(p="rep_")
    + r" (?P<rep_kind>қаулысымен|бұйрығымен|шешімімен))?\.?$"
)
ACT_TYPES = {"бұйрығы": "order", "қаулысы": "resolution", "шешімі": "decision"}
STAMP_NUMBER = re.compile(r"№\s?(\d+)\s+(?:қаулысымен|бұйрығымен|шешімімен)\s+бекітілген")
REPEALED_BADGES = ("Күшін жойған", "Күші жойылған")


def _iso(builder: Builder, header: Node, match: re.Match[str], prefix: str) -> str:
    month = next((k for k, stem in enumerate(MONTHS, start=1) if match[f"{prefix}m"].startswith(stem)), 0)
    try:
        return date(int(match[f"{prefix}y"]), month, int(match[f"{prefix}d"])).isoformat()
    except ValueError:
        raise builder.error(
            header.lines[0],
            _("the date «%(date)s» in the header is not a valid date")
            % {"date": f"{match[f'{prefix}y']} жылғы {match[f'{prefix}d']} {match[f'{prefix}m']}"},
        ) from None


def _nominative(genitive: str) -> str:
    """«…министрінің» → «…министрі», «…әкімдігінің» → «…әкімдігі» (the issuer as a name)."""
    return re.sub(r"(?<=[іы])(ның|нің)$|(дың|дің|тың|тің)$", "", genitive)


def _without_locative(locative: str) -> str:
    """«…министрлігінде» → «…министрлігі», «…департаментінде» → «…департаменті»."""
    return re.sub(r"(?<=[іы])(нда|нде)$|(да|де|та|те)$", "", locative)


def parse_metadata(
    builder: Builder, code: str, header: Node, badge: Node | None, documents: list[ApprovedDocument]
) -> ActMetadata:
    match = HEADER.match(header.text)
    if match is None:
        raise builder.error(
            header.lines[0],
            _(
                "the header does not read «<issuer> <date> № <number> бұйрығы|қаулысы. <registrar> <date> "
                "№ <number> болып тіркелді[. Күші жойылды - …]»"
            ),
        )
    repealed_by = repealed_date = ""
    if match["rep_issuer"]:
        kind = {"қаулысымен": "қаулысы", "бұйрығымен": "бұйрығы", "шешімімен": "шешімі"}[match["rep_kind"]]
        repealed_by = (
            f"{match['rep_issuer']} {match['rep_y']} жылғы {match['rep_d']} {match['rep_m']} "
            f"№ {match['rep_no']} {kind}"
        )
        repealed_date = _iso(builder, header, match, "rep_")
    repealed = bool(repealed_by) or (badge is not None and badge.text in REPEALED_BADGES)
    stamp_numbers = [m.group(1) for doc in documents if (m := STAMP_NUMBER.search(doc.stamp.text))]
    stamp_number = next((n for n in stamp_numbers if n != match["no"]), "")
    return ActMetadata(
        code=code,
        act_type=ACT_TYPES[match["kind"]],
        issuing_body=_nominative(match["issuer"]),
        date=_iso(builder, header, match, ""),
        number=match["no"],
        registering_body=_without_locative(match["registrar"]),
        registration_date=_iso(builder, header, match, "reg_"),
        registration_number=match["reg_no"],
        status="repealed" if repealed else "in_force",
        repealed_by=repealed_by,
        repealed_date=repealed_date,
        stamp_number=stamp_number,
    )
