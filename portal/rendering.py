"""Fast HTML for the public act, document and appendix pages.

The whole act (act 003: ~1500 points and sub-points, `?full=1`) holds every approved document.
Rendering that through one template per block costs far more than the 100 ms budget, so this module
walks the StreamField *raw* data (plain dicts) and builds HTML with Django's escaping.  Each page's piece
(the act's own text, a document, an appendix) is a *fragment* stored in the shared cache by page, published
revision, address and language: it is rendered once per revision, by whichever worker first shows it, and
never goes stale (a new revision has a new key).  Whole responses are cached in front
of Wagtail by portal.page_cache.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.html import escape
from django.utils.translation import get_language, gettext
from wagtail.models import Page

from portal.text_links import enrich as enrich_text

CACHE_PREFIX = "portal:render:v2"
_BLANK_RE = re.compile(r"_{2,}")


@dataclass
class TocEntry:
    anchor: str
    label: str
    url: str = ""
    children: list[TocEntry] = field(default_factory=list)
    lang: str = ""  # set for interface labels inside the Kazakh table of contents


@dataclass
class Rendered:
    """HTML fragments of one page; all strings are already escaped and safe to mark_safe."""

    title_html: str = ""
    intro_html: str = ""
    text_html: str = ""
    toc: list[TocEntry] = field(default_factory=list)

    @property
    def toc_html(self) -> str:
        """The table of contents as nested lists (built here: a template loop over ~60 entries costs more
        than the whole cached page may take)."""
        if not self.toc:
            return ""
        return f'<ol lang="kk">{"".join(_toc_item(entry) for entry in self.toc)}</ol>'


def _toc_item(entry: TocEntry) -> str:
    href = f"#{entry.anchor}" if entry.anchor else entry.url
    children = "".join(_toc_item(child) for child in entry.children)
    nested = f"<ol>{children}</ol>" if children else ""
    lang = f' lang="{escape(entry.lang)}"' if entry.lang else ""
    return f'<li><a href="{escape(href)}"{lang}>{_text(entry.label)}</a>{nested}</li>'


# ---------------------------------------------------------------------------------------------- text


def _text(value: str) -> str:
    return escape(value or "").replace("\n", "<br>")


def _form_text(value: str) -> str:
    """Cover texts of a paper form: the «____» blanks stay visible as fields to fill in by hand."""
    label = escape(gettext("Field to fill in"))
    return _BLANK_RE.sub(
        lambda m: f'<span class="form-blank" title="{label}">{m.group(0)}</span>',
        _text(value),
    )


def _marker(number: str, text: str, suffix: str) -> str:
    """The printed marker («7.», «3)») unless the text already starts with it."""
    if not number:
        return ""
    printed = f"{number}{suffix}"
    if (text or "").lstrip().startswith(printed):
        return ""
    return f'<span class="num">{escape(printed)}</span> '


class _Ctx:
    """Per-render settings: where permalinks point, which heading level a division gets."""

    def __init__(self, base_url: str, level: int):
        self.base_url = base_url
        self.level = level
        self.point_label = gettext("Copy link to point %(number)s")
        self.subpoint_label = gettext("Copy link to sub-point %(number)s")
        self.fallback_label = gettext("Copy link to this paragraph")

    def plink(self, anchor: str, number: str, kind: str) -> str:
        if not anchor:
            return ""
        if number:
            template = self.point_label if kind == "point" else self.subpoint_label
            label = template % {"number": number}
        else:
            label = self.fallback_label
        anchor = escape(anchor)
        return (
            f' <a class="plink" href="#{anchor}" data-permalink="{escape(self.base_url)}#{anchor}"'
            f' aria-label="{escape(label)}">#</a>'
        )


def _node(out: list[str], item: dict, ctx: _Ctx, depth: int) -> None:
    """A point (depth 0), sub-point (1), nested sub-point (2) or unnumbered paragraph."""
    kind = item.get("type")
    value = item.get("value") or {}
    number = str(value.get("number") or "")
    anchor = value.get("anchor") or ""
    text = value.get("text") or ""
    if kind == "paragraph":
        css, suffix, link_kind = "para", ")" if depth else ".", "paragraph"
        marker = _marker(number, text, suffix)
        link = ctx.plink(anchor, number, "subpoint") if number else ""
    else:
        css = "pt" if depth == 0 else "sub"
        suffix = "." if depth == 0 else ")"
        marker = _marker(number, text, suffix)
        link_kind = "point" if depth == 0 else "subpoint"
        link = ctx.plink(anchor, number, link_kind)
    id_attr = f' id="{escape(anchor)}"' if anchor else ""
    out.append(f'<div class="{css}"{id_attr}><p>{marker}{_text(text)}{link}</p>')
    for child in value.get("children") or ():
        _node(out, child, ctx, depth + 1)
    out.append("</div>")


def _division(out: list[str], item: dict, ctx: _Ctx) -> TocEntry:
    value = item.get("value") or {}
    anchor = value.get("anchor") or f"b-{item.get('id', '')}"
    title = value.get("title") or ""
    level = ctx.level
    out.append(f'<section class="division" id="{escape(anchor)}">')
    out.append(f"<h{level}>{_text(title)}</h{level}>")
    for child in value.get("content") or ():
        _node(out, child, ctx, 0)
    out.append("</section>")
    return TocEntry(anchor=anchor, label=title, url=f"{ctx.base_url}#{anchor}")


def render_document_body(raw: Iterable[dict], base_url: str, level: int) -> tuple[str, list[TocEntry]]:
    """HTML of a document's divisions and points, and the divisions for the table of contents."""
    out: list[str] = []
    toc: list[TocEntry] = []
    ctx = _Ctx(base_url, level)
    for item in raw:
        if item.get("type") == "division":
            toc.append(_division(out, item, ctx))
        else:
            _node(out, item, ctx, 0)
    return enrich_text("".join(out), base_url), toc  # cross-reference and «cite» links (portal.text_links)


