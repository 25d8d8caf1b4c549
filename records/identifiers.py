"""Kazakhstan's 12-digit identification numbers: IIN (individuals) and BIN (legal entities).

Both end with a check digit computed the same way: the weighted sum of the first eleven digits with the
weights 1..11, modulo 11; when that gives 10, a second pass with the weights 3..11, 1, 2; when that also
gives 10 the number cannot be valid (such numbers are never issued).

What else is checkable without the state databases:

* IIN: digits 1-6 are the birth date (YYMMDD); digit 7 gives the century and sex (1/2: 1800s, 3/4: 1900s,
  5/6: 2000s; odd = male, even = female).  The date must exist and not lie in the future.
* BIN: digits 1-4 are the registration year and month (YYMM; the month must be 01-12); digit 5 is the kind
  of entity (4: resident legal entity, 5: non-resident legal entity, 6: individual entrepreneur in joint
  venture); digit 6 is the unit (0: head office, 1: branch, 2: representative office, 3: peasant farm in
  joint venture).

Digit 5 alone tells the two apart: in an IIN it is the tens of the birth day (0-3), in a BIN it is 4-6.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

IdentifierKind = Literal["iin", "bin"]

_WEIGHTS_FIRST = tuple(range(1, 12))
_WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}
BIN_ENTITY_TYPES = {
    4: _("resident legal entity"),
    5: _("non-resident legal entity"),
    6: _("individual entrepreneur in a joint venture"),
}
BIN_UNIT_TYPES = {
    0: _("head office"),
    1: _("branch"),
    2: _("representative office"),
    3: _("peasant farm in a joint venture"),
}


@dataclass(frozen=True)
class IinInfo:
    birth_date: date
    sex: Literal["male", "female"]


@dataclass(frozen=True)
class BinInfo:
    registered_year_2: int  # two digits: the century is not encoded
    registered_month: int
    entity_type: int
    unit_type: int


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or None when no check digit can make them valid."""
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise ValueError("check_digit needs exactly eleven ASCII digits")
    digits = [int(c) for c in first_eleven]
    for weights in (_WEIGHTS_FIRST, _WEIGHTS_SECOND):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def normalize(value: str) -> str:
    """Strip spaces and dashes that people type into numbers ("880 515 300 123")."""
    return "".join(ch for ch in str(value) if ch not in " -\u00a0\t")


def _twelve_digits(value: str) -> str:
    number = normalize(value)
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        raise ValidationError(_("The number must have exactly 12 digits."), code="length")
    if check_digit(number[:11]) != int(number[11]):
        raise ValidationError(
            _("The number %(number)s is wrong: its check digit does not match. Check it for typos."),
            code="checksum",
            params={"number": number},
        )
    return number


def parse_iin(value: str, *, today: date | None = None) -> IinInfo:
    """Validate an IIN and return what it encodes; raises ``ValidationError`` with a clear message."""
    number = _twelve_digits(value)
    if int(number[4]) >= 4:
        raise ValidationError(
            _("%(number)s is a business identification number (BIN), not an individual's IIN."),
            code="is_bin",
            params={"number": number},
        )
    century_digit = int(number[6])
    if century_digit not in _CENTURIES:
        raise ValidationError(
            _("The 7th digit of an IIN must be 1-6 (century and sex of the holder)."), code="century"
        )
    try:
        born = date(_CENTURIES[century_digit] + int(number[:2]), int(number[2:4]), int(number[4:6]))
    except ValueError as exc:
        raise ValidationError(
            _("The first six digits of an IIN must be a date of birth (YYMMDD)."), code="birth_date"
        ) from exc
    if born > (today or date.today()):
        raise ValidationError(_("The date of birth in this IIN lies in the future."), code="birth_date")
    return IinInfo(birth_date=born, sex="male" if century_digit % 2 else "female")


def parse_bin(value: str) -> BinInfo:
    """Validate a BIN and return what it encodes; raises ``ValidationError`` with a clear message."""
    number = _twelve_digits(value)
    entity_type = int(number[4])
    if entity_type <= 3:
        raise ValidationError(
            _("%(number)s is an individual identification number (IIN), not a BIN."),
            code="is_iin",
            params={"number": number},
        )
    if entity_type not in BIN_ENTITY_TYPES:
        raise ValidationError(
            _("The 5th digit of a BIN must be 4, 5 or 6 (the kind of entity)."), code="entity_type"
        )
    month = int(number[2:4])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Digits 3-4 of a BIN must be the month of registration (01-12)."), code="month"
        )
    unit_type = int(number[5])
    if unit_type not in BIN_UNIT_TYPES:
        raise ValidationError(
            _("The 6th digit of a BIN must be 0-3 (head office, branch, representative office or farm)."),
            code="unit_type",
        )
    return BinInfo(int(number[:2]), month, entity_type, unit_type)


def validate_iin(value: str) -> None:
    """Django field validator for an IIN."""
    parse_iin(value)


def validate_bin(value: str) -> None:
    """Django field validator for a BIN."""
    parse_bin(value)


def validate_identifier(value: str, kind: IdentifierKind) -> str:
    """Validate an IIN or a BIN and return it without spaces."""
    if kind == "iin":
        parse_iin(value)
    elif kind == "bin":
        parse_bin(value)
    else:
        raise ValueError(f"Unknown identifier kind {kind!r}")
    return normalize(value)


def make_iin(born: date, *, female: bool, serial: int) -> str | None:
    """An IIN for the given holder (``serial`` 0-9999), or None if that serial has no valid check digit.

    Used by demo data and tests; real IINs are issued by the state.
    """
    century = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + int(female)
    first = f"{born:%y%m%d}{century}{serial:04d}"
    digit = check_digit(first)
    return None if digit is None else f"{first}{digit}"


def make_bin(year: int, month: int, *, entity_type: int = 4, unit_type: int = 0, serial: int) -> str | None:
    """A BIN (``serial`` 0-99999), or None if that serial has no valid check digit."""
    first = f"{year % 100:02d}{month:02d}{entity_type}{unit_type}{serial:05d}"
    digit = check_digit(first)
    return None if digit is None else f"{first}{digit}"
