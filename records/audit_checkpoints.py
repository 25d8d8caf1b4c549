"""Signed checkpoints of the audit chains' heads, kept outside the database.

``manage.py audit_checkpoint`` (cron) appends one JSON line per run to the file named by the setting
``AUDIT_CHECKPOINT_PATH``: the time and, for every partition of the log, its head's sequence number and hash
and its row count, all signed together with the chain key (the checkpoint binds the partitions' heads: a
partition dropped whole is missed as surely as a row).  Whoever can rewrite the database cannot reach that
file (or the key), so ``verify_audit`` finds rows removed from the end of any chain, or a chain rewritten
and re-chained, behind any checkpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import router, transaction
from django.db.models import Count, Max

from . import clock
from .models import TransitionLog, chain_key

# A checkpoint's signature must never be mistaken for a row's hash (same key); one prefix per line format.
_DOMAIN = b"records.audit.checkpoint.v2\n"
_DOMAIN_SINGLE_CHAIN = b"records.audit.checkpoint\n"  # lines written before partitions


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    rows: int  # rows of the partition up to and including the head


@dataclass(frozen=True)
class Checkpoint:
    at: str  # ISO 8601, UTC
    heads: dict[str, Head]  # partition -> its head; empty: the log was empty

    def payload(self) -> dict:
        heads = {name: [head.seq, head.hash, head.rows] for name, head in sorted(self.heads.items())}
        return {"at": self.at, "heads": heads}

    def signature(self) -> str:
        return _sign(_DOMAIN, self.payload())

    def line(self) -> str:
        return json.dumps({**self.payload(), "signature": self.signature()}, sort_keys=True)


def _sign(domain: bytes, payload: dict) -> str:
    data = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(chain_key(), domain + data, hashlib.sha256).hexdigest()


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_PATH)


def current_heads() -> dict[str, Head]:
    """Every partition's head and row count, as committed now."""
    alias = router.db_for_read(TransitionLog)
    log = TransitionLog.objects.using(alias)
    # One statement: its snapshot gives each partition's last seq and the count up to it together.
    stats = log.values_list("partition").annotate(last=Max("seq"), rows=Count("id")).order_by()
    heads = {}
    for partition, last, rows in stats:
        digest = log.filter(partition=partition, seq=last).values_list("row_hash", flat=True).get()
        heads[partition] = Head(seq=last, hash=digest, rows=rows)
    return heads


def take_checkpoint() -> Checkpoint:
    """Read every chain's head and append a signed checkpoint of them to the file (created with its
    folder)."""
    with transaction.atomic(using=router.db_for_read(TransitionLog)):
        checkpoint = Checkpoint(at=clock.now().isoformat(), heads=current_heads())
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
            checkpoint = _parse(text)
            if checkpoint is None:
                forged.append(number)
            else:
                valid.append(checkpoint)
    return valid, forged


def _parse(text: str) -> Checkpoint | None:
    """The checkpoint of a line if its signature holds, else None."""
    try:
        fields = json.loads(text)
        signature = fields.pop("signature")
        if "heads" in fields:
            checkpoint = Checkpoint(
                at=fields["at"], heads={name: Head(*head) for name, head in fields["heads"].items()}
            )
            expected = checkpoint.signature() if checkpoint.payload() == fields else ""
        else:  # a line of the single chain: {at, head_seq, head_hash, rows}
            expected = _sign(_DOMAIN_SINGLE_CHAIN, fields)
            head = Head(fields["head_seq"], fields["head_hash"], fields["rows"])
            checkpoint = Checkpoint(at=fields["at"], heads={"": head} if head.seq else {})
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if not isinstance(signature, str) or not hmac.compare_digest(expected, signature):
        return None
    if not all(
        isinstance(head.seq, int) and isinstance(head.rows, int) for head in checkpoint.heads.values()
    ):
        return None
    return checkpoint