# ------------------------------------------------------------------------------------------ appendix


def render_columns_table(columns: Iterable[dict], blank_rows: int, caption: str = "") -> str:
    """The journal table as on paper: headings, the row of column numbers, then empty rows to fill in."""
    cols = [c.get("value") or {} for c in columns]
    if not cols:
        return ""
    head = "".join(f'<th scope="col">{_text(c.get("heading", ""))}</th>' for c in cols)
    numbers = "".join(f'<td class="colnum">{escape(str(c.get("number", "")))}</td>' for c in cols)
    empty_row = "<tr>" + '<td class="blank-cell"></td>' * len(cols) + "</tr>"
    caption_html = f"<caption>{_text(caption)}</caption>" if caption else ""
    region = escape(gettext("Table of the form"))
    return (
        f'<div class="table-wrap" role="region" aria-label="{region}" tabindex="0">'
        f'<table class="form-table">{caption_html}'
        f'<thead><tr>{head}</tr><tr class="numbers">{numbers}</tr></thead>'
        f"<tbody>{empty_row * max(blank_rows, 0)}</tbody></table></div>"
    )


def render_appendix(appendix, level: int, *, with_link: bool) -> str:
    """One appendix: stamp, form label, title, body texts, the journal table and source-defect notices."""
    out: list[str] = []
    anchor = appendix.anchor or f"appendix-{appendix.pk}"
    out.append(f'<section class="appendix" id="{escape(anchor)}">')
    if appendix.stamp:
        out.append(f'<p class="stamp">{_text(appendix.stamp)}</p>')
    if appendix.form_label:
        out.append(f'<p class="form-label">{_text(appendix.form_label)}</p>')
    heading = appendix.appendix_title or appendix.title
    if with_link:
        heading_html = f'<a href="{escape(url_of(appendix))}">{_text(heading)}</a>'
    else:
        heading_html = _text(heading)
    out.append(f"<h{level}>{heading_html}</h{level}>")
    if appendix.missing_in_source:
        out.append(
            _notice(
                gettext(
                    "This appendix is missing from the published source text; only its reference survives."
                )
            )
        )
    if appendix.graphics_missing:
        out.append(
            _notice(
                gettext(
                    "The graphics of this appendix (diagram or table) were lost in the published source text."
                )
            )
        )
    for item in appendix.body.raw_data:
        value = item.get("value") or {}
        kind = item.get("type")
        id_attr = f' id="{escape(value["anchor"])}"' if value.get("anchor") else ""
        if kind == "heading":
            text = _form_text(value.get("text", ""))
            out.append(f'<p class="form-heading"{id_attr}><strong>{text}</strong></p>')
        else:
            css = "legend" if kind == "legend" else "form-text"
            out.append(f'<p class="{css}"{id_attr}>{_form_text(value.get("text", ""))}</p>')
    out.append(render_columns_table(appendix.columns.raw_data, appendix.blank_rows))
    out.append("</section>")
    return "".join(out)


