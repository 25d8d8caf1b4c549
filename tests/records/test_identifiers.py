"""IIN / BIN validation: the check digit (two passes, mod 11), the encoded date and kind digits."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from records.identifiers import check_digit, make_bin, make_iin, parse_bin, parse_iin, validate_identifier

TODAY = date(2025, 3, 12)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
serials = st.integers(min_value=0, max_value=9999)


def reference_check_digit(eleven: str) -> int | None:
    """The published algorithm, written out independently of the module under test."""
    digits = [int(c) for c in eleven]
    first = sum(d * (i + 1) for i, d in enumerate(digits)) % 11
    if first != 10:
        return first
    weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    second = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    return None if second == 10 else second


# Hand-checked: 8,8,0,5,1,5,3,0,0,1,2 · 1..11 = 8+16+0+20+5+30+21+0+0+10+22 = 132 = 12·11 → digit 0.
def test_known_check_digit():
    assert check_digit("88051530012") == 0
    parse_iin("880515300120", today=TODAY)


def test_second_pass_is_used_when_the_first_gives_ten():
    # 0,0,0,0,0,0,0,0,0,1,0 · 1..11 = 10 → second pass: weight 1 at position 10 → 1.
    assert check_digit("00000000010") == 1


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_check_digit_matches_the_published_algorithm(eleven):
    assert check_digit(eleven) == reference_check_digit(eleven)


@given(births, st.booleans(), serials)
def test_generated_iins_are_valid_and_decode(born, female, serial):
    number = make_iin(born, female=female, serial=serial)
    assume(number is not None)
    info = parse_iin(number, today=TODAY)
    assert info.birth_date == born
    assert info.sex == ("female" if female else "male")


def _first_pass(eleven: str) -> int:
    return sum(int(c) * (i + 1) for i, c in enumerate(eleven)) % 11


@given(births, st.booleans(), serials, st.integers(min_value=0, max_value=11), st.integers(1, 9))
def test_a_changed_digit_is_caught(born, female, serial, position, delta):
    number = make_iin(born, female=female, serial=serial)
    assume(number is not None)
    wrong = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    # Weights 1..10 are invertible mod 11, so a change in digits 1-10 always moves the first-pass sum; the
    # 11th digit's weight (11) is 0 mod 11 and the check digit itself is compared directly.  Only a number
    # that needs the second pass can hide a change; the published algorithm accepts that.
    second_pass = _first_pass(number[:11]) == 10 or _first_pass(wrong[:11]) == 10
    if position != 10 and not second_pass:
        with pytest.raises(ValidationError):
            parse_iin(wrong, today=TODAY)
    accepted = reference_check_digit(wrong[:11]) == int(wrong[11])
    if not accepted:
        with pytest.raises(ValidationError):
            parse_iin(wrong, today=TODAY)


@given(births, serials)
def test_swapped_neighbours_are_caught(born, serial):
    number = make_iin(born, female=False, serial=serial)
    assume(number is not None)
    swapped = number[7] + number[8]
    candidate = number[:7] + swapped[::-1] + number[9:]
    assume(candidate != number)
    assume(_first_pass(number[:11]) != 10 and _first_pass(candidate[:11]) != 10)  # see above
    with pytest.raises(ValidationError):
        parse_iin(candidate, today=TODAY)


@given(
    st.integers(2000, 2024),
    st.integers(1, 12),
    st.sampled_from([4, 5, 6]),
    st.sampled_from([0, 1, 2, 3]),
    st.integers(0, 99999),
)
def test_generated_bins_are_valid_and_decode(year, month, entity, unit, serial):
    number = make_bin(year, month, entity_type=entity, unit_type=unit, serial=serial)
    assume(number is not None)
    info = parse_bin(number)
    assert (info.registered_year_2, info.registered_month, info.entity_type, info.unit_type) == (
        year % 100,
        month,
        entity,
        unit,
    )


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_numbers_without_a_possible_check_digit_are_refused(nine):
    # Complete nine digits with the two that make both passes give 10 (such numbers are never issued).
    candidates = [nine + f"{a}{b}" for a in range(10) for b in range(10)]
    impossible = [c for c in candidates if reference_check_digit(c) is None]
    assume(impossible)
    eleven = impossible[0]
    assert check_digit(eleven) is None
    for last in "0123456789":
        with pytest.raises(ValidationError):
            parse_iin(eleven + last, today=TODAY)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("88051530012", "length"),
        ("8805153001200", "length"),
        ("88051530012a", "length"),
        ("880515300121", "checksum"),
    ],
)
def test_malformed_iins(value, code):
    with pytest.raises(ValidationError) as error:
        parse_iin(value, today=TODAY)
    assert error.value.code == code


def test_iin_with_an_impossible_date_or_century():
    born_31_feb = "880231" + "3" + "0001"
    digit = check_digit(born_31_feb)
    with pytest.raises(ValidationError) as error:
        parse_iin(born_31_feb + str(digit), today=TODAY)
    assert error.value.code == "birth_date"
    for century in "0789":
        first = "880515" + century + "0001"
        digit = check_digit(first)
        if digit is not None:
            with pytest.raises(ValidationError) as error:
                parse_iin(first + str(digit), today=TODAY)
            assert error.value.code == "century"


def test_iin_born_in_the_future():
    number = make_iin(date(2025, 6, 1), female=True, serial=12) or make_iin(
        date(2025, 6, 1), female=True, serial=13
    )
    with pytest.raises(ValidationError) as error:
        parse_iin(number, today=TODAY)
    assert error.value.code == "birth_date"


def test_a_bin_is_not_an_iin_and_back():
    bin_number = next(n for s in range(100) if (n := make_bin(2015, 3, serial=s)))
    iin_number = next(n for s in range(100) if (n := make_iin(date(1988, 5, 15), female=False, serial=s)))
    with pytest.raises(ValidationError) as error:
        parse_iin(bin_number, today=TODAY)
    with translation.override("en"):
        assert error.value.code == "is_bin" and "BIN" in str(error.value.messages[0])
    with pytest.raises(ValidationError) as error:
        parse_bin(iin_number)
    assert error.value.code == "is_iin"


def test_bin_with_a_wrong_month_or_unit():
    for first, code in (("151341000012"[:11], "month"), ("15034900001", "unit_type")):
        digit = check_digit(first)
        assert digit is not None
        with pytest.raises(ValidationError) as error:
            parse_bin(first + str(digit))
        assert error.value.code == code


def test_spaces_are_tolerated():
    number = next(n for s in range(100) if (n := make_iin(date(1988, 5, 15), female=False, serial=s)))
    spaced = f"{number[:6]} {number[6:]}"
    assert validate_identifier(spaced, "iin") == number


def test_representatives_iin_is_stored_without_the_dashes_people_type():
    from records.filing import RepresentativeForm

    iin = make_iin(date(1988, 5, 15), female=False, serial=3000)
    typed = f"{iin[:6]}-{iin[6:9]} {iin[9:]}"
    form = RepresentativeForm(
        data={
            "name": "Асқаров Ержан",
            "iin": typed,
            "power_of_attorney_no": "12",
            "power_of_attorney_date": "2024-01-10",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["iin"] == iin
