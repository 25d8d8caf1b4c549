"""Plone rich text → Wagtail rich text: sanitise with an allow-list (nh3), then, once every target of
the export exists, turn internal links into Wagtail's own (`<a linktype="page" id=…>`,
`<a linktype="document" id=…>`, `<embed embedtype="image" …/>`).

Internal links come as `resolveuid/<UID>` (with `/@@images/…`, `/@@download/…`, `/view` tails), and in
older texts as paths (relative or absolute) of the old site.  A link whose target was not imported is
unwrapped (its text stays) and reported: nothing points back at the old site afterwards.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlparse

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "sub", "sup",
    "ul", "ol", "li", "a", "img", "blockquote", "hr",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_IMG = re.compile(r"<img\b([^>]*?)/?>")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_RESOLVEUID = re.compile(r"(?:^|/)resolve[Uu]id/([\w-]+)")
# What Plone appends to an item's address to show or download it.
_TAIL = re.compile(r"/(?:@@images/.*|@@download/.*|@@display-file/.*|image_\w+|view|download)$")


@dataclass(frozen=True)
class Target:
    kind: str  # "page", "document" or "image"
    id: int


Resolver = Callable[[str], Target | None]


def sanitize(html: str) -> str:
    """The allow-listed HTML (h1 becomes h2: the page title is the only h1)."""
    return nh3.clean(
        _H1.sub(r"<\1h2", html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def has_links(html: str) -> bool:
    return "<a " in (html or "") or "<img" in (html or "")


def _attrs(text: str) -> dict[str, str]:
    return {name: html_lib.unescape(value) for name, value in _ATTR.findall(text)}


def reference_of(url: str, base_path: str, site_hosts: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """("uid", UID) or ("path", /old/path) for a link into the old site; None for an outside link."""
    match = _RESOLVEUID.search(url)
    if match:
        return ("uid", match.group(1))
    parsed = urlparse(url)
    if parsed.scheme in {"mailto", "tel"} or url.startswith("#"):
        return None
    if parsed.scheme and parsed.netloc not in site_hosts:
        return None
    path = unquote(urljoin(base_path, parsed.path)) if parsed.path else ""
    if not path:
        return None
    return ("path", _TAIL.sub("", path.rstrip("/")) or "/")


def rewrite_links(
    html: str, base_path: str, resolve: Callable[[tuple[str, str]], Target | None], site_hosts=()
) -> tuple[str, list[str]]:
    """The text with its internal links made Wagtail's; the old addresses that found no target."""
    unresolved: list[str] = []

    def anchor(match: re.Match) -> str:
        attrs, inner = _attrs(match.group(1)), match.group(2)
        href = attrs.get("href", "")
        if not href or "linktype" in attrs:
            return match.group(0)
        ref = reference_of(href, base_path, site_hosts)
        if ref is None:
            return match.group(0)
        target = resolve(ref)
        if target is None or target.kind == "image":
            unresolved.append(href)
            return inner
        return f'<a linktype="{target.kind}" id="{target.id}">{inner}</a>'

    def image(match: re.Match) -> str:
        attrs = _attrs(match.group(1))
        src = attrs.get("src", "")
        ref = reference_of(src, base_path, site_hosts) if src else None
        target = resolve(ref) if ref else None
        if target is None or target.kind != "image":
            unresolved.append(src)
            return ""
        alt = html_lib.escape(attrs.get("alt", ""), quote=True)
        return f'<embed alt="{alt}" embedtype="image" format="fullwidth" id="{target.id}"/>'

    return _IMG.sub(image, _ANCHOR.sub(anchor, html)), unresolved
