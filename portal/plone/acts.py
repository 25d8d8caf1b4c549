"""A Plone Document that `--map` sends to a legal act or to a handbook page instead of the archive.

* `act`: the document's text is the act's text as the old site showed it (one paragraph a line).  It
  becomes the plain text the act importer reads and goes through its whole pipeline (portal.importer:
  checks, repairs, structure), then `publish_act`, exactly as `manage.py import_act` does.  An act the
  importer has not seen before comes out as a draft whose repairs wait for review, whatever its Plone
  state; a text the importer refuses fails the item with the importer's reason (file line included).
* `handbook`: the cleaned rich text becomes the introduction of the handbook page of the approved
  document the entry names (`{"act": code, "document": seq}`), created when missing.  Its links are
  rewritten at once (to items imported before it; the others lose their link, keep their text).
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

from wagtail.models import Page
from wagtail.signal_handlers import reference_index_auto_update_disabled

from portal.plone.items import ItemError, PloneItem
from portal.plone.mapping import ACT, HANDBOOK

_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|tr)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.IGNORECASE | re.DOTALL)
EXTERNAL = {ACT, HANDBOOK}


def html_to_text(text: str) -> str:
    """The act's lines: one a paragraph (or `<br>`), non-breaking spaces (its indents) kept as spaces."""
    pre = _PRE.search(text or "")
    if pre:
        return html.unescape(_TAG.sub("", pre.group(1))).replace("\xa0", " ")
    text = re.sub(r"\r?\n", "", text or "")
    lines = html.unescape(_TAG.sub("", _BREAK.sub("\n", text))).replace("\xa0", " ").split("\n")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def write_external(item: PloneItem, entry: dict, existing, live: bool, users, site_path: str):
    """(the page, created?) for an item that the map sends to an act or a handbook."""
    if existing is not None and not isinstance(existing, Page):
        raise ItemError("the item was imported before as a file; the map now makes it an act page")
    if entry["target"] == ACT:
        return write_act(item, str(entry.get("code") or item.plone_id))
    return write_handbook(item, entry, existing, live, users, site_path)


def write_act(item: PloneItem, code: str):
    from portal.importer import ImportActError, parse_act
    from portal.models import LegalActPage
    from portal.publishing import PublishError, publish_act

    with tempfile.TemporaryDirectory() as folder:
        # The act importer takes the code from the file name (`NNN_…txt`), as for the acts it ships with.
        path = Path(folder) / (f"{code}_plone.txt" if code.isdigit() else f"{code}.txt")
        path.write_text(html_to_text(item.html), encoding="utf-8")
        disabled = getattr(reference_index_auto_update_disabled, "value", False)
        try:
            counts = publish_act(parse_act(path))
        except ImportActError as exc:
            raise ItemError(f"the act importer refused the text: line {exc.line}: {exc.reason}") from exc
        except PublishError as exc:
            raise ItemError(f"the act cannot be published: {exc}") from exc
        finally:
            # publish_act turns the reference index back on when it ends (Wagtail's context manager does
            # not nest): the import's batch keeps it off until its own end.
            if disabled:
                reference_index_auto_update_disabled.value = True
    return LegalActPage.objects.get(pk=counts["act_page_id"]), counts["pages_created"] > 0


def write_handbook(item: PloneItem, entry: dict, existing, live: bool, users, site_path: str):
    from portal.models import ApprovedDocumentPage, HandbookPage, LegalActPage
    from portal.plone.links import _Targets
    from portal.plone.richtext import rewrite_links, sanitize

    act = LegalActPage.objects.filter(code=str(entry["act"])).first()
    document = (
        ApprovedDocumentPage.objects.child_of(act).filter(seq=int(entry["document"])).first() if act else None
    )
    if document is None:
        raise ItemError(
            f"no approved document {entry['document']} in the act {entry['act']!r} for the handbook"
        )
    page = (
        existing.specific if isinstance(existing, Page) else HandbookPage.objects.child_of(document).first()
    )
    created = page is None
    if created:
        page = HandbookPage(title=(item.title or "Handbook")[:255], slug="handbook", live=False)
        document.add_child(instance=page)
    latest = page.get_latest_revision_as_object() if page.latest_revision_id else page
    latest.intro, _lost = rewrite_links(sanitize(item.html), item.path, _Targets(site_path))
    user = users.get(item.actor)
    revision = latest.save_revision(user=user, clean=False, log_action=False)
    if live:
        revision.publish(user=user, skip_permission_checks=True, log_action=False)
    return page, created
