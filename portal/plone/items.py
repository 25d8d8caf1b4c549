"""One Plone item of the export, read into the fields the importer uses (the raw JSON stays alongside)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote, urlparse

from portal.plone.times import parse_time

BLOB_FIELDS = ("file", "image")


@dataclass(frozen=True)
class WorkflowEntry:
    workflow: str
    action: str | None  # None for the creation entry (the first of each workflow)
    actor: str
    review_state: str
    time: datetime | None
    comments: str


@dataclass(frozen=True)
class Version:
    """An earlier version of the item (`exportimport.versions`), oldest first."""

    number: str
    title: str
    description: str
    html: str
    modified: datetime | None
    change_note: str
    actor: str


@dataclass
class PloneItem:
    uid: str
    portal_type: str
    plone_id: str
    path: str  # the path of `@id`, e.g. /Plone/folder/page
    parent_uid: str
    parent_path: str
    parent_type: str
    title: str
    description: str
    language: str
    html: str
    review_state: str
    created: datetime | None
    modified: datetime | None
    effective: datetime | None
    expires: datetime | None
    creators: list[str]
    subjects: list[str]
    change_note: str
    change_actor: str
    blob: dict | None
    workflow: list[WorkflowEntry] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    sha256: str = ""

    @property
    def actor(self) -> str:
        return self.change_actor or (self.creators[0] if self.creators else "")


class ItemError(ValueError):
    """The item lacks what the importer needs (UID, type)."""


def path_of(url: str) -> str:
    path = unquote(urlparse(url or "").path).rstrip("/")
    return path or "/"


def item_sha256(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _language(value: object) -> str:
    # plone.restapi serialises the language as {"token": "kk", "title": "Қазақша"} or a plain code.
    if isinstance(value, dict):
        value = value.get("token")
    code = _text(value).strip().lower()
    return "" if code in {"", "none", "##default##"} else code.split("-")[0]


def _html(value: object) -> str:
    if isinstance(value, dict):
        return _text(value.get("data"))
    return _text(value)


def _workflow(value: object) -> list[WorkflowEntry]:
    entries = []
    for workflow, history in (value or {}).items() if isinstance(value, dict) else ():
        for entry in history or ():
            entries.append(
                WorkflowEntry(
                    workflow=workflow,
                    action=entry.get("action") or None,
                    actor=_text(entry.get("actor")),
                    review_state=_text(entry.get("review_state")),
                    time=parse_time(entry.get("time")),
                    comments=_text(entry.get("comments")),
                )
            )
    return entries


def _versions(value: object) -> list[Version]:
    if not isinstance(value, dict):
        return []

    def order(key: str) -> tuple[int, str]:
        return (int(key), "") if str(key).isdigit() else (1 << 30, str(key))

    return [
        Version(
            number=str(key),
            title=_text(data.get("title")),
            description=_text(data.get("description")),
            html=_html(data.get("text")),
            modified=parse_time(data.get("modified")),
            change_note=_text(data.get("changeNote")),
            actor=_text(data.get("changeActor")) or next(iter(data.get("creators") or []), ""),
        )
        for key, data in sorted(value.items(), key=lambda pair: order(pair[0]))
        if isinstance(data, dict)
    ]


def read_item(data: dict) -> PloneItem:
    uid, portal_type = _text(data.get("UID")).strip(), _text(data.get("@type")).strip()
    if not uid or not portal_type:
        raise ItemError("the item has no UID or no @type")
    parent = data.get("parent") if isinstance(data.get("parent"), dict) else {}
    path = path_of(_text(data.get("@id")))
    blob = next((data[name] for name in BLOB_FIELDS if isinstance(data.get(name), dict)), None)
    return PloneItem(
        uid=uid,
        portal_type=portal_type,
        plone_id=_text(data.get("id")) or path.rsplit("/", 1)[-1],
        path=path,
        parent_uid=_text(parent.get("UID")),
        parent_path=path_of(_text(parent.get("@id"))),
        parent_type=_text(parent.get("@type")),
        title=_text(data.get("title")),
        description=_text(data.get("description")),
        language=_language(data.get("language")),
        html=_html(data.get("text")),
        review_state=_text(data.get("review_state")),
        created=parse_time(data.get("created")),
        modified=parse_time(data.get("modified")),
        effective=parse_time(data.get("effective")),
        expires=parse_time(data.get("expires")),
        creators=[_text(c) for c in data.get("creators") or []],
        subjects=[_text(s) for s in data.get("subjects") or []],
        change_note=_text(data.get("changeNote")),
        change_actor=_text(data.get("changeActor")),
        blob=blob,
        workflow=_workflow(data.get("workflow_history")),
        versions=_versions(data.get("exportimport.versions")),
        sha256=item_sha256(data),
    )
