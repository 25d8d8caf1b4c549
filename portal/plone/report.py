"""The import's report (every item: created, updated, skipped or failed, with the reason) and the
checkpoint that lets an interrupted import resume after its last committed batch."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.utils import timezone

CREATED, UPDATED, SKIPPED, FAILED = "created", "updated", "skipped", "failed"


@dataclass
class Entry:
    position: int
    source: str
    uid: str
    path: str
    portal_type: str
    status: str
    reason: str = ""
    target: str = ""  # "page:12", "document:3", "image:5"


@dataclass
class Report:
    source: str
    dry_run: bool
    started_at: str = field(default_factory=lambda: timezone.now().isoformat())
    finished_at: str = ""
    resumed_from: int = 0
    fatal: str = ""
    missing_blobs: int = 0
    entries: list[Entry] = field(default_factory=list)
    unresolved_links: list[dict] = field(default_factory=list)
    redirects: int = 0  # created by this run
    translation_problems: list[dict] = field(default_factory=list)  # groups of export_translations.json
    members: dict = field(default_factory=dict)  # counts, and the Plone groups and roles no portal group fits
    unknown_redirects: list[dict] = field(
        default_factory=list
    )  # export_redirects.json entries with no target
    # The side exports applied after the items (portal.plone.postpass): counts and problems, by pass.
    post_passes: dict = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)

    def counts(self) -> dict[str, int]:
        counts = Counter(entry.status for entry in self.entries)
        return {status: counts.get(status, 0) for status in (CREATED, UPDATED, SKIPPED, FAILED)}

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.missing_blobs and not self.counts()[FAILED]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["items"] = data.pop("entries")
        data["counts"] = self.counts()
        data["ok"] = self.ok
        return data

    def write(self, path: Path) -> None:
        self.finished_at = self.finished_at or timezone.now().isoformat()
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)


class Checkpoint:
    """`{"source": …, "position": N}`: the items before N are committed; a re-run starts at N."""

    def __init__(self, path: Path | None, source: Path):
        self.path, self.source = path, str(source.resolve())

    def load(self) -> int:
        if self.path is None or not self.path.exists():
            return 0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return 0
        return int(data.get("position", 0)) if data.get("source") == self.source else 0

    def save(self, position: int) -> None:
        if self.path is None:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"source": self.source, "position": position}), encoding="utf-8")
        tmp.replace(self.path)  # atomic: a crash leaves the old checkpoint or the new one

    def clear(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
