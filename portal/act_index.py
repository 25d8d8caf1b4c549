"""The default act page: the act's own text and an index of its regulations (issue 17, "Speed").

Each regulation is its own page; the act page lists them, each with its divisions and the numbers of its
points.  Every point number is a link to the point on the regulation page and carries the point's own id,
and its sub-points' ids sit inside it, so an old permalink such as /kk/acts/003/#d1-p14 still lands on
point 14 without JavaScript (one click from the point itself); portal/static/portal/point_index.js then
takes the reader straight to the regulation page.  The whole act stays one click away (`?full=1`).
See docs/decisions.md, "The act page is split into its regulations".
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import get_language, gettext

from portal.rendering import (
    Rendered,
    TocEntry,
    _act_own,
    _by_parent,
    _fragment,
    _fragments,
    _live_children,
    _text,
    url_of,
)


def _ids(item: dict) -> list[str]:
    """The anchors of a point's sub-points, nested ones included."""
    found: list[str] = []
    for child in (item.get("value") or {}).get("children") or ():
        anchor = (child.get("value") or {}).get("anchor")
        if anchor:
            found.append(anchor)
        found += _ids(child)
    return found


def _point_links(items, href_base: str) -> str:
    links: list[str] = []
    for item in items:
        value = item.get("value") or {}
        anchor = value.get("anchor") or ""
        if not anchor:
            continue
        number = escape(str(value.get("number") or "•"))
        inner = "".join(f'<span id="{escape(sub)}"></span>' for sub in _ids(item))
        link = f'<a id="{escape(anchor)}" href="{escape(href_base)}#{escape(anchor)}">{number}{inner}</a>'
        links.append(link)
    return " ".join(links)


def _document_index(child, act_url: str) -> dict:
    """One regulation in the act's index: its heading and, per division, the links to its points (the
    section is closed by the caller, after the appendices and the handbook)."""
    doc = child.load()
    doc_url = url_of(doc)
    href = doc_url[len(act_url) :] if act_url and doc_url.startswith(act_url) else doc_url
    anchor = doc.anchor or f"d{doc.seq}"
    stamp = f'<p class="stamp">{_text(doc.stamp)}</p>' if doc.stamp else ""
    out = [f'<section class="document document-index" id="{escape(anchor)}">{stamp}']
    out.append(f'<h2><a href="{escape(doc_url)}">{_text(doc.full_title or doc.title)}</a></h2>')
    rows: list[str] = []
    loose: list[dict] = []
    for item in doc.body.raw_data:
        if item.get("type") != "division":
            loose.append(item)
            continue
        value = item.get("value") or {}
        div = value.get("anchor") or f"b-{item.get('id', '')}"
        label = _text(value.get("title", ""))
        title = f'<a id="{escape(div)}" href="{escape(href)}#{escape(div)}">{label}</a>'
        points = _point_links(value.get("content") or (), href)
        rows.append(f"<li>{title}{f'<p class=points>{points}</p>' if points else ''}</li>")
    if loose:
        rows.insert(0, f"<li><p class=points>{_point_links(loose, href)}</p></li>")
    if rows:
        label = escape(gettext("Points of this document"))
        out.append(f'<nav class="point-index" aria-label="{label}"><ol>{"".join(rows)}</ol></nav>')
    return {"html": "".join(out), "label": doc.full_title or doc.title, "anchor": anchor}


def _appendix_item(child) -> str:
    """An appendix in the index: a link holding the ids its body had on the whole-act page."""
    appendix = child.load()
    inner = "".join(
        f'<span id="{escape(value["anchor"])}"></span>'
        for value in ((item.get("value") or {}) for item in appendix.body.raw_data)
        if value.get("anchor")
    )
    anchor = f' id="{escape(appendix.anchor)}"' if appendix.anchor else ""
    label = _text(appendix.appendix_title or appendix.title)
    return f'<li><a{anchor} href="{escape(url_of(appendix))}">{label}{inner}</a></li>'


def render_act_summary(act, *, use_cache: bool = True) -> Rendered:
    own = _fragment("act", act, "own", lambda: _act_own(act), use_cache)
    act_url = act.get_url() or ""
    label = gettext("Text of the act")
    toc = [TocEntry(anchor="act-text", label=label, url=f"{act_url}#act-text", lang=get_language() or "")]
    documents, appendices, handbooks = _live_children(act, act_url)
    appendices_of, handbooks_of = _by_parent(appendices), _by_parent(handbooks)
    heads = _fragments("doc-index", documents, act_url, lambda doc: _document_index(doc, act_url), use_cache)
    every_appendix = [a for doc in documents for a in appendices_of.get(doc.path, [])]
    links = _fragments("appendix-item", every_appendix, "", _appendix_item, use_cache)
    link_of = dict(zip((a.pk for a in every_appendix), links, strict=True))
    out = [own.text_html, '<div class="act-documents">']
    for doc, head in zip(documents, heads, strict=True):
        out.append(head["html"])
        doc_appendices = appendices_of.get(doc.path, [])
        if doc_appendices:
            items = "".join(link_of[a.pk] for a in doc_appendices)
            heading = escape(gettext("Appendices"))
            out.append(f'<div class="index-appendices"><h3>{heading}</h3><ul>{items}</ul></div>')
        for handbook in handbooks_of.get(doc.path, []):
            out.append(
                f'<p class="index-handbook"><a href="{escape(handbook.url)}">{_text(handbook.title)}</a></p>'
            )
        out.append("</section>")
        toc.append(TocEntry(anchor=head["anchor"], label=head["label"], url=doc.url))
    out.append("</div>")
    return Rendered(title_html=own.title_html, intro_html=own.intro_html, text_html="".join(out), toc=toc)
