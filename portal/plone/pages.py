"""Plone folders, documents and news items as Wagtail pages, with their versions and workflow history.

Each exported version becomes a revision with its original time, author and change note (a
`portal.plone_version` log entry next to it, so the page's history shows the note and Wagtail's compare
works between them).  The workflow history becomes read-only `portal.plone_workflow` log entries in the
same history (PageLogEntry rather than a model of our own: Wagtail lists, filters and keeps them with the
page without a panel to maintain, and nobody can edit them from the admin).

The new pages of a batch are written by portal.plone.bulk to the same result (tested side by side);
write_page is for an item imported before (its changes become a new revision) and for a batch whose bulk
write failed.  The history entries and dates are built here for both.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, PageLogEntry, Revision

from portal.plone.items import PloneItem
from portal.plone.mapping import INDEX
from portal.plone.models import ArchiveIndexPage, ArchivePage
from portal.plone.richtext import sanitize
from portal.plone.translations import locale_for

# Not "archive": search.urls serves the staff archive of records at /<lang>/archive/.
ARCHIVE_SLUG = "muragat"
ARCHIVE_TITLE = "Мұрағат / Архив"
VERSION_ACTION = "portal.plone_version"
WORKFLOW_ACTION = "portal.plone_workflow"
TITLE_MAX = 255


class Users:
    """Plone user ids → portal users of the same username (None when there is none: the actor's name stays
    in the log entry's data)."""

    def __init__(self) -> None:
        self._cache: dict[str, object] = {}

    def get(self, username: str):
        if not username:
            return None
        if username not in self._cache:
            self._cache[username] = get_user_model().objects.filter(username=username).first()
        return self._cache[username]


def ensure_archive(home: Page) -> ArchiveIndexPage:
    section = ArchiveIndexPage.objects.child_of(home).filter(slug=ARCHIVE_SLUG).first()
    if section is None:
        section = ArchiveIndexPage(title=ARCHIVE_TITLE, slug=ARCHIVE_SLUG)
        home.add_child(instance=section)
        section.save_revision(clean=False).publish(skip_permission_checks=True, log_action=False)
    return section


def slug_base(plone_id: str) -> str:
    return slugify(plone_id.replace(".", "-").replace("_", "-"), allow_unicode=True)[:240] or "item"


def first_free(base: str, taken: set[str]) -> str:
    """`base`, else `base-2`, `base-3`, … : the first that no sibling holds."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def free_slug(parent: Page, plone_id: str, own_pk: int | None = None) -> str:
    """The Plone id as the slug where it is free among the siblings, else with a number."""
    base = slug_base(plone_id)
    siblings = parent.get_children().exclude(pk=own_pk) if own_pk else parent.get_children()
    return first_free(base, set(siblings.filter(slug__startswith=base).values_list("slug", flat=True)))


def _apply(page: Page, title: str, description: str, html: str, fallback: str) -> None:
    page.title = (title or fallback)[:TITLE_MAX]
    page.intro = description
    if isinstance(page, ArchivePage):
        page.body = sanitize(html)


def write_page(
    item: PloneItem, kind: str, parent: Page, page: Page | None, live: bool, users: Users
) -> tuple[Page, bool]:
    """Create the page (every version a revision) or add the current item as a new revision of it."""
    created = page is None
    if created:
        model = ArchiveIndexPage if kind == INDEX else ArchivePage
        page = model(slug=free_slug(parent, item.plone_id), live=False, has_unpublished_changes=True)
        page.locale = locale_for(item.language) or parent.locale
        first = item.versions[0] if item.versions else None
        _apply(
            page,
            first.title if first else item.title,
            first.description if first else item.description,
            first.html if first else item.html,
            item.plone_id,
        )
        page.owner = users.get(item.creators[0] if item.creators else "")
        parent.add_child(instance=page)
        # Wagtail logs the creation now; the page was created in Plone, at the item's own time.
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.create").update(
            timestamp=item.created or timezone.now(), user=page.owner
        )
        for version in item.versions:
            _apply(page, version.title, version.description, version.html, item.plone_id)
            _revision(
                page,
                users.get(version.actor),
                version.modified,
                version.number,
                version.change_note,
                version.actor,
            )
    else:
        if page.get_parent().pk != parent.pk:
            page.move(parent, pos="last-child")
            page.refresh_from_db()
        page = page.get_latest_revision_as_object()
    _apply(page, item.title, item.description, item.html, item.plone_id)
    revision = _revision(page, users.get(item.actor), item.modified, "current", item.change_note, item.actor)
    if live:
        revision.publish(user=users.get(item.actor), skip_permission_checks=True, log_action=False)
    elif page.live:
        page.unpublish(log_action=False)  # now private or pending in Plone: never public here
    _keep_dates(page, item, live)
    _replace_workflow_entries(page, item, users)
    return page, created


def _revision(page: Page, user, when: datetime | None, number: str, note: str, actor: str) -> Revision:
    revision = page.save_revision(user=user, clean=False, changed=True, log_action=False)
    when = when or timezone.now()
    Revision.objects.filter(pk=revision.pk).update(created_at=when)
    revision.created_at = when
    content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
    version_entry(
        page.pk, content_type, page.get_admin_display_title(), revision, user, when, number, note, actor
    ).save()
    return revision


def version_entry(
    page_id: int, content_type, label: str, revision, user, when, number: str, note: str, actor: str
) -> PageLogEntry:
    """The history entry beside a revision made from a Plone version (unsaved: both paths write it)."""
    return PageLogEntry(
        content_type=content_type,
        label=label[:TITLE_MAX],
        action=VERSION_ACTION,
        page_id=page_id,
        revision=revision,
        user=user,
        timestamp=when,
        content_changed=True,
        data={"version": number, "change_note": note, "actor": actor},
    )


def plone_dates(item: PloneItem, live: bool) -> dict[str, datetime]:
    """The page's dates from Plone: latest revision at `modified`; published at `effective` (first) and
    `modified` (last) when live."""
    modified = item.modified or item.created or timezone.now()
    dates = {"latest_revision_created_at": modified}
    if live:
        dates["first_published_at"] = item.effective or item.created or modified
        dates["last_published_at"] = modified
    return dates


def _keep_dates(page: Page, item: PloneItem, live: bool) -> None:
    Page.objects.filter(pk=page.pk).update(**plone_dates(item, live))


def workflow_entries(
    page_id: int, content_type, label: str, item: PloneItem, users: Users
) -> list[PageLogEntry]:
    """The item's workflow history as read-only entries of the page's history (unsaved)."""
    return [
        PageLogEntry(
            content_type=content_type,
            label=label[:TITLE_MAX],
            action=WORKFLOW_ACTION,
            page_id=page_id,
            user=users.get(entry.actor),
            timestamp=entry.time or item.created or timezone.now(),
            data={
                "workflow": entry.workflow,
                "transition": entry.action or "",
                "actor": entry.actor,
                "review_state": entry.review_state,
                "comments": entry.comments,
            },
        )
        for entry in item.workflow
    ]


def _replace_workflow_entries(page: Page, item: PloneItem, users: Users) -> None:
    PageLogEntry.objects.filter(page_id=page.pk, action=WORKFLOW_ACTION).delete()
    content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
    PageLogEntry.objects.bulk_create(
        workflow_entries(page.pk, content_type, page.get_admin_display_title(), item, users)
    )
