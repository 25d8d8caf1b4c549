"""The passes that run once every item is written: the side exports that refer to items by UID.

Each pass reads its optional `export_*.json` file, finds the imported objects through PloneProvenance and
returns its counts and the entries it could not carry over (`problems`, each with a reason): those go into
the import report, nothing is dropped silently.  They run in the import's transaction handling (a dry run
rolls them back with the rest) and are idempotent: a re-run finds everything in place and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page

from portal.plone.models import PloneProvenance
from portal.plone.reader import read_optional

CHUNK = 500
KEPT_DATES = ("first_published_at", "last_published_at", "latest_revision_created_at")


@dataclass(frozen=True)
class Target:
    uid: str
    old_path: str
    obj: object  # a specific Page, a Wagtail document or image; None when it is gone

    @property
    def page(self) -> Page | None:
        return self.obj if isinstance(self.obj, Page) else None


def targets(uids: Iterable[str]) -> dict[str, Target]:
    """The imported object of each UID that has one (pages as their specific class)."""
    wanted = sorted({str(uid) for uid in uids if uid})
    rows: list[PloneProvenance] = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        rows += (
            PloneProvenance.objects.filter(uid__in=chunk)
            .exclude(target_id=None)
            .select_related("target_type")
        )
    by_model: dict[type, set[int]] = {}
    for row in rows:
        model = row.target_type.model_class() if row.target_type_id else None
        if model is not None:
            by_model.setdefault(model, set()).add(row.target_id)
    objects: dict[tuple[type, int], object] = {}
    for model, ids in by_model.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):  # SQLite limits the parameters of one query
            for obj in model.objects.filter(pk__in=ordered[start : start + CHUNK]):
                objects[(model, obj.pk)] = obj
    found = {}
    for row in rows:
        model = row.target_type.model_class() if row.target_type_id else None
        found[row.uid] = Target(row.uid, row.old_path, objects.get((model, row.target_id)))
    return found


def page_ids(uids: Iterable[str]) -> dict[str, int]:
    """UID → id of the imported page, for the UIDs that became pages (no object loaded: large exports)."""
    wanted = sorted({str(uid) for uid in uids if uid})
    page_types = {
        pk
        for pk, model in ((ct.pk, ct.model_class()) for ct in ContentType.objects.all())
        if model is not None and issubclass(model, Page)
    }
    found: dict[str, int] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = PloneProvenance.objects.filter(
            uid__in=wanted[start : start + CHUNK], target_type__in=page_types
        )
        found.update(rows.exclude(target_id=None).values_list("uid", "target_id"))
    return found


def by_path(paths: Iterable[str]) -> dict[str, Target]:
    """The imported object of each old Plone path (`/Plone/a/b`)."""
    rows = PloneProvenance.objects.filter(old_path__in=sorted(set(paths))).values_list("uid", flat=True)
    return {target.old_path: target for target in targets(rows).values()}


def problem(uid: str, reason: str, **extra) -> dict:
    return {"uid": uid, "reason": reason, **extra}


def publish_change(page: Page, was_live: bool, had_draft: bool) -> None:
    """After a structural change saved as a revision: publish it when the page was live with nothing
    unpublished (an editor's pending draft is not published behind their back)."""
    dates = Page.objects.filter(pk=page.pk).values(*KEPT_DATES).get()
    revision = page.save_revision(clean=False, log_action=False)
    if was_live and not had_draft:
        revision.publish(skip_permission_checks=True, log_action=False)
    # Not a new version of the text: the page keeps Plone's dates (first and last published, modified).
    Page.objects.filter(pk=page.pk).update(**dates)


def run_post_passes(path: Path, site_path: str, groups: dict[str, str] | None = None) -> dict:
    """Every pass whose export is present, each in its own transaction; returns their reports by name."""
    from portal.plone import defaultpages, discussion, localroles, ordering, relations

    passes = (
        ("localroles", "export_localroles.json", lambda data: localroles.apply(data, _members(path), groups)),
        ("ordering", "export_ordering.json", ordering.apply),
        ("defaultpages", "export_defaultpages.json", lambda data: defaultpages.apply(data, site_path)),
        ("relations", "export_relations.json", relations.apply),
        ("discussion", "export_discussion.json", discussion.apply),
    )
    reports = {}
    for name, file_name, apply in passes:
        data = read_optional(path, file_name)
        if data is None:
            continue
        if not isinstance(data, list):
            reports[name] = {"problems": [problem("", f"{file_name} is not a JSON array")]}
            continue
        with transaction.atomic():
            reports[name] = apply([entry for entry in data if isinstance(entry, dict)])
    return reports


def _members(path: Path) -> dict:
    data = read_optional(path, "export_members.json")
    return data if isinstance(data, dict) else {}
