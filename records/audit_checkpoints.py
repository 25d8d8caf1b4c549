"""Signed checkpoints of the audit chain's head, kept outside the database.

``manage.py audit_checkpoint`` (cron) appends one JSON line per run to the file named by the setting
``AUDIT_CHECKPOINT_PATH``: the time, the head's sequence number and hash and the row count, signed with the
chain key.  Whoever can rewrite the database cannot reach that file (or the key), so ``verify_audit`` finds
rows removed from the end of the log, or a log rewritten and re-chained, behind any checkpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import router, transaction

from . import clock
from .models import GENESIS_HASH, TransitionLog, chain_key

# A checkpoint's signature must never be mistaken for a row's hash (same key).
_DOMAIN = b"records.audit.checkpoint\n"


@dataclass(frozen=True)
class Checkpoint:
    at: str  # ISO 8601, UTC
    head_seq: int  # 0: the log was empty
    head_hash: str
    rows: int

    def signature(self) -> str:
        payload = json.dumps(asdict(self), sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(chain_key(), _DOMAIN + payload, hashlib.sha256).hexdigest()

    def line(self) -> str:
        return json.dumps({**asdict(self), "signature": self.signature()}, sort_keys=True)


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_PATH)


def take_checkpoint() -> Checkpoint:
    """Read the chain's head and append a signed checkpoint of it to the file (created with its folder)."""
    alias = router.db_for_read(TransitionLog)
    # Rows are committed in sequence order (the chain lock), so counting up to the head read is exact.
    with transaction.atomic(using=alias):
        head = TransitionLog.objects.using(alias).order_by("-seq").values_list("seq", "row_hash").first()
        rows = TransitionLog.objects.using(alias).filter(seq__lte=head[0] if head else 0).count()
    seq, digest = head if head else (0, GENESIS_HASH)
    checkpoint = Checkpoint(at=clock.now().isoformat(), head_seq=seq, head_hash=digest, rows=rows)
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as file:  # append only: earlier lines are never rewritten
        file.write(checkpoint.line() + "\n")
        file.flush()
        os.fsync(file.fileno())
    return checkpoint


def read_checkpoints(path: Path | None = None) -> tuple[list[Checkpoint], list[int]]:
    """(checkpoints whose signature holds, numbers of the lines that are not signed checkpoints)."""
    path = path or checkpoint_path()
    if not path.exists():
        return [], []
    valid: list[Checkpoint] = []
    forged: list[int] = []
    with open(path, encoding="utf-8") as file:
        for number, text in enumerate(file, start=1):
            if not text.strip():
                continue
            checkpoint, signature = _parse(text)
            if checkpoint is None or not hmac.compare_digest(checkpoint.signature(), signature):
                forged.append(number)
            else:
                valid.append(checkpoint)
    return valid, forged


def _parse(text: str) -> tuple[Checkpoint | None, str]:
    try:
        fields = json.loads(text)
        signature = fields.pop("signature")
        checkpoint = Checkpoint(**fields)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None, ""
    if not isinstance(signature, str) or not isinstance(checkpoint.head_seq, int):
        return None, ""
    return checkpoint, signature
