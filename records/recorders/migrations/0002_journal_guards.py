# Database triggers that refuse deleting journal, storage and inventory rows, and changing a column once it
# is filled (portal.db_triggers; the guards of records/recorders/guards.py).  The column lists are a
# snapshot: a later migration that adds a guarded column, or rebuilds a table on SQLite (which drops its
# triggers), must uninstall and install them again.  A test checks the snapshot against guards.py.

from django.db import migrations

from portal.db_triggers import Guard, install as install_guard, uninstall as uninstall_guard

GUARDS = (
    Guard(
        "recorders_mediaaccess",
        "recorders_mediaaccess: stored recordings and their log are never deleted or changed (act 000 point 6)",
    ),
    Guard(
        "recorders_releaseitem",
        "recorders_releaseitem: stored recordings and their log are never deleted or changed (act 000 point 6)",
    ),
    Guard(
        "recorders_releaserequest",
        "recorders_releaserequest: stored recordings and their log are never deleted or changed (act 000 point 6)",
        frozen=(
            "unit_id",
            "inspector_id",
            "inspector_name",
            "purpose",
            "requested_at",
        ),
        fill_once=(
            "decided_at",
            "decided_by_id",
            "decided_by_name",
            "decision_note",
            "released_at",
            "released_by_id",
            "access_until",
        ),
    ),
    Guard(
        "recorders_disposalitem",
        "recorders_disposalitem: stored recordings and their log are never deleted or changed (act 000 point 6)",
    ),
    Guard(
        "recorders_mediarecord",
        "recorders_mediarecord: stored recordings and their log are never deleted or changed (act 000 point 6)",
        frozen=(
            "unit_id",
            "entry_id",
            "recorder_id",
            "card_id",
            "inspector_id",
            "inspector_name",
            "original_name",
            "sha256",
            "size",
            "recorded_from",
            "recorded_to",
            "uploaded_at",
            "uploaded_by_id",
            "retain_until",
        ),
        fill_once=(
            "category",
            "case_reference",
            "extended_until",
            "extended_at",
            "extended_by_id",
            "expired_at",
            "disposal_id",
            "destroyed_at",
        ),
    ),
    Guard(
        "recorders_disposalact",
        "recorders_disposalact: stored recordings and their log are never deleted or changed (act 000 point 6)",
        frozen=(
            "unit_id",
            "reason",
            "proposed_at",
            "proposed_by_id",
            "proposed_by_name",
        ),
        fill_once=(
            "decided_at",
            "decided_by_id",
            "decided_by_name",
            "decision_note",
            "files_removed_at",
        ),
    ),
    Guard(
        "recorders_correction",
        "recorders_correction: journal records are never erased and a filled column is never overwritten (act 000 point 10)",
    ),
    Guard(
        "recorders_mealpause",
        "recorders_mealpause: journal records are never erased and a filled column is never overwritten (act 000 point 10)",
        frozen=(
            "entry_id",
            "paused_at",
            "pause_reported_at",
            "reported_by_id",
        ),
        fill_once=(
            "resumed_at",
            "resume_reported_at",
            "note_id",
        ),
    ),
    Guard(
        "recorders_malfunction",
        "recorders_malfunction: journal records are never erased and a filled column is never overwritten (act 000 point 10)",
        frozen=(
            "entry_id",
            "cause",
            "failed_at",
            "reported_at",
            "reported_by_id",
        ),
        fill_once=(
            "outcome",
            "resolved_at",
            "replacement_id",
            "note_id",
        ),
    ),
    Guard(
        "recorders_journalnote",
        "recorders_journalnote: journal records are never erased and a filled column is never overwritten (act 000 point 10)",
    ),
    Guard(
        "recorders_journalentry",
        "recorders_journalentry: journal records are never erased and a filled column is never overwritten (act 000 point 10)",
        frozen=(
            "book_id",
            "unit_id",
            "serial",
            "recorder_id",
            "card_id",
            "inventory_numbers",
            "seal_number",
            "inspector_id",
            "inspector_name",
            "issued_at",
            "issue_signed_at",
            "issued_by_id",
            "clock_set_at",
            "return_due_at",
            "replaces_id",
        ),
        fill_once=(
            "recording_started_at",
            "returned_at",
            "return_signed_at",
            "received_back_by_id",
            "upload_due_at",
            "uploaded_at",
            "uploaded_by_id",
            "upload_verified_at",
            "card_cleared_at",
            "signed_off_by_id",
            "signed_off_name",
            "signed_off_at",
            "ended_at",
        ),
    ),
    Guard(
        "recorders_journalbook",
        "recorders_journalbook: journal records are never erased and a filled column is never overwritten (act 000 point 10)",
        frozen=(
            "unit_id",
            "number",
            "created_at",
        ),
        fill_once=(
            "page_count",
            "registration_number",
            "registered_at",
            "registered_by_id",
            "opened_at",
            "opened_by_id",
            "closed_at",
            "closed_by_id",
        ),
    ),
    Guard(
        "recorders_equipment",
        "recorders_equipment: inventory is never deleted and an inventory number never changes (act 000 point 7)",
        frozen=(
            "unit_id",
            "kind",
            "registered_at",
        ),
        fill_once=(
            "inventory_number",
        ),
    ),
)


def install(apps, schema_editor):
    for guard in GUARDS:
        install_guard(schema_editor.connection, guard)


def uninstall(apps, schema_editor):
    for guard in reversed(GUARDS):
        uninstall_guard(schema_editor.connection, guard)


class Migration(migrations.Migration):

    dependencies = [
        ("recorders", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
