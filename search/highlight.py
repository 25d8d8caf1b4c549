"""Snippets highlighted on the original text, the same whatever the backend: a word is marked when its stem
is one of the query's stems, a run of words when it is one of the query's "phrases".  (Never the search
server's highlighter: the text it would highlight is the pre-analysed field, not what the reader sees.)"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz.distance import OSA

from .analysis import fold, stem, tokens
from .analysis.expand import max_edits

SNIPPET_LENGTH = 240


def marked_spans(
    text: str,
    stems: list[str],
    phrases: list[list[str]],
    folded: set[str] = frozenset(),
    typos: set[str] = frozenset(),
) -> list[tuple[int, int]]:
    """(start, end) offsets in ``text`` of the words to mark, in order, merged where they touch: words whose
    stem is wanted, whose stem without Kazakh letters is in ``folded``, or whose stem is within the allowed
    edits of a word typed with a typo (as the search matched it)."""
    found = tokens(text)
    wanted = set(stems)
    spans = [(t.start, t.end) for t in found if _wanted(t.word, wanted, folded, typos)]
    words = [t.word for t in found]
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if words[i : i + size] == phrase:
                spans.append((found[i].start, found[i + size - 1].end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1 and text[merged[-1][1] : start].strip() == "":
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _wanted(word: str, stems: set[str], folded: set[str], typos: set[str]) -> bool:
    if not (stems or folded or typos):
        return False
    stemmed = stem(word)
    if stemmed in stems or (folded and fold(stemmed) in folded):
        return True
    return any(_near(typo, stemmed) for typo in typos)


def _near(typo: str, stemmed: str) -> bool:
    edits = max_edits(typo)
    return typo[:1] == stemmed[:1] and OSA.distance(typo, stemmed, score_cutoff=edits) <= edits


def snippet(
    text: str,
    stems: list[str],
    phrases: list[list[str]] = (),
    length: int = SNIPPET_LENGTH,
    folded: set[str] = frozenset(),
    typos: set[str] = frozenset(),
) -> SafeString:
    """About ``length`` characters of ``text`` around its first marked word, HTML-escaped, with <mark>."""
    spans = marked_spans(text, stems, list(phrases), folded, typos)
    start = 0
    if spans and len(text) > length:
        start = max(0, spans[0][0] - length // 3)
        while 0 < start < len(text) and not text[start - 1].isspace():  # start on a word
            start += 1
    end = min(len(text), start + length)
    while start < end < len(text) and not text[end].isspace():  # end on a word
        end -= 1
    if end <= start:
        end = min(len(text), start + length)
    html, position = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        html.append(escape(text[position:span_start]))
        html.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    html.append(escape(text[position:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(html) + suffix)  # noqa: S308 - every piece is escaped above
