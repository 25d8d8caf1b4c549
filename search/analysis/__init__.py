"""Kazakh text analysis shared by every search backend (index time and query time).

normalize("Мемлекеттiк")          -> "мемлекеттік"   (NFC, lower case, Latin homoglyphs → Cyrillic)
tokens("Лицензиялар беру.")       -> [Token("лицензиялар", 0, 11), Token("беру", 12, 16)]
stem("лицензиялардың")            -> "лицензия"      (hunspell-kk stems + suffix-stripping fallback)
analyze(text) -> Analysis(stems="…", words="…")  the pre-analysed fields every backend indexes
"""

from .kazakh import Analysis, analyze, query_stems, stem, stems_of
from .normalize import Token, fold, normalize, normalize_word, tokens

__all__ = [
    "Analysis",
    "Token",
    "analyze",
    "fold",
    "normalize",
    "normalize_word",
    "query_stems",
    "stem",
    "stems_of",
    "tokens",
]
