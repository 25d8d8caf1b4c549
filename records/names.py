"""Names of applicants and representatives as people type them: Kazakh and Russian Cyrillic letters, hyphen,
apostrophe and space (``"Жұмабаева Айгүл"``, ``"Әл-Фараби"``); "John Smith", a mixture of Cyrillic and
Latin or "123 <b>x</b>" are refused.  An organisation's name may also carry the quotation marks, digits and
punctuation of its registered name (``«Тараз Сүт» ЖШС``, ``«Береке-2» ЖШС``), still in Cyrillic only."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Russian letters and the nine Kazakh ones (ә ғ қ ң ө ұ ү һ і).
LETTERS = "А-Яа-яЁё" + "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
PERSON = re.compile(rf"[{LETTERS}]+(?:[ '’-][{LETTERS}]+)*")
ORGANISATION = re.compile(rf"[{LETTERS}0-9 '’«»\"“”.,№()-]+")
HAS_LETTER = re.compile(rf"[{LETTERS}]")


def clean_spaces(value: str) -> str:
    return " ".join(str(value).split())


def validate_person_name(value: str) -> str:
    """The name without extra spaces; ``ValidationError`` unless it is Cyrillic letters, hyphen,
    apostrophe and space."""
    name = clean_spaces(value)
    if not PERSON.fullmatch(name):
        raise ValidationError(
            _(
                "Write the name in Kazakh or Russian letters; only a hyphen, an apostrophe and spaces may "
                "stand between them."
            ),
            code="name_letters",
        )
    return name


def validate_organisation_name(value: str) -> str:
    name = clean_spaces(value)
    if not ORGANISATION.fullmatch(name) or not HAS_LETTER.search(name):
        raise ValidationError(
            _(
                "Write the organisation's name in Kazakh or Russian letters as registered (quotation "
                "marks, digits and hyphens are allowed)."
            ),
            code="name_letters",
        )
    return name


def validate_name(value: str, kind: str = "individual") -> str:
    """A person's name for an individual (``kind`` "individual"), an organisation's otherwise."""
    return validate_person_name(value) if kind == "individual" else validate_organisation_name(value)


def same_name(first: str, second: str) -> bool:
    """The same name, whatever the case, spacing or apostrophe used."""

    def key(name: str) -> str:
        return clean_spaces(name).replace("’", "'").replace("ё", "е").replace("Ё", "Е").casefold()

    return key(first) == key(second)
