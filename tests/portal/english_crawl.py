"""Crawl the public pages of one interface language and report English interface words (shared by the
live-server test and usable against any running portal: `python -m tests.portal.english_crawl URL`)."""

from __future__ import annotations

import re
import sys
from urllib.parse import urljoin, urlsplit

import requests
from bs4 import BeautifulSoup

# Latin words that are names, not untranslated interface text.
ALLOWED = {
    "pdf",
    "json",
    "xml",
    "api",
    "openapi",
    "akoma",
    "ntoso",
    "akn",
    "csv",
    "qr",
    "sms",
    "id",
    "url",
    "www",
    "cms",
    "ncalayer",
}
_WORD = re.compile(r"(?<![\w@/.-])[A-Za-z]{2,}(?![\w@/.-])")
_URLISH = re.compile(r"\S*(?:https?://|www\.|\w\.(?:kz|com|org|gov|ru)\b)\S*|\S+@\S+")
SKIP_PARTS = ("/admin/", "/cabinet/", "/logout/", "/documents/", "/i18n/", "/static/", "/media/")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


def english_words(html: str) -> list[str]:
    """Latin words of the page's text and accessible attributes, outside URLs and code."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "code", "svg"]):
        tag.decompose()
    texts = [soup.get_text(" ")]
    texts += [str(tag[attr]) for attr in ATTRIBUTES for tag in soup.find_all(attrs={attr: True})]
    words = []
    for text in texts:
        for word in _WORD.findall(_URLISH.sub(" ", text)):
            if word.lower() not in ALLOWED:
                words.append(word)
    return words


def crawl(base_url: str, language: str, limit: int = 120, session=None) -> dict[str, list[str]]:
    """URL → English words found, over the pages reachable from /<language>/ in that language (and a search
    with results, which no link leads to)."""
    session = session or requests.Session()
    start = f"/{language}/"
    queue = [start, f"{start}search/?q=ветеринариялық", f"{start}login/"]
    seen, found = set(queue), {}
    cite_pages = 0
    while queue and len(seen) <= limit:
        path = queue.pop(0)
        response = session.get(urljoin(base_url, path), timeout=60)
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        words = english_words(response.text)
        if words:
            found[path] = sorted(set(words))
        for link in BeautifulSoup(response.text, "html.parser").find_all("a", href=True):
            url = urlsplit(urljoin(urljoin(base_url, path), link["href"]))
            target = url.path
            if url.netloc != urlsplit(base_url).netloc or url.query or not target.startswith(start):
                continue
            if any(part in target for part in SKIP_PARTS) or target in seen:
                continue
            if "/cite/" in target:  # one citation page per document is enough
                cite_pages += 1
                if cite_pages > 6:
                    continue
            seen.add(target)
            queue.append(target)
    return found


if __name__ == "__main__":
    for lang in ("kk", "ru"):
        for page, words in crawl(sys.argv[1], lang).items():
            print(lang, page, words)
