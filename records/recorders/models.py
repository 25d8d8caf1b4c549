"""Models of the recorders app (in their own modules); importing them here registers them with Django, and
importing ``guards`` registers the database triggers' guards (portal.db_triggers.GUARDS)."""

from . import guards  # noqa: F401
from .equipment import Equipment
from .journal import Correction, JournalBook, JournalEntry, JournalNote, Malfunction, MealPause
from .storage import DisposalAct, DisposalItem, MediaAccess, MediaRecord, ReleaseItem, ReleaseRequest
from .units import TerritorialUnit, UnitMembership

__all__ = [
    "Correction",
    "DisposalAct",
    "DisposalItem",
    "Equipment",
    "JournalBook",
    "JournalEntry",
    "JournalNote",
    "Malfunction",
    "MealPause",
    "MediaAccess",
    "MediaRecord",
    "ReleaseItem",
    "ReleaseRequest",
    "TerritorialUnit",
    "UnitMembership",
]
