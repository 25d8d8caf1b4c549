"""Which cached pages a publish changes, and telling the caches (issue 17, "Speed").

A page's HTML shows its own content, its ancestors (breadcrumbs, the act's title and status on a regulation
page) and its descendants (the act page lists its regulations, a regulation its appendices).  So publishing,
unpublishing, moving or deleting page P changes P, P's ancestors, P's descendants and the sitemap — nothing
else.  Their tokens are replaced (portal.page_cache.bump) and, when a purging proxy is configured
(WAGTAILFRONTENDCACHE), their URLs in both languages are purged through Wagtail's frontend_cache.

Tokens are replaced at once (the same process, and tests inside one transaction, see the change) and again
after the commit: a request that rendered the old rows between the two stored its entry under the first new
token, which the second replaces.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.utils import translation
from django.utils.dateparse import parse_date
from wagtail.models import Page, Revision, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.page_cache import ALL_PAGES, SITEMAP, SITEMAP_PATH, bump

# Beyond this many descendants one site-wide token is cheaper than a token per page.
MAX_DESCENDANTS = 500


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path), step)]


def affected_pages(page: Page) -> tuple[list[Page], bool]:
    """The pages whose HTML shows `page` (itself included) and whether there were too many to list."""
    fields = ("id", "path", "depth", "url_path", "live")
    ancestors = list(Page.objects.filter(path__in=_ancestor_paths(page.path)).only(*fields))
    descendants = list(Page.objects.descendant_of(page).only(*fields)[: MAX_DESCENDANTS + 1])
    descendants += _pages_of_other_acts(page, fields)
    too_many = len(descendants) > MAX_DESCENDANTS
    return [page, *ancestors, *([] if too_many else descendants)], too_many


def _pages_of_other_acts(page: Page, fields: tuple[str, ...]) -> list[Page]:
    """The pages of the acts that name `page` (their repeal banner links the repealing act, found by its
    date and number: portal.citations; their versions panel lists the amendments and repeals). The act's
    date and number as published now and in its previous revision, since either may be the one cited."""
    from portal.citations import parse_citation
    from portal.models import LegalActPage
    from portal.version_models import ActRelation

    if not issubclass(page.specific_class or Page, LegalActPage):
        return []
    act = page.specific
    identities = {(act.act_date, act.number)}
    previous = (
        Revision.objects.filter(content_type_id=act.content_type_id, object_id=str(act.pk))
        .exclude(pk=act.live_revision_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is not None:
        identities.add((parse_date(previous.content.get("act_date") or ""), previous.content.get("number")))
    naming = {
        other.pk
        for other in LegalActPage.objects.exclude(pk=act.pk).exclude(repealed_by="").only("repealed_by")
        if parse_citation(other.repealed_by) in identities
    }
    relations = ActRelation.objects.filter(Q(source_act=act) | Q(target_act=act))
    for source, target in relations.values_list("source_act_id", "target_act_id"):
        naming |= {source, target} - {None, act.pk}
    paths = LegalActPage.objects.filter(pk__in=naming).values_list("path", flat=True)
    found: list[Page] = []
    for path in paths:
        found += Page.objects.filter(path__startswith=path).only(*fields)[: MAX_DESCENDANTS + 1]
    return found


_pending = threading.local()


def _bump_after_commit(ids: set) -> None:
    """Once per commit, however many pages the transaction published (an import publishes dozens)."""
    pending = getattr(_pending, "ids", None)
    if pending is None:
        pending = _pending.ids = set()
    pending |= ids
    transaction.on_commit(_flush)


def _flush() -> None:
    ids, _pending.ids = getattr(_pending, "ids", None), None
    if ids:  # the first callback of a commit takes them all; a rolled-back transaction's ride along
        bump(ids)


def invalidate(page: Page, *, old_url_path: str = "") -> None:
    pages, too_many = affected_pages(page)
    ids = {p.pk for p in pages} | {SITEMAP} | ({ALL_PAGES} if too_many else set())
    bump(ids)
    _bump_after_commit(ids)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        urls = page_urls(pages, moved=page if old_url_path else None, old_url_path=old_url_path)
        transaction.on_commit(lambda: purge(urls))


def page_urls(pages: list[Page], *, moved: Page | None = None, old_url_path: str = "") -> list[str]:
    """Full URLs of the pages (and their whole-act view) under every interface language, each site's
    sitemap, and the URLs a moved subtree had before the move."""
    urls = {f"{site.root_url}{SITEMAP_PATH}" for site in Site.objects.all()}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for page in pages:
                versions = [page]
                if moved is not None and old_url_path and page.url_path.startswith(moved.url_path):
                    old_path = old_url_path + page.url_path[len(moved.url_path) :]
                    versions.append(Page(id=page.id, path=page.path, depth=page.depth, url_path=old_path))
                for version in versions:
                    url = version.get_full_url()
                    if url:
                        urls |= {url, f"{url}?full=1"}
    return sorted(urls)


def purge(urls: list[str]) -> None:
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(urls)


# ------------------------------------------------------------------------------------------ signals


def _on_publish_change(sender, instance, **kwargs) -> None:
    invalidate(instance)


def _on_move(sender, instance, url_path_before="", **kwargs) -> None:
    invalidate(instance, old_url_path=url_path_before)
    parent_before = kwargs.get("parent_page_before")
    if parent_before is not None:
        invalidate(parent_before)


def _on_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and instance.path:
        ids = {instance.pk, SITEMAP}
        ids |= set(Page.objects.filter(path__in=_ancestor_paths(instance.path)).values_list("id", flat=True))
        bump(ids)
        _bump_after_commit(ids)


def connect() -> None:
    """From PortalConfig.ready: every page type (the signals are sent with the specific class)."""
    page_published.connect(_on_publish_change, dispatch_uid="portal-cache-published")
    page_unpublished.connect(_on_publish_change, dispatch_uid="portal-cache-unpublished")
    post_page_move.connect(_on_move, dispatch_uid="portal-cache-moved")
    pre_delete.connect(_on_delete, dispatch_uid="portal-cache-deleted")
