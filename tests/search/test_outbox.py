"""Nothing is lost: changes write outbox rows in their own transaction, the worker delivers them (inline
after commit in the demo), failures are retried with a back-off, and search_check finds any difference."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from portal.models import ApprovedDocumentPage, LegalActPage
from search import outbox
from search.access import visible_types
from search.backends import get_backend
from search.indexing import check
from search.models import OutboxEntry
from search.query import Query, parse_text


def search(index: str, text: str, **kwargs):
    scope = (
        {"scope_types": sorted(visible_types(frozenset({"archivist"}))), "now": timezone.now()}
        if index == "records"
        else {}
    )
    return get_backend().search(Query(index=index, **parse_text(text), **scope, size=100, **kwargs))


def pending(source: str | None = None) -> list[str]:
    rows = OutboxEntry.objects.filter(delivered_at__isnull=True)
    return sorted(
        rows.filter(source=source).values_list("object_id", flat=True)
        if source
        else rows.values_list("source", flat=True)
    )


def test_filing_an_application_queues_it_in_the_same_transaction(embedded, file_app):
    with pytest.raises(RuntimeError), transaction.atomic():
        app = file_app()
        assert pending("application") == [str(app.pk)]
        raise RuntimeError("the filing fails after the row was written")
    assert pending("application") == []  # rolled back together with the application
    app = file_app()
    assert pending("application") == [str(app.pk)]
    assert outbox.drain().delivered >= 1
    hits = search("records", app.registration_no.split("-")[-1])
    assert [h.source["record_id"] for h in hits.hits] == [str(app.pk)]


def test_a_transition_and_an_applicant_change_reindex_the_record(embedded, file_app, users):
    from catalogue.roles import Role
    from records.services import perform_transition

    app = file_app(name="Бұрынғы Атау")
    outbox.drain()
    perform_transition(app.pk, "register", user=users[Role.EXECUTOR])
    app.applicant.name = "Жаңа Атау"
    app.applicant.save()
    assert pending("application") == [str(app.pk), str(app.pk)]
    outbox.drain()
    (hit,) = search("records", "Жаңа").hits
    assert hit.source["state"] == "registered"
    assert search("records", "Бұрынғы").total == 0


def test_publishing_and_unpublishing_pages_reindex_their_points(embedded, acts):
    assert check("points").ok
    regulation = ApprovedDocumentPage.objects.live().filter(service_code="licence").first()
    before = search("points", "лицензия", terms={"status": ["repealed"]}).total
    regulation.unpublish()
    assert str(regulation.pk) in pending("page")
    outbox.drain()
    after = search("points", "лицензия", terms={"status": ["repealed"]}).total
    assert 0 < after < before
    assert check("points").ok
    # Repealing the act (published through a revision) changes the status of every point of its documents.
    act = LegalActPage.objects.get(code="000")
    act.status = "repealed"
    act.save_revision().publish()
    outbox.drain()
    assert search("points", "бейнетіркегіш", terms={"status": ["in_force"]}).total == 0
    assert search("points", "бейнетіркегіш", terms={"status": ["repealed"]}).total > 0


def test_a_draft_does_not_touch_the_index(embedded, acts):
    act = LegalActPage.objects.get(code="000")
    OutboxEntry.objects.all().delete()
    act.title = "Жоба"
    act.save_revision()  # a draft: the published page is unchanged
    assert pending() == []


def test_failed_deliveries_stay_queued_with_a_back_off(embedded, file_app, monkeypatch):
    app = file_app()

    def broken(*args, **kwargs):
        raise ConnectionError("search server down")

    monkeypatch.setattr("search.outbox.sync_objects", broken, raising=False)
    monkeypatch.setattr("search.indexing.sync_objects", broken)
    now = timezone.now()
    report = outbox.deliver(now=now)
    assert (report.delivered, report.failed) == (0, 1)
    row = OutboxEntry.objects.get(source="application", object_id=str(app.pk))
    assert row.attempts == 1 and row.next_attempt_at == now + timedelta(seconds=2)
    assert "search server down" in row.last_error and row.delivered_at is None
    assert outbox.deliver(now=now + timedelta(seconds=1)).failed == 0  # not due yet
    outbox.deliver(now=now + timedelta(seconds=3))
    row.refresh_from_db()
    assert row.attempts == 2 and row.next_attempt_at == now + timedelta(seconds=3 + 4)
    assert [outbox.backoff(n).total_seconds() for n in (1, 5, 20)] == [2, 32, outbox.MAX_BACKOFF]
    monkeypatch.undo()
    outbox.retry_now()
    assert outbox.drain().delivered == 1 and outbox.pending_count() == 0


def test_inline_delivery_after_commit(embedded, settings, file_app, django_capture_on_commit_callbacks):
    settings.SEARCH_OUTBOX_INLINE = True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            app = file_app()
            file_app()
    assert sum(callback is outbox._deliver_inline for callback in callbacks) == 1  # one for the transaction
    assert outbox.pending_count() == 0
    assert search("records", app.registration_no.split("-")[-1]).total == 1


def test_search_check_lists_differences_and_repairs_them(embedded, file_app, capsys):
    apps = [file_app() for _ in range(3)]
    outbox.drain()
    call_command("search_check", "records")
    assert "no differences" in capsys.readouterr().out
    get_backend().write("records", [], [f"application:{apps[0].pk}"])
    stale = dict(search("records", apps[1].registration_no.split("-")[-1]).hits[0].source)
    get_backend().write(
        "records",
        [
            {**stale, "id": f"application:{apps[1].pk}", "digest": "old"},
            {**stale, "id": "application:999999", "group": "application:999999"},
        ],
    )
    with pytest.raises(CommandError, match="3 differences"):
        call_command("search_check", "records")
    out = capsys.readouterr().out
    assert f"missing (1): application:{apps[0].pk}" in out
    assert "extra (1): application:999999" in out and f"stale (1): application:{apps[1].pk}" in out
    call_command("search_check", "records", "--repair")
    outbox.drain()
    assert check("records").ok


def test_search_reindex_rebuilds_into_a_new_version(embedded, file_app, capsys):
    apps = [file_app() for _ in range(2)]
    outbox.drain()
    from search.models import IndexAlias

    before = IndexAlias.objects.get(name="vet-records").table
    get_backend().write("records", [], [f"application:{apps[0].pk}"])
    call_command("search_reindex", "records", "--no-progress")
    assert "records: 2 documents from 2 objects" in capsys.readouterr().out
    assert IndexAlias.objects.get(name="vet-records").table != before
    assert check("records").ok
    with pytest.raises(CommandError, match="unknown index"):
        call_command("search_reindex", "bogus")


def test_the_worker_command_drains_the_queue(embedded, file_app, capsys):
    file_app()
    call_command("search_worker", "--once")
    assert "delivered 1, failed 0, queued 0" in capsys.readouterr().out
