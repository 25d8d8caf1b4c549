"""Fixtures shared by the page, publishing, site and workflow tests (imported by those modules)."""

from __future__ import annotations

import html
import re

import pytest
from django.core.cache import cache

from portal.importer.tree import Node, ParsedAct
from portal.publishing import publish_act

from .factories import make_parsed_act

_TAG_RE = re.compile(r"<[^>]+>")
# Block-level tags separate words; inline tags (span, a, strong…) may sit inside a word («20<span>__</span>»).
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|section|h[1-6]|li|ol|ul|br|td|th|tr|table|thead|tbody|nav|header|footer|dt|dd|dl|main|"
    r"article|caption|form|title|head|body|html|meta|link|button|label|input)\b[^>]*>",
    re.I,
)
_SKIP_BLOCKS_RE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rendered act bodies are cached by page id and revision ids, which a rolled-back test may reuse."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(db):
    """A repealed test act «003» (two regulations) and an in-force test act «000», published."""
    repealed = make_parsed_act("003", repealed=True)
    in_force = make_parsed_act("000", title="Күшіндегі сынақ қағидалары туралы", documents=1)
    return {"003": (repealed, publish_act(repealed)), "000": (in_force, publish_act(in_force))}


def walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from walk(node.children)


def all_nodes(parsed: ParsedAct):
    """Every text node of the act in reading order, written independently of portal.publishing."""
    yield parsed.title
    yield parsed.header
    if parsed.status_badge:
        yield parsed.status_badge
    yield from parsed.notes
    yield parsed.preamble
    yield from walk(parsed.points)
    yield parsed.signature
    for doc in parsed.documents:
        yield doc.stamp
        yield doc.title
        for division in doc.divisions:
            yield division.title
            yield from walk(division.points)
        for appendix in doc.appendices:
            for extra in (appendix.stamp, appendix.title):
                if extra is not None:
                    yield extra
            yield from walk(appendix.body)


def page_words(content: bytes | str) -> list[str]:
    text = content.decode() if isinstance(content, bytes) else content
    text = _SKIP_BLOCKS_RE.sub(" ", text)
    text = _BLOCK_TAG_RE.sub(" ", text)
    return html.unescape(_TAG_RE.sub("", text)).split()


def missing_words(parsed: ParsedAct, page_html: bytes | str) -> list[str]:
    """Words of the act's repaired text that do not appear, in order, on the page ([] = nothing lost).

    Greedy subsequence matching: each expected word is looked for after the previous match.
    """
    words = page_words(page_html)
    position = 0
    lost = []
    for node in all_nodes(parsed):
        for word in node.text.split():
            try:
                position = words.index(word, position) + 1
            except ValueError:
                lost.append(f"{node.anchor or node.kind}: {word}")
    return lost
