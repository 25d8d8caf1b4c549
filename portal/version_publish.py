"""A new version of an act when an editor publishes a changed act, regulation or appendix (issue 17).

On `page_published` of an act page or of a page under it, once the transaction commits, the act's published
text is compared with its latest version (portal.versions.record_current): a changed text becomes a new
version dated the day it went live, in force from the date the editor gave on the page
(`amendment_in_force_from`, when this publish set it) or else from that day, flagged inferred; the previous
version ends the day before.  A publish that changes no text (SEO fields, the slug, the date field alone)
records nothing.  A scheduled publish (go_live_at) is dated by its go-live day, which the editor chose.

Recording after the commit lets an import (record_import) or the demo (record_current) date their versions
first in the same transaction: the text is then that of the latest version already and nothing is added.
Several pages of one act published in one transaction make one version (one callback per act).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.models import Page, Revision
from wagtail.signals import page_published

from portal.models import AppendixPage, ApprovedDocumentPage, LegalActPage
from portal.version_models import ActVersion
from portal.versions import act_of, record_current

DATE_FIELD = "amendment_in_force_from"
VERSIONED_PAGES = (LegalActPage, ApprovedDocumentPage, AppendixPage)


@dataclass
class _Recording:
    """The on_commit callback of one act: the revisions its pages published in the transaction."""

    act_id: int
    revision_ids: list[int] = field(default_factory=list)
    done: bool = False

    def __call__(self) -> None:
        self.done = True  # a later publish in the same (test) transaction needs a callback of its own
        record_published(self.act_id, self.revision_ids)


def _pending(act_id: int) -> _Recording | None:
    """The act's callback already waiting for this transaction's commit (dropped with a rollback)."""
    for _sids, func, *_rest in connection.run_on_commit:
        if isinstance(func, _Recording) and func.act_id == act_id and not func.done:
            return func
    return None


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    if not isinstance(instance, VERSIONED_PAGES) or not instance.live:
        return  # a publish scheduled for later sends the signal before the page goes live
    act = act_of(instance)
    if act is None:
        return
    revision_id = getattr(revision, "pk", None) or instance.live_revision_id
    recording = _pending(act.pk) if connection.in_atomic_block else None
    if recording is not None:
        recording.revision_ids.append(revision_id)
    else:  # outside a transaction on_commit calls it at once
        transaction.on_commit(_Recording(act.pk, [revision_id]))


# ------------------------------------------------------------------------------------------ dating


@dataclass
class PublishDates:
    published_on: date
    scheduled: bool
    in_force_from: date | None  # the editor's date, when this publish gave one


def _previous_dates(latest: ActVersion | None) -> dict[int, str | None]:
    """Page id → the in-force date its revision in the latest version held (to tell a fresh date)."""
    if latest is None:
        return {}
    by_page = {int(pk): rid for pk, rid in latest.page_revisions.items()}
    if latest.revision_id:
        by_page[latest.act_id] = latest.revision_id
    rows = Revision.objects.filter(pk__in=[r for r in by_page.values() if r]).values_list(
        "pk", KT(f"content__{DATE_FIELD}")
    )
    held = dict(rows)
    return {page_id: held.get(rid) for page_id, rid in by_page.items()}


def publish_dates(revision_ids: list[int], latest: ActVersion | None) -> PublishDates:
    """When the revisions went live and the in-force date the editor gave with them (the first page's in
    tree order when several did)."""
    rows = (
        Revision.objects.filter(pk__in=[r for r in revision_ids if r])
        .annotate(given=KT(f"content__{DATE_FIELD}"), go_live=KT("content__go_live_at"))
        .values_list("object_id", "created_at", "given", "go_live")
    )
    paths = dict(Page.objects.filter(pk__in=[int(r[0]) for r in rows]).values_list("pk", "path"))
    previous = _previous_dates(latest)
    today, scheduled, given = timezone.localdate(), None, None
    for object_id, created_at, value, go_live in sorted(rows, key=lambda r: paths.get(int(r[0]), "")):
        go_live_at = parse_datetime(go_live) if go_live else None
        # A go-live after the revision was saved is a schedule; an old go_live_at copied along is not.
        if go_live_at and created_at < go_live_at <= timezone.now():
            scheduled = min(scheduled or today, timezone.localdate(go_live_at))
        if given is None and value and value != previous.get(int(object_id)):
            given = parse_date(value)
    return PublishDates(published_on=scheduled or today, scheduled=scheduled is not None, in_force_from=given)


@transaction.atomic
def record_published(act_id: int, revision_ids: list[int]) -> ActVersion | None:
    """Record the act's published text as a new version when it changed; None when it did not."""
    act = LegalActPage.objects.filter(pk=act_id).first()
    if act is None:  # deleted in the meantime
        return None
    latest = act.versions.select_for_update().order_by("-number").first()
    dates = publish_dates(revision_ids, latest)
    start = dates.in_force_from or dates.published_on
    inferred = dates.in_force_from is None and not dates.scheduled
    version = record_current(act, version_date=dates.published_on, in_force_from=start, inferred=inferred)
    if version is not None and version.version_date_inferred:
        # The day it went live is known; only the start of force is a guess.
        version.version_date_inferred = False
        version.save(update_fields=["version_date_inferred"])
    return version


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="portal-act-version-on-publish")
