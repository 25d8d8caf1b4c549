"""The errors of the records services, each with a stable ``code`` (for the JSON API) and a message in the
user's language (English msgid, translated when the message is read).

``forbidden_transition``  the transition does not exist or does not start from the application's state
``permission_denied``     the user's roles do not allow the action
``guard_failed``          a condition of the transition is not met (documents, deadlines, sub-case, channel)
``conflict``              another transition changed the application first; nothing was written
``invalid_input``         the data given are missing or malformed (``field_errors`` says which)
``not_found``             no such application
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _


class RecordsError(Exception):
    code = "error"
    default_message = _("The request could not be completed.")

    def __init__(
        self,
        message: Any = None,
        *,
        field_errors: Mapping[str, list[str]] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self._message = message if message is not None else self.default_message
        self.params = dict(params or {})
        self.field_errors = {name: [str(m) for m in msgs] for name, msgs in (field_errors or {}).items()}
        super().__init__(self._message)

    @property
    def message(self) -> str:
        """The message in the active language."""
        text = str(self._message)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, field_errors={self.field_errors!r})"

    def as_dict(self) -> dict[str, Any]:
        """What the JSON API sends: ``{"code", "message", "field_errors"}``."""
        return {"code": self.code, "message": self.message, "field_errors": self.field_errors}


class ForbiddenTransition(RecordsError):
    code = "forbidden_transition"
    default_message = _("This action is not possible in the application's current state.")


class PermissionDenied(RecordsError):
    code = "permission_denied"
    default_message = _("Your role does not allow this action.")


class GuardFailed(RecordsError):
    code = "guard_failed"
    default_message = _("A condition of this action is not met.")


class Conflict(RecordsError):
    code = "conflict"
    default_message = _(
        "Someone else changed this application at the same time; nothing was saved. Reload it and try again."
    )


class InvalidInput(RecordsError):
    code = "invalid_input"
    default_message = _("Some of the data are missing or wrong.")


class NotFound(RecordsError):
    code = "not_found"
    default_message = _("No such application.")
