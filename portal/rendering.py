"""Fast HTML for the public act, document and appendix pages.

An act page shows the whole act with all approved documents (act 003: ~1500 points and sub-points).
Rendering that through one template per block costs far more than the 100 ms budget, so this module
walks the StreamField *raw* data (plain dicts) and builds HTML with Django's escaping.  The result is
cached per page, per state of the published subtree and per language, so publishing any page of the
act changes the key and the next request renders afresh.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import get_language, gettext
from wagtail.models import Page

from portal.text_links import enrich as enrich_text

CACHE_PREFIX = "portal:render:v1"
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
        heading_html = f'<a href="{escape(appendix.get_url() or "")}">{_text(heading)}</a>'
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


def _live_children(act):
    from portal.models import AppendixPage, ApprovedDocumentPage, HandbookPage

    documents = list(ApprovedDocumentPage.objects.child_of(act).live().public().order_by("path"))
    appendices = list(AppendixPage.objects.descendant_of(act).live().public().order_by("path"))
    handbooks = list(HandbookPage.objects.descendant_of(act).live().public().order_by("path"))
    return documents, appendices, handbooks


def _by_parent(pages) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for page in pages:
        grouped.setdefault(page.path[: -Page.steplen], []).append(page)
    return grouped


def _render_act_uncached(act) -> Rendered:
    title_html, intro_html, rest = _act_intro(act.body.raw_data)
    act_url = act.get_url() or ""
    out = [_act_text(act, rest, _Ctx(act_url, 3))]
    label = gettext("Text of the act")
    toc = [TocEntry(anchor="act-text", label=label, url=f"{act_url}#act-text", lang=get_language() or "")]
    documents, appendices, handbooks = _live_children(act)
    appendices_of, handbooks_of = _by_parent(appendices), _by_parent(handbooks)
    for doc in documents:
        entry = _render_document_section(out, doc, appendices_of.get(doc.path, []))
        for handbook in handbooks_of.get(doc.path, []):
            entry.children.append(TocEntry(anchor="", label=handbook.title, url=handbook.get_url() or ""))
        toc.append(entry)
    return Rendered(title_html=title_html, intro_html=intro_html, text_html="".join(out), toc=toc)


def _render_document_section(out: list[str], doc, appendices: list) -> TocEntry:
    anchor = doc.anchor or f"d{doc.seq}"
    doc_url = doc.get_url() or ""
    heading = doc.full_title or doc.title
    out.append(f'<section class="document" id="{escape(anchor)}">')
    if doc.stamp:
        out.append(f'<p class="stamp">{_text(doc.stamp)}</p>')
    out.append(f'<h2><a href="{escape(doc_url)}">{_text(heading)}</a></h2>')
    html, divisions = render_document_body(doc.body.raw_data, doc_url, 3)
    out.append(html)
    entry = TocEntry(anchor=anchor, label=heading, url=doc_url, children=divisions)
    for appendix in appendices:
        out.append(render_appendix(appendix, 3, with_link=True))
        label = appendix.appendix_title or appendix.title
        entry.children.append(TocEntry(anchor=appendix.anchor, label=label, url=appendix.get_url() or ""))
    out.append("</section>")
    return entry


def _subtree_version(page) -> str:
    """Changes whenever a page of the subtree is published, unpublished, added, moved or deleted."""
    agg = Page.objects.filter(path__startswith=page.path, live=True).aggregate(
        n=Count("id"),
        mx=Max("live_revision_id"),
        s=Sum("live_revision_id"),
    )
    return f"{agg['n']}-{agg['mx']}-{agg['s']}"


def _cached(kind: str, page, build) -> Rendered:
    if not page.live:
        return build()
    key = f"{CACHE_PREFIX}:{kind}:{page.pk}:{page.url_path}:{_subtree_version(page)}:{get_language()}"
    data = cache.get(key)
    if data is not None:
        return data
    rendered = build()
    cache.set(key, rendered)
    return rendered


def _site_version() -> str:
    """Changes whenever any page is published, unpublished, added or deleted (a page's header, breadcrumbs
    and navigation show other pages' titles and URLs)."""
    agg = Page.objects.filter(live=True).aggregate(n=Count("id"), mx=Max("live_revision_id"))
    return f"{agg['n']}-{agg['mx']}"


def serve_cached(page, request, serve):
    """The whole HTML of a public page from the cache when nothing on the site was published since.

    Only plain GETs of live pages are cached (no preview, no query string); the public templates hold
    nothing specific to a user (no CSRF token, no user bar), so one copy per language serves everyone.
    """
    if request.method != "GET" or request.GET or getattr(request, "is_preview", False) or not page.live:
        return serve()
    key = f"{CACHE_PREFIX}:page:{page.pk}:{request.path}:{_site_version()}:{get_language()}"
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content, content_type="text/html; charset=utf-8")
    response = serve()
    if getattr(response, "status_code", 0) == 200 and hasattr(response, "render"):
        response.render()
        cache.set(key, response.content)
    return response


def render_act(act, *, use_cache: bool = True) -> Rendered:
    """The whole act with all its live documents and appendices, and its table of contents."""
    if not use_cache:
        return _render_act_uncached(act)
    return _cached("act", act, lambda: _render_act_uncached(act))


def render_document_page(doc, *, use_cache: bool = True) -> Rendered:
    """One approved document on its own page: divisions become h2, points keep the act's anchors."""

    def build() -> Rendered:
        doc_url = doc.get_url() or ""
        html, divisions = render_document_body(doc.body.raw_data, doc_url, 2)
        return Rendered(title_html=_text(doc.full_title or doc.title), text_html=html, toc=divisions)

    if not use_cache:
        return build()
    return _cached("doc", doc, build)


def render_appendix_page(appendix) -> Rendered:
    """An appendix on its own page: its title is the page's h1."""
    return Rendered(text_html=render_appendix(appendix, 1, with_link=False))
