# Re-chains the transition log with HMAC-SHA256 (key: settings.AUDIT_CHAIN_KEY), the row format unchanged.
# The old plain SHA-256 chain is verified first: a chain already broken is not re-signed (the migration
# fails and names the row), so that the key never vouches for rows nobody can vouch for.

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db import migrations

from portal import db_triggers

GENESIS_HASH = "0" * 64


def _payload(row, prev_hash):
    # Frozen copy of TransitionLog.canonical_payload as of this migration.
    payload = {
        "seq": row.seq,
        "record_type": row.record_type,
        "record_id": row.record_id,
        "transition": row.transition,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "actor_id": row.actor_id,
        "actor_name": row.actor_name,
        "at": row.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "reason": row.reason,
        "attachments": row.attachments,
        "data": row.data,
        "prev_hash": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _plain(payload):
    return hashlib.sha256(payload).hexdigest()


def _keyed(payload):
    if not settings.AUDIT_CHAIN_KEY:
        raise RuntimeError("Set AUDIT_CHAIN_KEY before migrating: the transition log is re-chained with it.")
    return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), payload, hashlib.sha256).hexdigest()


def _rechain(apps, schema_editor, old_hash, new_hash):
    TransitionLog = apps.get_model("records", "TransitionLog")
    connection = schema_editor.connection
    rows = TransitionLog.objects.using(connection.alias).order_by("seq")
    if not rows.exists():
        return
    table = connection.ops.quote_name(TransitionLog._meta.db_table)
    old_prev = new_prev = GENESIS_HASH
    with db_triggers.suspended(connection), connection.cursor() as cursor:
        for row in rows.iterator(chunk_size=2000):
            if row.prev_hash != old_prev or old_hash(_payload(row, row.prev_hash)) != row.row_hash:
                raise RuntimeError(f"Transition log row #{row.seq} fails verification; run verify_audit.")
            old_prev = row.row_hash
            new_prev, prev = new_hash(_payload(row, new_prev)), new_prev
            cursor.execute(
                f"UPDATE {table} SET prev_hash = %s, row_hash = %s WHERE id = %s", [prev, new_prev, row.pk]
            )


def forwards(apps, schema_editor):
    _rechain(apps, schema_editor, _plain, _keyed)


def backwards(apps, schema_editor):
    _rechain(apps, schema_editor, _keyed, _plain)


class Migration(migrations.Migration):
    dependencies = [("records", "0004_api_tokens_signature_checks")]

    operations = [migrations.RunPython(forwards, backwards)]
