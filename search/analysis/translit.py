"""Latin spellings of Kazakh and Russian names and words (passports, e-mail, a Latin keyboard) read back as
Cyrillic: «Kasymova» → «касымова», «Zhaksylyk» → «жаксылык».  The result has no Kazakh letters, so it is
matched against the folded field (search.analysis.fold), where «Қасымова» is «касымова» too.  Both the
official Latin alphabet of 2021 (q, ǵ, ń, ú …) and the passport transliteration (kh, zh, sh …) are read."""

from __future__ import annotations

import re
import unicodedata

# Longest first: «shch» before «sh» before «s».
_DIGRAPHS = [
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"),
    ("ya", "я"), ("ia", "я"), ("yu", "ю"), ("iu", "ю"), ("yo", "ё"), ("ye", "е"), ("gh", "г"), ("ng", "н"),
]  # fmt: skip
_LETTERS = str.maketrans(
    {
        "a": "а", "b": "б", "c": "с", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "ж",
        "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т",
        "u": "у", "v": "в", "w": "у", "x": "кс", "y": "ы", "z": "з", "ä": "а", "á": "а", "ǵ": "г", "ğ": "г",
        "ı": "ы", "ń": "н", "ñ": "н", "ö": "о", "ó": "о", "ú": "у", "ü": "у", "ū": "у", "ş": "ш", "ç": "ч",
    }
)  # fmt: skip
_LATIN_WORD = re.compile(r"^[a-zäáǵğıńñöóúüūşç]+$")


def is_latin(word: str) -> bool:
    return bool(_LATIN_WORD.match(unicodedata.normalize("NFC", word.lower())))


def to_cyrillic(word: str) -> list[str]:
    """The Cyrillic readings of a Latin word, without Kazakh letters (lower case): «Aigerim» is «айгерим»
    or «аигерим»; a word that is not Latin comes back alone and unchanged."""
    word = unicodedata.normalize("NFC", word.lower())
    if not is_latin(word):
        return [word]
    for latin, cyrillic in _DIGRAPHS:
        word = word.replace(latin, cyrillic)
    word = re.sub(r"(?<=[aeiou])y(?=[aeiou]|$)", "й", word)  # «Nurlybay», «Raiymbek»
    plain = word.translate(_LETTERS)
    glided = re.sub(r"(?<=[aeo])i(?![aeiou])", "й", word).translate(_LETTERS)  # «Aigerim», «Kairat»
    single = [re.sub(r"([бвгджзклмнпрстфхцчшщ])\1", r"\1", reading) for reading in (glided, plain)]  # «Assel»
    return list(dict.fromkeys([glided, plain, *single]))
