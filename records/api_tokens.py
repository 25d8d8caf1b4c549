"""API tokens of staff and integration accounts (the e-government intake): the JSON API authenticates a
request by ``Authorization: Bearer <token>``.

A token of the integration account (``portal_system``) acts for the services listed in ``services`` only
(``manage.py api_token create USER --service CODE …``): it reads and files those services' applications
(records.scope).  A token without a list acts for none, so that a token made before the list existed, or
made without thinking of it, opens nothing until the services are granted.  Staff tokens act with their
owner's own scope (unit memberships), whatever the list holds.

Only the SHA-256 of a token is stored; the token itself is shown once, when it is created
(``manage.py api_token create <username>``).  A revoked token, or one of an inactive user, authenticates
nobody.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "vrp_"
# last_used is written at most this often per token: a busy integration must not write on every request.
_TOUCH_EVERY = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="records_api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    # The first characters of the token, so that people can tell their tokens apart.
    key_prefix = models.CharField(_("token prefix"), max_length=12)
    # Service codes (catalogue.SERVICES) an integration token acts for; [] = none.
    services = models.JSONField(_("services"), default=list, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, name: str = "", services: Iterable[str] = ()) -> tuple[ApiToken, str]:
        """Create a token for ``user`` acting for ``services`` (integration accounts); returns the row and
        the token (shown once, never stored)."""
        key = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            key_hash=hash_key(key),
            key_prefix=key[:12],
            services=sorted(set(services)),
        )
        return token, key

    def revoke(self) -> None:
        if self.revoked is None:
            self.revoked = timezone.now()
            self.save(update_fields=["revoked"])


def user_for_key(key: str):
    """The active user a token belongs to, or None (unknown, revoked, or the user deactivated)."""
    if not key or not key.startswith(PREFIX) or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=hash_key(key), revoked__isnull=True).first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return grant_services(token.user, token.services or ())


# The attribute holding the services an integration account acts for in this request (records.scope).
_SERVICES = "records_service_scope"


def grant_services(user, services: Iterable[str]):
    """Let the integration account ``user`` act for ``services`` in this request: its token's list; the
    public online form's account files every service.  Returns the user."""
    setattr(user, _SERVICES, frozenset(services))
    return user


def granted_services(user) -> frozenset[str]:
    return getattr(user, _SERVICES, frozenset())
