"""`export_defaultpages.json` (`[{"uuid": folder UID, "default_page": child id}]`) → what the folder showed.

In Plone a folder with a default page answered at its own address with that document.  A reader who
follows the folder's old address expects that text, so the folder's section page shows the default page's
text above its list (which leaves the default page out: it *is* the folder), and the default page's old
addresses (`/Plone/a/doc`, `/a/doc`, `…/view`) redirect to the section.  The default page stays a page of
its own (its history, translations and `resolveuid` links keep working).  The site root
(`plone_site_root`) is the archive section.  A redirect that an editor pointed elsewhere is left alone.
"""

from __future__ import annotations

from wagtail.contrib.redirects.models import Redirect

from portal.plone.models import ArchiveIndexPage, ArchivePage
from portal.plone.postpass import by_path, problem, publish_change, targets

SITE_ROOT = "plone_site_root"  # collective.exportimport's config.SITE_ROOT


def apply(entries: list[dict], site_path: str) -> dict:
    from portal.plone.pages import ensure_archive
    from portal.publishing import ensure_site

    site_path = site_path.rstrip("/")
    archive = ensure_archive(ensure_site())
    folders = targets(str(entry.get("uuid") or "") for entry in entries)
    counts = {"set": 0, "unchanged": 0, "redirects": 0}
    problems: list[dict] = []
    for entry in entries:
        uid, child_id = str(entry.get("uuid") or ""), str(entry.get("default_page") or "")
        if uid == SITE_ROOT:
            folder, folder_path = archive, site_path
        else:
            target = folders.get(uid)
            folder, folder_path = (target.page, target.old_path) if target else (None, "")
        if not isinstance(folder, ArchiveIndexPage):
            problems.append(problem(uid, "the folder is not an imported section", default_page=child_id))
            continue
        child = by_path([f"{folder_path}/{child_id}"]).get(f"{folder_path}/{child_id}")
        if child is None or not isinstance(child.page, ArchivePage):
            reason = (
                "the default page was not imported" if child is None else "the default page is not a document"
            )
            problems.append(problem(uid, reason, default_page=child_id))
            continue
        counts["set" if _set_default(folder, child.page) else "unchanged"] += 1
        counts["redirects"] += _redirect(child.old_path, site_path, child.page, folder)
    return {**counts, "problems": problems}


def _set_default(folder: ArchiveIndexPage, page: ArchivePage) -> bool:
    latest = folder.get_latest_revision_as_object() if folder.latest_revision_id else folder
    if latest.default_page_id == page.pk and folder.default_page_id == page.pk:
        return False
    latest.default_page = page
    publish_change(latest, folder.live, folder.has_unpublished_changes)
    if not folder.live:  # a draft section: its row is what the admin shows until it is published
        ArchiveIndexPage.objects.filter(pk=folder.pk).update(default_page=page)
    return True


def _redirect(old_path: str, site_path: str, page: ArchivePage, folder: ArchiveIndexPage) -> int:
    """Point the default page's old addresses at the section (those that still lead to the page itself)."""
    forms = {old_path, old_path + "/view"}
    if site_path and old_path.startswith(site_path + "/"):
        short = old_path[len(site_path) :]
        forms |= {short, short + "/view"}
    forms = {Redirect.normalise_path(form) for form in forms}
    changed = Redirect.objects.filter(site=None, old_path__in=forms, redirect_page_id=page.pk).update(
        redirect_page=folder
    )
    existing = set(Redirect.objects.filter(site=None, old_path__in=forms).values_list("old_path", flat=True))
    missing = [
        Redirect(old_path=form, site=None, is_permanent=True, redirect_page=folder)
        for form in sorted(forms - existing)
    ]
    Redirect.objects.bulk_create(missing)
    return changed + len(missing)
