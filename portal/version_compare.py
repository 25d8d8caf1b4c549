"""Point-by-point comparison of two versions of an act: points are matched by their permalink anchor (eId),
and the words of a changed point are diffed, additions in <ins>, deletions in <del>.

Each mark carries a visually hidden «added:»/«deleted:» so that screen readers, which mostly ignore the
elements themselves, announce the change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.translation import gettext

_TOKENS = re.compile(r"\s+|[^\s]+")
_FRONT = {"title", "header", "status_badge", "note", "preamble", "signature"}


@dataclass
class Item:
    key: str  # the anchor (eId) when the point has one
    label: str
    text: str


@dataclass
class Change:
    kind: str  # "changed" | "added" | "deleted"
    item: Item
    html: str


def _front_label(kind: str) -> str:
    # The msgids are listed literally for makemessages.
    labels = {
        "title": gettext("Title"),
        "header": gettext("Header"),
        "status_badge": gettext("Status mark"),
        "note": gettext("Note of the publisher"),
        "preamble": gettext("Preamble"),
        "signature": gettext("Signature"),
    }
    return labels.get(kind, kind)


def _point_label(kind: str, number: str, depth: int) -> str:
    if not number:
        return gettext("Paragraph")
    if kind == "point" or (depth == 0 and kind != "subpoint"):
        return gettext("Point %(number)s") % {"number": number}
    return gettext("Sub-point %(number)s") % {"number": number}


def _points(raw: Iterable[dict], prefix: str, depth: int = 0) -> Iterator[Item]:
    for item in raw:
        value = item.get("value") or {}
        kind = item.get("type") or ""
        label = _point_label(kind, str(value.get("number") or ""), depth)
        full = f"{prefix} {label}".strip() if depth == 0 else f"{prefix}, {label}"
        yield Item(value.get("anchor") or f"{prefix}/{item.get('id', '')}", full, value.get("text") or "")
        yield from _points(value.get("children") or (), full, depth + 1)


def act_items(act, documents: Iterable) -> list[Item]:
    """Every text of the act and its documents in reading order, keyed by anchor."""
    items: list[Item] = []
    for block in act.body.raw_data:
        kind = block.get("type") or ""
        value = block.get("value") or {}
        if kind in _FRONT:
            items.append(Item(value.get("anchor") or kind, _front_label(kind), value.get("text") or ""))
        else:
            items.extend(_points([block], ""))
    for doc in documents:
        items.extend(document_items(doc))
    return items


def document_items(doc) -> list[Item]:
    prefix = gettext("Document %(number)s") % {"number": doc.seq}
    items = [Item(doc.anchor or f"d{doc.seq}", prefix, doc.full_title or doc.title)]
    for block in doc.body.raw_data:
        value = block.get("value") or {}
        if block.get("type") == "division":
            title = value.get("title") or ""
            items.append(Item(value.get("anchor") or block.get("id", ""), f"{prefix}: {title[:60]}", title))
            items.extend(_points(value.get("content") or (), f"{prefix},"))
        else:
            items.extend(_points([block], f"{prefix},"))
    return items


def _marked(tag: str, label: str, text: str) -> str:
    return f'<{tag}><span class="visually-hidden">{escape(label)} </span>{escape(text)}</{tag}>'


def word_diff(old: str, new: str) -> str:
    """HTML of `new` with the words added since `old` in <ins> and the words removed in <del>."""
    added, deleted = gettext("added:"), gettext("deleted:")
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(_marked("del", deleted, "".join(a[i1:i2])))
        if j2 > j1:
            out.append(_marked("ins", added, "".join(b[j1:j2])))
    return "".join(out)


def compare(old: list[Item], new: list[Item]) -> list[Change]:
    """The added, deleted and changed points, in the order of the newer text."""
    old_keys, new_keys = [i.key for i in old], [i.key for i in new]
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes():
        if tag == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                if a.text != b.text:
                    changes.append(Change("changed", b, word_diff(a.text, b.text)))
            continue
        for a in old[i1:i2]:
            changes.append(Change("deleted", a, _marked("del", gettext("deleted:"), a.text)))
        for b in new[j1:j2]:
            changes.append(Change("added", b, _marked("ins", gettext("added:"), b.text)))
    return changes
