"""Versions of an act in time: recorded at import, read back as «the act as in force on a date».

`record_import` runs inside the importer's transaction: it reads the dates the act states
(portal.importer.dates), records the amendments and repeals, and adds a version when the published text
changed (the old version keeps its revisions).  `page_as_at(page, day)` gives the act or regulation page
as it stood on a day, built from the revisions of the version in force then; act-formats exports from it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta

from django.utils import timezone
from wagtail.models import Page, Revision

from portal.importer.dates import ActDates, InForce, RelationFact, read_dates
from portal.importer.tree import ParsedAct
from portal.models import AppendixPage, ApprovedDocumentPage, HandbookPage, LegalActPage
from portal.version_models import KIND_AMENDS, KIND_REPEALS, ActRelation, ActVersion

# Fields of a revision's content that make up the text of a version (not its timestamps or owners).
TEXT_FIELDS = ("title", "body", "stamp", "full_title", "appendix_title", "columns", "status", "repealed_by")


# --------------------------------------------------------------------------------------- recording


def _snapshot(act: LegalActPage) -> tuple[str, dict[str, int]]:
    """SHA-256 of the published text of the act and its documents, and their live revision ids (the act's
    under the key "act": publishing leaves the in-memory page's live_revision_id stale)."""
    pages = (
        Page.objects.descendant_of(act, inclusive=True)
        .live()
        .exclude(content_type__model=HandbookPage._meta.model_name)
        .order_by("path")
        .values_list("pk", "path", "live_revision_id")
    )
    revisions = dict(
        Revision.objects.filter(pk__in=[r for _, _, r in pages if r]).values_list("pk", "content")
    )
    digest = hashlib.sha256()
    for _pk, path, revision_id in pages:
        content = revisions.get(revision_id) or {}
        text = {k: content.get(k) for k in TEXT_FIELDS if k in content}
        digest.update(path.encode() + json.dumps(text, sort_keys=True, ensure_ascii=False).encode())
    page_revisions = {str(pk): rid for pk, _path, rid in pages if pk != act.pk and rid}
    page_revisions["act"] = next((rid for pk, _path, rid in pages if pk == act.pk), None)
    return digest.hexdigest(), page_revisions


def _find_act(day: date | None, number: str, *, other_than: LegalActPage) -> LegalActPage | None:
    """An imported act named by date and number (the way Kazakh acts cite one another)."""
    if day is None or not number:
        return None
    return LegalActPage.objects.filter(act_date=day, number=number).exclude(pk=other_than.pk).first()


def _set_effective(relation: ActRelation, effective: InForce, created: bool) -> None:
    """An editor's confirmed date is kept; an inferred one is recomputed."""
    if created or relation.effective_date_inferred or relation.effective_date is None:
        relation.effective_date = effective.date
        relation.effective_date_inferred = effective.inferred
        relation.clause = effective.clause


def _record_relation(act: LegalActPage, fact: RelationFact) -> ActRelation:
    other = _find_act(fact.act_date, fact.number, other_than=act)
    if fact.incoming:
        lookup = {"target_act": act, "source_date": fact.act_date, "source_number": fact.number}
        defaults = {"source_citation": fact.citation, "source_act": other}
    else:
        lookup = {"source_act": act, "target_date": fact.act_date, "target_number": fact.number}
        defaults = {"target_citation": fact.citation, "target_act": other}
    relation, created = ActRelation.objects.get_or_create(kind=fact.kind, **lookup, defaults=defaults)
    for name, value in defaults.items():
        if value and not getattr(relation, name):
            setattr(relation, name, value)
    _set_effective(relation, fact.effective, created)
    relation.save()
    return relation


def _link_citations(act: LegalActPage) -> None:
    """Relations recorded before this act was imported now link to it."""
    if act.act_date is None or not act.number:
        return
    citing = ActRelation.objects.filter(
        source_act=None, source_date=act.act_date, source_number=act.number
    ).exclude(target_act=act)
    cited = ActRelation.objects.filter(
        target_act=None, target_date=act.act_date, target_number=act.number
    ).exclude(source_act=act)
    # The other acts' pages name this act from now on (as a link): their cached HTML must go.
    others = [*citing.values_list("target_act_id", flat=True), *cited.values_list("source_act_id", flat=True)]
    citing.update(source_act=act)
    cited.update(target_act=act)
    invalidate_act_pages(others)


def _day_before(day: date | None) -> date | None:
    return day - timedelta(days=1) if day else None


def _apply_repeal(version: ActVersion, repeal: ActRelation | None) -> None:
    if repeal is None or repeal.effective_date is None:
        return
    if version.in_force_to is None or version.in_force_to_inferred:
        version.in_force_to = _day_before(repeal.effective_date)
        version.in_force_to_inferred = repeal.effective_date_inferred


def _first_version(act: LegalActPage, dates: ActDates) -> ActVersion:
    return ActVersion(
        act=act,
        number=1,
        version_date=dates.adopted or timezone.localdate(),
        version_date_inferred=dates.adopted is None,
        in_force_from=dates.in_force.date,
        in_force_from_inferred=dates.in_force.inferred or dates.in_force.date is None,
        note=dates.in_force.clause,
    )


def _next_version(act: LegalActPage, latest: ActVersion, amendments: list[ActRelation]) -> ActVersion:
    """A changed text: dated by the newest amendment not yet applied, else today (inferred)."""
    newer = [r for r in amendments if r.source_date and r.source_date > latest.version_date]
    amendment = max(newer, key=lambda r: r.source_date, default=None)
    today = timezone.localdate()
    start = amendment.effective_date if amendment else today
    version = ActVersion(
        act=act,
        number=latest.number + 1,
        version_date=amendment.source_date if amendment else today,
        version_date_inferred=amendment is None,
        in_force_from=start,
        in_force_from_inferred=amendment.effective_date_inferred if amendment else True,
        note=amendment.source_citation if amendment else "",
    )
    if start and (latest.in_force_to is None or latest.in_force_to_inferred):
        latest.in_force_to = _day_before(start)
        latest.in_force_to_inferred = version.in_force_from_inferred
        latest.save(update_fields=["in_force_to", "in_force_to_inferred"])
    return version


def record_import(act: LegalActPage, parsed: ParsedAct) -> str:
    """Record the act's dates, relations and (when its text changed) a new version; returns what it did:
    "created", "unchanged" or "draft" (a draft is not published, so it is no version)."""
    dates = read_dates(parsed)
    relations = [_record_relation(act, fact) for fact in dates.relations]
    _link_citations(act)
    if parsed.draft:
        return "draft"
    repeal = next((r for r in relations if r.target_act_id == act.pk and r.kind == KIND_REPEALS), None)
    amendments = [r for r in relations if r.target_act_id == act.pk and r.kind == KIND_AMENDS]
    sha, page_revisions = _snapshot(act)
    act_revision = page_revisions.pop("act")
    latest = act.versions.order_by("-number").first()
    outcome = "unchanged"
    if latest is None or latest.content_sha256 != sha:
        version = _first_version(act, dates) if latest is None else _next_version(act, latest, amendments)
        version.revision_id = act_revision
        version.page_revisions = page_revisions
        version.content_sha256 = sha
        latest, outcome = version, "created"
    elif latest.in_force_from is None or (latest.number == 1 and latest.in_force_from_inferred):
        latest.in_force_from = dates.in_force.date
        latest.in_force_from_inferred = dates.in_force.inferred or dates.in_force.date is None
    latest.status = act.status
    _apply_repeal(latest, repeal)
    latest.save()
    return outcome


def record_current(
    act: LegalActPage,
    *,
    version_date: date,
    in_force_from: date | None,
    note: str = "",
    inferred: bool = False,
) -> ActVersion | None:
    """Record the act's published text as a new version in force from `in_force_from` (an amendment an
    editor published through the admin, or the demo); the previous version ends the day before.  None when
    the published text is that of the latest version already."""
    sha, page_revisions = _snapshot(act)
    act_revision = page_revisions.pop("act")
    latest = act.versions.order_by("-number").first()
    if latest is not None and latest.content_sha256 == sha:
        return None
    if latest is not None and in_force_from and (latest.in_force_to is None or latest.in_force_to_inferred):
        latest.in_force_to = _day_before(in_force_from)
        latest.in_force_to_inferred = inferred
        latest.save(update_fields=["in_force_to", "in_force_to_inferred"])
    return ActVersion.objects.create(
        act=act,
        number=latest.number + 1 if latest else 1,
        version_date=version_date,
        version_date_inferred=inferred,
        status=act.status,
        in_force_from=in_force_from,
        in_force_from_inferred=inferred,
        revision_id=act_revision,
        page_revisions=page_revisions,
        content_sha256=sha,
        note=note,
    )


# ----------------------------------------------------------------------------------------- reading


def parse_day(value: str | None) -> date | None:
    """«2017-06-01» → a date; anything else (empty, malformed, impossible) → None."""
    try:
        return date.fromisoformat((value or "").strip()) if value and len(value.strip()) == 10 else None
    except ValueError:
        return None


def versions_of(act: LegalActPage) -> list[ActVersion]:
    return list(ActVersion.objects.filter(act=act).order_by("number"))


def version_at(act: LegalActPage, day: date) -> ActVersion | None:
    """The version whose period of force covers the day (the latest one when periods overlap)."""
    covering = [v for v in versions_of(act) if v.covers(day)]
    return covering[-1] if covering else None


def act_of(page: Page) -> LegalActPage | None:
    page = page.specific
    if isinstance(page, LegalActPage):
        return page
    return LegalActPage.objects.ancestor_of(page).first()


def _revision_objects(revision_ids) -> list[Page]:
    revisions = Revision.objects.filter(pk__in=list(revision_ids))
    return sorted((r.as_object() for r in revisions), key=lambda p: p.path)


def version_object(page: Page, version: ActVersion) -> Page:
    """The page as the version holds it (falls back to the live page when its revision is gone)."""
    page = page.specific
    if isinstance(page, LegalActPage):
        if version.revision_id is None:
            return page
        act = version.revision.as_object()
        pages = _revision_objects(version.page_revisions.values())
        documents = [p for p in pages if isinstance(p, ApprovedDocumentPage)]
        appendices = [p for p in pages if isinstance(p, AppendixPage)]
        handbooks = list(HandbookPage.objects.descendant_of(page).live().public().order_by("path"))
        # portal.rendering renders these instead of the live children (documents as they were then).
        act.version_children = (documents, appendices, handbooks)
        return act
    revision_id = version.page_revisions.get(str(page.pk))
    revision = Revision.objects.filter(pk=revision_id).first() if revision_id else None
    return revision.as_object() if revision else page


def page_as_at(page: Page, day: date) -> tuple[Page, ActVersion | None]:
    """The act, regulation or appendix page as in force on `day`, and the version in force then (None when
    the act was not in force that day: the live page comes back unchanged)."""
    act = act_of(page)
    version = version_at(act, day) if act is not None else None
    if version is None:
        return page.specific, None
    return version_object(page, version), version


def invalidate_act_pages(act_ids: list[int]) -> None:
    """Drop the cached HTML of the acts' pages, their ancestors' and their documents' (they show the versions
    panel and the repeal), after a version or a relation changed: portal.cache_invalidation's tokens, and the
    proxy's URLs when one is configured."""
    from portal.cache_invalidation import invalidate

    for act in LegalActPage.objects.filter(pk__in=[pk for pk in act_ids if pk]):
        invalidate(act)
