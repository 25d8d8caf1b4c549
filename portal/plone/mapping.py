"""What each Plone type and review state becomes: a default that fits the portal, overridable by --map.

The map file is JSON: {"types": {"Plone type": "index" | "page" | "document" | "image" | "skip"},
"live_states": ["published", …], "groups": {"Plone group": "portal group"}, "roles": {"Plone role":
"portal group"}, "items": {"UID or old path": "act" | {"target": "act", "code": "900"} | {"target":
"handbook", "act": "003", "document": 2}}}; its entries replace the defaults one by one.  "items" sends one
Document to a legal act (its text goes through the act importer, portal.plone.acts) or to the handbook page
of an approved document, whatever its type maps to.  A type that no entry names is reported as
failed (never dropped silently); "skip" reports it as skipped, by the map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from catalogue.roles import Role

ROLE_GROUPS = {role.value for role in Role}
INDEX, PAGE, DOCUMENT, IMAGE, SKIP = "index", "page", "document", "image", "skip"
ACT, HANDBOOK = "act", "handbook"  # portal.plone.acts
TARGETS = {INDEX, PAGE, DOCUMENT, IMAGE, SKIP, ACT}

DEFAULT_TYPES = {
    "Folder": INDEX,
    "Document": PAGE,
    "News Item": PAGE,
    "File": DOCUMENT,
    "Image": IMAGE,
}
# Only a published item goes live; private, pending and every other state become drafts (never public).
DEFAULT_LIVE_STATES = ("published",)


class MapError(ValueError):
    """The --map file is not a map the importer understands."""


@dataclass(frozen=True)
class ImportMap:
    types: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TYPES))
    live_states: frozenset[str] = frozenset(DEFAULT_LIVE_STATES)
    groups: dict[str, str] = field(default_factory=dict)  # Plone group id → portal group (catalogue.roles)
    roles: dict[str, str] = field(default_factory=dict)  # Plone role → portal group
    items: dict[str, dict] = field(default_factory=dict)  # UID or old path → {"target": act|handbook, …}

    def target(self, portal_type: str) -> str | None:
        return self.types.get(portal_type)

    def item_target(self, uid: str, path: str) -> dict | None:
        """The --map entry of this one item (by UID, else by old path), if it has one."""
        return self.items.get(uid) or self.items.get(path)

    def is_live(self, review_state: str) -> bool:
        return review_state in self.live_states


def load_map(path: Path | None) -> ImportMap:
    if path is None:
        return ImportMap()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise MapError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise MapError(f"{path}: the map is a JSON object")
    types = dict(DEFAULT_TYPES)
    for portal_type, target in (data.get("types") or {}).items():
        if target not in TARGETS:
            raise MapError(f"{path}: {portal_type!r} → {target!r}: the target is one of {sorted(TARGETS)}")
        types[portal_type] = target
    live = data.get("live_states", DEFAULT_LIVE_STATES)
    if not isinstance(live, list | tuple) or not all(isinstance(s, str) for s in live):
        raise MapError(f"{path}: live_states is a list of review states")
    people = {}
    for key in ("groups", "roles"):
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(value in ROLE_GROUPS for value in table.values()):
            raise MapError(
                f"{path}: {key} maps Plone names to portal groups ({', '.join(sorted(ROLE_GROUPS))})"
            )
        people[key] = {str(k): str(v) for k, v in table.items()}
    return ImportMap(
        types=types, live_states=frozenset(live), items=_items(path, data.get("items")), **people
    )


def _items(path: Path, table: object) -> dict[str, dict]:
    if not table:
        return {}
    if not isinstance(table, dict):
        raise MapError(f"{path}: items maps UIDs or old paths to act or handbook entries")
    items = {}
    for key, entry in table.items():
        entry = {"target": entry} if isinstance(entry, str) else entry
        if not isinstance(entry, dict) or entry.get("target") not in {ACT, HANDBOOK}:
            raise MapError(f"{path}: items[{key!r}]: the target is 'act' or 'handbook'")
        if entry["target"] == HANDBOOK and not (
            entry.get("act") and str(entry.get("document", "")).isdigit()
        ):
            raise MapError(f"{path}: items[{key!r}]: a handbook entry names its act and document number")
        items[str(key)] = entry
    return items
