"""The reader's side of versions: `?at=YYYY-MM-DD` and `?compare=A..B` on the act and regulation pages.

`version_context` adds to a page's context what portal/includes/act_versions.html shows (the timeline,
a message about the date asked for) and, when a past text is asked for, replaces `rendered` (and `page`)
with that version rendered through portal.rendering without its cache: the cache holds live pages only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.template.defaultfilters import date as format_date
from django.utils.html import escape
from django.utils.translation import get_language, gettext

from portal.models import ApprovedDocumentPage, LegalActPage
from portal.rendering import Rendered, render_act, render_document_page
from portal.version_compare import Change, act_items, compare, document_items
from portal.version_models import ActVersion
from portal.versions import act_of, page_as_at, parse_day, version_object, versions_of

COMPARE = re.compile(r"^\s*(\d{1,4})\s*(?:\.\.|-|,)\s*(\d{1,4})\s*$")


@dataclass
class Versioning:
    """What the versions panel shows."""

    versions: list[ActVersion]
    base_url: str
    day: date | None = None
    shown: ActVersion | None = None
    message: str = ""
    problem: bool = False  # the message explains why the text asked for cannot be shown as asked
    compare: tuple[ActVersion, ActVersion] | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def has_inferred(self) -> bool:
        return any(v.has_inferred() for v in self.versions)

    @property
    def summary(self) -> str:
        return summary(self.counts)

    @property
    def pairs(self) -> list[tuple[ActVersion, ActVersion]]:
        return list(zip(self.versions, self.versions[1:], strict=False))


def _d(day: date | None) -> str:
    return format_date(day) if day else "—"


def _render(obj) -> Rendered:
    if isinstance(obj, LegalActPage):
        return render_act(obj, use_cache=False)
    return render_document_page(obj, use_cache=False)


def _period(version: ActVersion) -> str:
    if version.in_force_to:
        return gettext("in force from %(start)s to %(end)s") % {
            "start": _d(version.in_force_from),
            "end": _d(version.in_force_to),
        }
    return gettext("in force from %(start)s") % {"start": _d(version.in_force_from)}


def _at(page, act: LegalActPage, panel: Versioning, raw: str) -> dict:
    day = parse_day(raw)
    if day is None:
        panel.problem = True
        panel.message = gettext(
            "«%(value)s» is not a date. Write the date as YYYY-MM-DD, for example 2017-06-01."
        ) % {"value": raw[:40]}
        return {}
    panel.day = day
    obj, version = page_as_at(page, day)
    if version is not None:
        panel.shown = version
        panel.message = gettext("The text as in force on %(day)s: version %(number)s (%(period)s).") % {
            "day": _d(day),
            "number": version.number,
            "period": _period(version),
        }
        return {"page": obj, "self": obj, "rendered": _render(obj)}
    return _not_in_force(page, act, panel, day)


def _not_in_force(page, act: LegalActPage, panel: Versioning, day: date) -> dict:
    panel.problem = True
    if not panel.versions:
        panel.message = gettext("No dated versions of this act are recorded yet; the current text is shown.")
        return {}
    first, last = panel.versions[0], panel.versions[-1]
    if act.act_date and day < act.act_date:
        panel.message = gettext(
            "On %(day)s this act had not yet been adopted: it was adopted on %(date)s."
        ) % {
            "day": _d(day),
            "date": _d(act.act_date),
        }
        return {"rendered": Rendered(title_html=escape(act.title))}
    if first.in_force_from and day < first.in_force_from:
        shown = first
        panel.message = gettext(
            "On %(day)s this act had been adopted but was not yet in force: it entered into force on "
            "%(date)s. The text below is its first version."
        ) % {"day": _d(day), "date": _d(first.in_force_from)}
    else:
        shown = last
        panel.message = gettext(
            "On %(day)s this act was no longer in force: its last day in force was %(date)s. "
            "The text below is the last version that was in force."
        ) % {"day": _d(day), "date": _d(last.in_force_to)}
    panel.shown = shown
    obj = version_object(page, shown)
    return {"page": obj, "self": obj, "rendered": _render(obj)}


def _pick(versions: list[ActVersion], number: str) -> ActVersion | None:
    return next((v for v in versions if str(v.number) == number), None)


def _compare(page, panel: Versioning, raw: str) -> dict:
    match = COMPARE.match(raw)
    old = _pick(panel.versions, match[1]) if match else None
    new = _pick(panel.versions, match[2]) if match else None
    if old is None or new is None or old.pk == new.pk:
        panel.problem = True
        panel.message = gettext(
            "Choose two different versions to compare, for example ?compare=1..2 (there are %(count)s)."
        ) % {"count": len(panel.versions)}
        return {}
    if old.number > new.number:
        old, new = new, old
    panel.compare = (old, new)
    changes = compare(_items(page, old), _items(page, new))
    for change in changes:
        panel.counts[change.kind] = panel.counts.get(change.kind, 0) + 1
    html = _changes_html(changes, panel.base_url)
    return {"rendered": Rendered(title_html=escape(page.title), text_html=html)}


def _items(page, version: ActVersion):
    obj = version_object(page, version)
    if isinstance(obj, LegalActPage):
        documents = getattr(obj, "version_children", ((),))[0]
        return act_items(obj, documents)
    return document_items(obj)


def _changes_html(changes: list[Change], base_url: str) -> str:
    """The changed points as a list, each headed by a link to the point in the current text."""
    lang = escape(get_language() or "")
    if not changes:
        same = escape(gettext("The two versions have the same text."))
        return f'<p class="compare-none" lang="{lang}">{same}</p>'
    kinds = {"changed": gettext("changed"), "added": gettext("added"), "deleted": gettext("deleted")}
    out = ['<ol class="compare-list">']
    for change in changes:
        item = change.item
        href = f"{base_url}#{item.key}" if change.kind != "deleted" and "/" not in item.key else ""
        label = escape(item.label)
        heading = f'<a href="{escape(href)}">{label}</a>' if href else label
        out.append(
            f'<li class="compare-{change.kind}"><p class="compare-label" lang="{lang}">{heading} '
            f'<span class="compare-kind">({escape(kinds[change.kind])})</span></p>'
            f'<p class="compare-text">{change.html}</p></li>'
        )
    out.append("</ol>")
    return "".join(out)


def summary(counts: dict[str, int]) -> str:
    """«points changed: 3, points added: 1» in the reader's language (no plural forms needed)."""
    labels = {
        "changed": gettext("points changed: %(n)s"),
        "added": gettext("points added: %(n)s"),
        "deleted": gettext("points deleted: %(n)s"),
    }
    return ", ".join(label % {"n": counts[kind]} for kind, label in labels.items() if counts.get(kind))


def version_context(page, request) -> dict:
    """Context for the versions panel; with ?at= or ?compare= also the past text in place of the live one."""
    act = act_of(page)
    if act is None:
        return {}
    panel = Versioning(versions=versions_of(act), base_url=page.get_url(request) or "")
    extra: dict = {"versioning": panel}
    raw_compare = request.GET.get("compare")
    raw_at = request.GET.get("at")
    if raw_compare is not None and isinstance(page.specific, LegalActPage | ApprovedDocumentPage):
        extra.update(_compare(page, panel, raw_compare))
    elif raw_at is not None:
        extra.update(_at(page, act, panel, raw_at))
    return extra
