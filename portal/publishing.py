"""Publishing a parsed act as Wagtail pages: Home → Acts → act → documents → appendices (+ handbooks).

`publish_act` is idempotent: a re-import finds the same pages (act by code, documents by seq, appendices
by seq, the handbook by type) and updates them in place with a new revision.  Everything happens in one
transaction, so a failure leaves nothing half-written.  An unseen act (`parsed.draft`) is saved as a draft
revision for review and never goes live automatically.

StreamField content is written as raw JSON-ish data with deterministic block ids; blocks are never
instantiated, which keeps the import of act 003 (~1500 nodes) within a few seconds.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from catalogue import SERVICE_BY_DOCUMENT_SEQ
from portal.chrome import handbook_title_kk
from portal.importer.tree import Appendix, ApprovedDocument, Node, ParsedAct
from portal.models import (
    ActImport,
    ActIndexPage,
    AppendixPage,
    ApprovedDocumentPage,
    HandbookPage,
    HomePage,
    ImportedNode,
    LegalActPage,
)
from portal.procedure import default_procedure

# The six state-service regulations are the documents of act 003 (DOMAIN.md §2); only they get a service,
# a procedure and a handbook page.
SERVICE_ACT_CODE = "003"
ACTS_SLUG = "acts"
HOME_SLUG = "home"
# Content titles of generated pages are Kazakh, like the acts themselves (content is not translated).
ACTS_TITLE = "Нормативтік құқықтық актілер"
HANDBOOK_TITLE = "Мемлекеттік қызмет көрсетудің бизнес-процестерінің анықтамалығы"
BLOCK_ID_NAMESPACE = uuid.UUID("6f1c9a52-3a51-4c8e-9d55-9d1f0f6c2b7e")
TITLE_MAX = 255


class PublishError(ValueError):
    """The parsed act cannot be published as it is; nothing was written."""


# ------------------------------------------------------------------------------------------ the site


def _create_tree_root() -> Page:
    """Wagtail's migrations create the tree root and the default locale; a database emptied by ``flush``
    has neither, and the import must still work there."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    return Page.add_root(instance=Page(title="Root", slug="root"))


