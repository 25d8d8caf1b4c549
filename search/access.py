"""Who sees what.  Public search sees only the published regulations (the points index).  Record search
needs a staff role and shows the records whose type that role may see (a filter on the record type, from
the registry's roles); the records of a unit-scoped type (recordings) only to the users of their unit, by
the rule the type registered (search.registry.RecordType.user_units); IIN/BIN are masked except for the
roles whose work needs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from catalogue.roles import SERVICE_ROLES, user_roles

# Who sees IIN/BIN unmasked and may search by them: those who register, examine and decide.
DEFAULT_IDENTIFIER_ROLES = frozenset(SERVICE_ROLES)


@dataclass(frozen=True)
class Scope:
    """What one user may see in record search."""

    roles: frozenset[str]
    record_types: frozenset[str]  # the record types these roles may see (search.registry)
    units: frozenset[str] | None  # None: every unit (superusers)
    identifiers: bool  # IIN/BIN shown and searchable

    def may_see(self, source: dict[str, Any]) -> bool:
        """The same rule as the index filter, for one document (record pages, CSV rows)."""
        if source.get("record_type") not in self.record_types:
            return False
        units = source.get("units_acl") or []
        return not units or self.units is None or bool(self.units.intersection(units))


def identifier_roles() -> frozenset[str]:
    return frozenset(getattr(settings, "SEARCH_IDENTIFIER_ROLES", DEFAULT_IDENTIFIER_ROLES))


def user_units(user: Any) -> frozenset[str]:
    """The codes of the territorial units whose records the user may see, by the rule each unit-scoped
    record type registered (recordings: the units where the user is the responsible person or the head)."""
    from .registry import record_types

    return frozenset(
        str(code)
        for record_type in record_types()
        if record_type.unit_scoped and record_type.user_units is not None
        for code in record_type.user_units(user)
    )


def visible_types(roles: frozenset[str]) -> frozenset[str]:
    """The record types whose roles include one of ``roles``.  Read at query time rather than stored in
    each document: a change of who may see what applies at once, with no re-indexing."""
    from .registry import record_types

    return frozenset(
        record_type.name
        for record_type in record_types()
        if roles.intersection(str(role) for role in record_type.roles)
    )


def scope_for(user: Any) -> Scope | None:
    """The user's scope in record search, or None when no role of theirs may see any record."""
    roles = frozenset(str(role) for role in user_roles(user))
    types = visible_types(roles)
    if not types:
        return None
    units = None if user.is_superuser else user_units(user)
    return Scope(roles=roles, record_types=types, units=units, identifiers=bool(roles & identifier_roles()))


def mask_identifier(value: str) -> str:
    """«880515300120» → «••••••••0120»: enough to tell two people apart on a list, not to identify one (the
    first digits of an IIN are the birth date)."""
    value = str(value or "")
    return "•" * max(0, len(value) - 4) + value[-4:] if len(value) > 4 else "•" * len(value)