def _notice(message: str) -> str:
    label = gettext("Note:")  # outside the f-string: xgettext does not read calls inside one (issue 17)
    lang = escape(get_language() or "")  # an interface note inside the Kazakh text (lang="kk")
    return (
        f'<p class="notice" role="note" lang="{lang}"><strong>{escape(label)}</strong> {escape(message)}</p>'
    )


# ---------------------------------------------------------------------------------------------- act


def _act_intro(raw: Iterable[dict]) -> tuple[str, str, list[dict]]:
    """Split the act body into the title (h1), the intro (badge, header, notes) and the rest."""
    title_parts: list[str] = []
    intro: list[str] = []
    rest: list[dict] = []
    for item in raw:
        kind = item.get("type")
        value = item.get("value") or {}
        text = value.get("text") or ""
        if kind == "title":
            title_parts.append(_text(text))
        elif kind == "status_badge":
            intro.append(f'<p class="source-badge"><span class="badge badge-source">{_text(text)}</span></p>')
        elif kind == "header":
            intro.append(f'<p class="act-header">{_text(text)}</p>')
        elif kind == "note":
            intro.append(f'<p class="act-note">{_text(text)}</p>')
        else:
            rest.append(item)
    return "<br>".join(title_parts), "".join(intro), rest


def _act_text(act, rest: list[dict], ctx: _Ctx) -> str:
    out: list[str] = ['<section class="act-text" id="act-text">']
    for item in rest:
        kind = item.get("type")
        value = item.get("value") or {}
        if kind == "preamble":
            anchor = value.get("anchor") or "preamble"
            out.append(f'<p class="preamble" id="{escape(anchor)}">{_text(value.get("text", ""))}</p>')
        elif kind == "signature":
            out.append(f'<p class="signature">{_text(value.get("text", ""))}</p>')
        else:
            _node(out, item, ctx, 0)
    out.append("</section>")
    return enrich_text("".join(out), ctx.base_url)  # «cite» links of the act's own points


@dataclass
class Child:
    """A live descendant of an act as listed for each request: enough to key its fragment and link to it.
    Its page object (body and all) is loaded only when its fragment is not stored yet."""

    pk: int
    path: str
    url_path: str
    title: str
    live_revision_id: int | None
    kind: str  # "document", "appendix" or "handbook"
    url: str
    live: bool = True
    stale: bool = False  # the row moved on to another revision while this request listed it

    def load(self):
        from portal.models import AppendixPage, ApprovedDocumentPage, HandbookPage

        model = {"document": ApprovedDocumentPage, "appendix": AppendixPage, "handbook": HandbookPage}[
            self.kind
        ]
        page = model.objects.get(pk=self.pk)
        page.portal_url = self.url
        self.stale = page.live_revision_id != self.live_revision_id
        return page