def ensure_site() -> HomePage:
    """Make a HomePage the root of the default Site (idempotent) and return it."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node() or _create_tree_root()
    if home is None:
        # Wagtail's first migration leaves a bare "Welcome" page holding the slug "home".
        for welcome in root.get_children().filter(slug=HOME_SLUG):
            welcome.slug = f"wagtail-welcome-{welcome.pk}"
            welcome.save(clean=False, update_fields=["slug", "url_path"])
        home = HomePage(title=settings.WAGTAIL_SITE_NAME, slug=HOME_SLUG)
        root.add_child(instance=home)
        home.save_revision(clean=False).publish(skip_permission_checks=True)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()
    for welcome in root.get_children().filter(slug__startswith="wagtail-welcome-"):
        if welcome.specific_class is Page and welcome.is_leaf() and not welcome.sites_rooted_here.exists():
            welcome.delete()
    return home


def ensure_acts_index() -> ActIndexPage:
    home = ensure_site()
    index_page = ActIndexPage.objects.child_of(home).first()
    if index_page is None:
        index_page = ActIndexPage(title=ACTS_TITLE, slug=ACTS_SLUG)
        home.add_child(instance=index_page)
        index_page.save_revision(clean=False).publish(skip_permission_checks=True)
    return index_page


# ------------------------------------------------------------------------------ raw StreamField data


class _Ids:
    """Deterministic block ids: a re-import gives the same ids, so revision comparison stays readable."""

    def __init__(self, scope: str):
        self.scope = scope
        self.counter = 0

    def __call__(self, anchor: str = "") -> str:
        self.counter += 1
        return str(uuid.uuid5(BLOCK_ID_NAMESPACE, f"{self.scope}/{self.counter}/{anchor}"))


def _text_value(node: Node) -> dict:
    return {"number": node.number, "anchor": node.anchor, "text": node.text}


# Block type of a child node by nesting depth of its parent (0 = point); deeper sub-points than the
# blocks allow become numbered paragraphs, so nothing is dropped.
_CHILD_TYPES = {0: {"subpoint", "paragraph"}, 1: {"subpoint", "paragraph"}, 2: {"paragraph"}}


def _children(nodes: list[Node], depth: int, ids: _Ids) -> list[dict]:
    allowed = _CHILD_TYPES.get(depth, {"paragraph"})
    out: list[dict] = []
    for node in nodes:
        block_type = "subpoint" if node.kind in ("point", "subpoint") else "paragraph"
        if block_type not in allowed:
            block_type = "paragraph"
        value = _text_value(node)
        if block_type == "subpoint":
            value["children"] = _children(node.children, depth + 1, ids)
        out.append({"type": block_type, "value": value, "id": ids(node.anchor)})
        if block_type == "paragraph":
            # A paragraph block has no children: keep any that the parser gave it right after it.
            out.extend(_children(node.children, depth, ids))
    return out


def _flat_points(nodes: list[Node], ids: _Ids) -> list[dict]:
    """Points of a division or of the act; any other node there becomes a paragraph (children after it)."""
    out: list[dict] = []
    for node in nodes:
        value = _text_value(node)
        if node.kind == "point":
            value["children"] = _children(node.children, 0, ids)
            out.append({"type": "point", "value": value, "id": ids(node.anchor)})
        else:
            out.append({"type": "paragraph", "value": value, "id": ids(node.anchor)})
            out.extend(_children(node.children, 0, ids))
    return out


def _anchored(block_type: str, node: Node, ids: _Ids) -> dict:
    return {"type": block_type, "value": {"anchor": node.anchor, "text": node.text}, "id": ids(node.anchor)}


def act_body(parsed: ParsedAct) -> list[dict]:
    ids = _Ids(f"act/{parsed.metadata.code}")
    body = [_anchored("title", parsed.title, ids), _anchored("header", parsed.header, ids)]
    if parsed.status_badge is not None:
        body.append(_anchored("status_badge", parsed.status_badge, ids))
    body.extend(_anchored("note", note, ids) for note in parsed.notes)
    body.append(_anchored("preamble", parsed.preamble, ids))
    body.extend(_flat_points(parsed.points, ids))
    body.append(_anchored("signature", parsed.signature, ids))
    return body


def document_body(code: str, doc: ApprovedDocument) -> list[dict]:
    ids = _Ids(f"doc/{code}/{doc.seq}")
    body = []
    for division in doc.divisions:
        value = {
            "number": division.number,
            "anchor": division.anchor,
            "title": division.title.text,
            "content": _flat_points(division.points, ids),
        }
        body.append({"type": "division", "value": value, "id": ids(division.anchor)})
    return body


def appendix_body(code: str, doc: ApprovedDocument, appendix: Appendix) -> tuple[list[dict], list[dict]]:
    ids = _Ids(f"app/{code}/{doc.seq}/{appendix.seq}")
    body = []
    for node in appendix.body:
        block_type = {"heading": "heading", "legend": "legend"}.get(node.kind, "text")
        body.append(_anchored(block_type, node, ids))
        for child in _walk(node.children):
            body.append(_anchored("text", child, ids))
    columns = [
        {"type": "column", "value": {"number": c.number, "heading": c.heading}, "id": ids(str(c.number))}
        for c in appendix.columns
    ]
    return body, columns


# ------------------------------------------------------------------------------------- provenance


def _walk(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def iter_nodes(parsed: ParsedAct) -> Iterator[Node]:
    """Every text node of the act in reading order (the order of the published act page)."""
    yield parsed.title
    yield parsed.header
    if parsed.status_badge is not None:
        yield parsed.status_badge
    yield from parsed.notes
    yield parsed.preamble
    yield from _walk(parsed.points)
    yield parsed.signature
    for doc in parsed.documents:
        yield doc.stamp
        yield doc.title
        for division in doc.divisions:
            yield division.title
            yield from _walk(division.points)
        for appendix in doc.appendices:
            if appendix.stamp is not None:
                yield appendix.stamp
            if appendix.title is not None:
                yield appendix.title
            yield from _walk(appendix.body)


def _imported_nodes(parsed: ParsedAct, act: LegalActPage, act_import: ActImport) -> list[ImportedNode]:
    rows = []
    for seq, node in enumerate(iter_nodes(parsed), start=1):
        repairs = [{"rule": r.rule, "detail": r.detail, "needs_review": r.needs_review} for r in node.repairs]
        rows.append(
            ImportedNode(
                act=act,
                act_import=act_import,
                seq=seq,
                anchor=node.anchor,
                kind=node.kind,
                number=node.number,
                raw_text=node.raw,
                repaired_text=node.text,
                repairs=repairs,
                first_line=node.lines[0],
                last_line=node.lines[1],
                needs_review=any(r.needs_review for r in node.repairs),
            )
        )
    return rows


def _validate(parsed: ParsedAct) -> None:
    seen: set[str] = set()
    for node in iter_nodes(parsed):
        if node.anchor and node.anchor in seen:
            raise PublishError(_("Anchor %(anchor)s occurs twice in the act.") % {"anchor": node.anchor})
        seen.add(node.anchor)
    seqs = [doc.seq for doc in parsed.documents]
    if len(seqs) != len(set(seqs)):
        raise PublishError(_("Two approved documents have the same order number."))
    if not parsed.metadata.code:
        raise PublishError(_("The act has no code."))


# ------------------------------------------------------------------------------------------ pages


def _short(text: str, limit: int = TITLE_MAX) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _iso(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


class _Publisher:
    def __init__(self, parsed: ParsedAct, user):
        self.parsed = parsed
        self.user = user
        self.draft = parsed.draft
        self.code = parsed.metadata.code
        self.created = 0
        self.updated = 0

    def _editable(self, page):
        """The latest revision as an object, so that an editor's unpublished draft is not lost."""
        return page.get_latest_revision_as_object() if page.latest_revision_id else page

    def _place(self, parent: Page, page: Page, existing: Page | None) -> Page:
        if existing is None:
            # Added as not live first: the revision below holds the content and is published (or not).
            page.live = False
            parent.add_child(instance=page)
            self.created += 1
        else:
            self.updated += 1
        return page

    def _commit(self, page: Page) -> None:
        revision = page.save_revision(user=self.user, log_action=True, clean=False)
        if not self.draft:
            revision.publish(user=self.user, skip_permission_checks=True)

    def act_page(self, index_page: ActIndexPage) -> LegalActPage:
        meta = self.parsed.metadata
        existing = LegalActPage.objects.filter(code=self.code).first()
        page = self._editable(existing) if existing else LegalActPage(code=self.code, slug=self.code)
        page.title = _short(self.parsed.title.text)
        page.act_type = meta.act_type
        page.issuing_body = meta.issuing_body[:300]
        page.act_date = _iso(meta.date)
        page.number = meta.number
        page.registering_body = meta.registering_body[:300]
        page.registration_date = _iso(meta.registration_date)
        page.registration_number = meta.registration_number
        page.status = meta.status
        page.repealed_by = meta.repealed_by
        page.repealed_date = _iso(meta.repealed_date)
        page.stamp_number = meta.stamp_number
        page.source_sha256 = self.parsed.source_sha256
        page.body = act_body(self.parsed)
        self._place(index_page, page, existing)
        self._commit(page)
        return page

    def document_page(self, act: LegalActPage, doc: ApprovedDocument, existing) -> ApprovedDocumentPage:
        page = (
            self._editable(existing)
            if existing
            else ApprovedDocumentPage(
                seq=doc.seq,
                slug=f"{doc.kind}-{doc.seq}",
            )
        )
        page.title = _short(doc.title.text)
        page.document_kind = doc.kind
        page.seq = doc.seq
        page.anchor = doc.anchor
        page.stamp = doc.stamp.text
        page.full_title = doc.title.text
        page.body = document_body(self.code, doc)
        service_code = SERVICE_BY_DOCUMENT_SEQ.get(doc.seq, "") if self._has_services(doc) else ""
        if service_code and not page.service_code:
            page.service_code = service_code
        if page.service_code and not len(page.procedure):
            page.procedure = default_procedure(page.service_code)
        self._place(act, page, existing)
        self._commit(page)
        return page

    def _has_services(self, doc: ApprovedDocument) -> bool:
        return self.code == SERVICE_ACT_CODE and doc.kind == "regulation"

    def appendix_page(self, doc_page, doc: ApprovedDocument, appendix: Appendix, existing) -> AppendixPage:
        page = (
            self._editable(existing)
            if existing
            else AppendixPage(
                seq=appendix.seq,
                slug=f"appendix-{appendix.seq}",
            )
        )
        label = f"{appendix.number}-қосымша" if appendix.number else "Қосымша"
        page.title = _short(appendix.title.text if appendix.title else label)
        page.seq = appendix.seq
        page.number = appendix.number
        page.anchor = appendix.anchor
        page.stamp = appendix.stamp.text if appendix.stamp else ""
        page.appendix_title = appendix.title.text if appendix.title else ""
        page.form_label = appendix.form_label
        page.body, page.columns = appendix_body(self.code, doc, appendix)
        page.graphics_missing = appendix.graphics_missing
        page.missing_in_source = appendix.missing_in_source
        self._place(doc_page, page, existing)
        self._commit(page)
        return page

    def handbook_page(self, doc_page: ApprovedDocumentPage) -> HandbookPage:
        existing = HandbookPage.objects.child_of(doc_page).first()
        title = handbook_title_kk(doc_page.service_code)
        if existing is not None:
            if existing.title == HANDBOOK_TITLE:  # the one title all six shared before issue 17
                existing.title = title
                self._commit(existing)
            return existing  # nothing imported lives on it; editors own its introduction
        page = HandbookPage(title=title, slug="handbook")
        self._place(doc_page, page, None)
        self._commit(page)
        return page


