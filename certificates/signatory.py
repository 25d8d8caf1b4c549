"""Who signs an issued document: the official as recorded in their staff profile, never a login.

Records builds a ``Signatory`` for each result it issues (from the staff profile of the official whose role
signs it) and passes it to ``certificates.services.issue_document``; the PDF prints the names and positions,
and the signing key is the one configured for ``role``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signatory:
    role: str  # the portal role whose key signs (records.permissions roles, e.g. "head")
    full_name_kk: str
    full_name_ru: str
    position_kk: str
    position_ru: str
    username: str = ""  # for the audit trail only; never printed

    def full_name(self, language: str = "kk") -> str:
        return self.full_name_ru if language == "ru" else self.full_name_kk

    def position(self, language: str = "kk") -> str:
        return self.position_ru if language == "ru" else self.position_kk