def _live_children(act, act_url: str) -> tuple[list[Child], list[Child], list[Child]]:
    """The act's live, public documents, appendices and handbooks in one query of plain values, with their
    addresses derived from the act's (asking Wagtail for each would read the site's root paths every time)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import PageViewRestriction

    from portal.models import AppendixPage, ApprovedDocumentPage, HandbookPage

    kinds = {
        ContentType.objects.get_for_model(model).pk: kind
        for model, kind in (
            (ApprovedDocumentPage, "document"),
            (AppendixPage, "appendix"),
            (HandbookPage, "handbook"),
        )
    }
    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    rows = (
        Page.objects.filter(
            path__startswith=act.path, depth__gt=act.depth, live=True, content_type_id__in=kinds
        )
        .order_by("path")
        .values_list("id", "path", "url_path", "title", "live_revision_id", "content_type_id")
    )
    found: dict[str, list[Child]] = {"document": [], "appendix": [], "handbook": []}
    for pk, path, url_path, title, revision, content_type in rows:
        if restricted and path.startswith(restricted):
            continue
        url = act_url + url_path[len(act.url_path) :] if act_url else ""
        kind = kinds[content_type]
        found[kind].append(Child(pk, path, url_path, title, revision, kind, url))
    return found["document"], found["appendix"], found["handbook"]


@dataclass
class _PastChild(Child):
    """A document of a past version: its page object comes with it (a revision's, never stored)."""

    page: object = None

    def load(self):
        self.page.portal_url = self.url
        return self.page


def _version_children(act) -> tuple[list[Child], list[Child], list[Child]] | None:
    """The documents, appendices and handbooks of a past version (portal.versions.version_object), or None."""
    given = getattr(act, "version_children", None)
    if not given:
        return None
    kinds = ("document", "appendix", "handbook")
    return tuple(
        [_PastChild(p.pk, p.path, p.url_path, p.title, None, kind, p.get_url() or "", page=p) for p in pages]
        for kind, pages in zip(kinds, given, strict=True)
    )


def url_of(page) -> str:
    """A page's address: the one _live_children derived, else Wagtail's."""
    return getattr(page, "portal_url", None) or getattr(page, "url", None) or page.get_url() or ""


def _by_parent(pages) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for page in pages:
        grouped.setdefault(page.path[: -Page.steplen], []).append(page)
    return grouped


# ------------------------------------------------------------------------------------- fragments


def _fragment_key(kind: str, page, extra: str) -> str | None:
    """Key of one page's fragment: its published revision, its address and the interface language (the
    permalink labels are translated).  None for what is not the live row itself: a revision's object
    (previews, past versions) is built in memory (`_state.adding`) and carries another revision's id."""
    revision = getattr(page, "live_revision_id", None)
    state = getattr(page, "_state", None)
    if not page.live or revision is None or (state is not None and state.adding):
        return None
    raw = f"{kind}|{page.pk}|{revision}|{page.url_path}|{get_language()}|{extra}"
    return f"{CACHE_PREFIX}:frag:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def _fragments(kind: str, pages: list, extra: str, build, use_cache: bool = True) -> list:
    """The fragment of each page: stored ones in one round trip, the others built and stored for good
    (a revision never changes, so neither does its fragment)."""
    keys = [_fragment_key(kind, page, extra) if use_cache else None for page in pages]
    stored = cache.get_many([key for key in keys if key]) if any(keys) else {}
    result, fresh = [], {}
    for page, key in zip(pages, keys, strict=True):
        value = stored.get(key) if key else None
        if value is None:
            value = build(page)
            if key and not getattr(page, "stale", False):
                fresh[key] = value
        result.append(value)
    if fresh:
        cache.set_many(fresh, timeout=None)
    return result


def _fragment(kind: str, page, extra: str, build, use_cache: bool = True):
    return _fragments(kind, [page], extra, lambda p: build(), use_cache)[0]


def _act_own(act) -> Rendered:
    """Title, intro and the act's own text (preamble, points, signature), without its documents."""
    title_html, intro_html, rest = _act_intro(act.body.raw_data)
    text_html = _act_text(act, rest, _Ctx(act.get_url() or "", 3))
    return Rendered(title_html=title_html, intro_html=intro_html, text_html=text_html)


def _document_section(child: Child) -> dict:
    """A document inside the whole act: its stamp, heading linking to its page, and its points (the
    section is closed by the caller, after the appendices)."""
    doc = child.load()
    anchor = doc.anchor or f"d{doc.seq}"
    doc_url = url_of(doc)
    heading = doc.full_title or doc.title
    html, divisions = render_document_body(doc.body.raw_data, doc_url, 3)
    stamp = f'<p class="stamp">{_text(doc.stamp)}</p>' if doc.stamp else ""
    head = f'<section class="document" id="{escape(anchor)}">{stamp}'
    head += f'<h2><a href="{escape(doc_url)}">{_text(heading)}</a></h2>'
    return {"html": head + html, "divisions": divisions, "label": heading, "anchor": anchor}


def _appendix_in_act(child: Child) -> dict:
    appendix = child.load()
    label = appendix.appendix_title or appendix.title
    return {"html": render_appendix(appendix, 3, with_link=True), "label": label, "anchor": appendix.anchor}


def _render_act_full(act, use_cache: bool) -> Rendered:
    own = _fragment("act", act, "own", lambda: _act_own(act), use_cache)
    act_url = act.get_url() or ""
    label = gettext("Text of the act")
    toc = [TocEntry(anchor="act-text", label=label, url=f"{act_url}#act-text", lang=get_language() or "")]
    # A past version (portal.versions.version_object) brings its documents as they were then.
    documents, appendices, handbooks = _version_children(act) or _live_children(act, act_url)
    appendices_of, handbooks_of = _by_parent(appendices), _by_parent(handbooks)
    sections = _fragments("doc-in-act", documents, "3", _document_section, use_cache)
    every_appendix = [a for doc in documents for a in appendices_of.get(doc.path, [])]
    appendix_parts = _fragments("appendix", every_appendix, "3-link", _appendix_in_act, use_cache)
    part_of = dict(zip((a.pk for a in every_appendix), appendix_parts, strict=True))
    out = [own.text_html]
    for doc, section in zip(documents, sections, strict=True):
        entry = TocEntry(anchor=section["anchor"], label=section["label"], url=doc.url)
        entry.children = list(section["divisions"])
        out.append(section["html"])
        for appendix in appendices_of.get(doc.path, []):
            part = part_of[appendix.pk]
            out.append(part["html"])
            entry.children.append(TocEntry(anchor=part["anchor"], label=part["label"], url=appendix.url))
        out.append("</section>")
        for handbook in handbooks_of.get(doc.path, []):
            entry.children.append(TocEntry(anchor="", label=handbook.title, url=handbook.url))
        toc.append(entry)
    return Rendered(title_html=own.title_html, intro_html=own.intro_html, text_html="".join(out), toc=toc)


def serve_cached(page, request, serve):
    """Serve the page, letting portal.page_cache store the whole response for anonymous readers when the
    page is live (previews and unpublished pages never are)."""
    if page.live and not getattr(request, "is_preview", False):
        from portal.page_cache import mark_cacheable

        mark_cacheable(request, page.pk)
    return serve()


def render_act(act, *, use_cache: bool = True, full: bool = True) -> Rendered:
    """The act with its live documents and appendices and its table of contents (full=True: the whole act
    on one page); full=False: the act's own text and an index of its regulations (portal.act_index), the
    default public page."""
    if full:
        return _render_act_full(act, use_cache)
    from portal.act_index import render_act_summary

    return render_act_summary(act, use_cache=use_cache)


def render_document_page(doc, *, use_cache: bool = True) -> Rendered:
    """One approved document on its own page: divisions become h2, points keep the act's anchors."""

    def build() -> Rendered:
        doc_url = doc.get_url() or ""
        html, divisions = render_document_body(doc.body.raw_data, doc_url, 2)
        return Rendered(title_html=_text(doc.full_title or doc.title), text_html=html, toc=divisions)

    return _fragment("doc", doc, "2", build, use_cache)


def render_appendix_page(appendix) -> Rendered:
    """An appendix on its own page: its title is the page's h1."""
    return Rendered(text_html=render_appendix(appendix, 1, with_link=False))
