"""Demo data of the act versions: the fixtures hold one text of each act, so the demo publishes an edited
text of act 000 as its version 2 (in force 26.01.2024–29.02.2024), then the official text again as version
3, to show the timeline, `?at=` and the comparison.

The edit is marked as a demonstration in the version's note and the point itself says so, and the live
page keeps the official text: the demo portal must not pass an invented amendment off as law.
"""

from __future__ import annotations

import copy
from datetime import date

from django.db import transaction
from django.utils.translation import gettext
from wagtail.models import Revision

from portal.models import ApprovedDocumentPage, LegalActPage
from portal.versions import record_current

DEMO_ACT = "000"
DEMO_DATE = date(2024, 1, 15)
DEMO_IN_FORCE = date(2024, 1, 26)
DEMO_RESTORED = date(2024, 3, 1)
DEMO_NOTE = "Демонстрациялық нұсқа: ресми мәтін емес (порталдың демо деректері)."
RESTORED_NOTE = "Демонстрациялық өзгеріс алынып тасталды: ресми мәтін қалпына келтірілді."
# Point 3 of the order: who supervises its execution (the demo moves it to a committee).
DEMO_POINT_3 = (
    "Осы бұйрықтың орындалуын бақылау Қазақстан Республикасы Ауыл шаруашылығы министрлігінің "
    "Ветеринариялық бақылау және қадағалау комитетіне жүктелсін (демонстрациялық өзгеріс)."
)


def _edit(page, change) -> None:
    """Publish a new revision of `page` whose body `change` edited (the raw StreamField data)."""
    page = page.get_latest_revision_as_object()
    body = copy.deepcopy(list(page.body.raw_data))
    change(body)
    page.body = body
    page.save_revision(clean=False, log_action=True).publish(skip_permission_checks=True)


def _act_point_3(body: list[dict]) -> None:
    for block in body:
        if block.get("type") == "point" and str(block["value"].get("number")) == "3":
            block["value"]["text"] = DEMO_POINT_3


def _drop_last_rules_point(body: list[dict]) -> None:
    """The last point of the rules' first chapter is dropped: the comparison shows a deletion too."""
    for block in body:
        if block.get("type") == "division" and block["value"].get("content"):
            block["value"]["content"].pop()
            return


def _restore(version) -> None:
    """Publish again the revisions of `version` (the official text), as Wagtail's «revert» does."""
    ids = [version.revision_id, *version.page_revisions.values()]
    for revision in Revision.objects.filter(pk__in=ids):
        page = revision.as_object()
        page.save_revision(clean=False, log_action=True, previous_revision=revision).publish(
            skip_permission_checks=True
        )


@transaction.atomic
def seed_demo_version() -> list[str]:
    """Versions 2 (demo text) and 3 (official text again) of act 000; idempotent: nothing when the act is
    missing or has more than its imported version."""
    act = LegalActPage.objects.filter(code=DEMO_ACT).first()
    if act is None or act.versions.count() != 1:
        return []
    _edit(act, _act_point_3)
    rules = ApprovedDocumentPage.objects.child_of(act).order_by("path").first()
    if rules is not None:
        _edit(rules, _drop_last_rules_point)
    act.refresh_from_db()
    official = act.versions.get()
    version = record_current(act, version_date=DEMO_DATE, in_force_from=DEMO_IN_FORCE, note=DEMO_NOTE)
    if version is None:
        return []
    _restore(official)
    act.refresh_from_db()
    record_current(act, version_date=DEMO_RESTORED, in_force_from=DEMO_RESTORED, note=RESTORED_NOTE)
    line = gettext("Act %(code)s: demo version %(number)s, in force from %(date)s (%(url)s)")
    return [
        line
        % {"code": act.code, "number": version.number, "date": f"{DEMO_IN_FORCE:%Y-%m-%d}", "url": act.url}
    ]