@transaction.atomic
def publish_act(parsed: ParsedAct, *, user=None) -> dict:
    """Create or update the act's pages and provenance; publish them unless the act is a draft."""
    _validate(parsed)
    # Each page is saved three times (placed, revision, publish); index its references once, at the end.
    with disable_reference_index_auto_update():
        result = _publish(parsed, user)
    for page in Page.objects.descendant_of(result.pop("act"), inclusive=True).specific():
        ReferenceIndex.create_or_update_for_object(page)
    return result


def _publish(parsed: ParsedAct, user) -> dict:
    publisher = _Publisher(parsed, user)
    act = publisher.act_page(ensure_acts_index())
    docs = {p.seq: p for p in ApprovedDocumentPage.objects.child_of(act)}
    appendices = 0
    for doc in parsed.documents:
        doc_page = publisher.document_page(act, doc, docs.get(doc.seq))
        existing = {p.seq: p for p in AppendixPage.objects.child_of(doc_page)}
        for appendix in doc.appendices:
            publisher.appendix_page(doc_page, doc, appendix, existing.get(appendix.seq))
            appendices += 1
        if publisher._has_services(doc):
            publisher.handbook_page(doc_page)
    act_import = ActImport.objects.create(
        act=act,
        source_name=Path(parsed.source_name).name,
        source_sha256=parsed.source_sha256,
        imported_by=user if getattr(user, "pk", None) else None,
        draft=parsed.draft,
    )
    ImportedNode.objects.filter(act=act).delete()
    nodes = ImportedNode.objects.bulk_create(_imported_nodes(parsed, act, act_import), batch_size=500)
    counts = {
        "act_page_id": act.pk,
        "pages_created": publisher.created,
        "pages_updated": publisher.updated,
        "documents": len(parsed.documents),
        "appendices": appendices,
        "nodes": len(nodes),
        "repaired_nodes": sum(1 for n in nodes if n.repairs),
        "needs_review": sum(1 for n in nodes if n.needs_review),
        "draft": parsed.draft,
    }
    from portal.versions import record_import  # dates, amendments/repeals and versions (issue 17)

    counts["version"] = record_import(act, parsed)
    act_import.counts = counts
    act_import.save(update_fields=["counts"])
    return {**counts, "act_import_id": act_import.pk, "act": act}


def import_act_file(path: str | Path, *, user=None) -> dict:
    """Parse and publish one act file in one transaction (a parse error writes nothing)."""
    from portal.importer import parse_act

    with transaction.atomic():
        return publish_act(parse_act(Path(path)), user=user)
