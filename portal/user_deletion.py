"""A staff account that signed records (audit rows, journals, issued documents) cannot be deleted: the records
name who did what and protect that link.  The Wagtail admin is told before it tries, instead of failing with
a ProtectedError (issue 13), and to deactivate the account instead."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks


def keeps_records(user: Any) -> bool:
    """Whether deleting ``user`` would be refused by a protected (or restricted) link from a record."""
    try:
        Collector(using=router.db_for_write(type(user))).collect([user])
    except (ProtectedError, RestrictedError):
        return True
    return False


def refuse(request: HttpRequest, users: Iterable[Any], back: str) -> HttpResponseRedirect | None:
    kept = [user for user in users if keeps_records(user)]
    if not kept:
        return None
    for user in kept:
        messages.error(
            request,
            _(
                "%(user)s cannot be deleted: records name this account as their author. "
                "Deactivate the account instead."
            )
            % {"user": user.get_username()},
        )
    return HttpResponseRedirect(back)


@hooks.register("before_delete_user")
def refuse_deleting_an_author(request: HttpRequest, user: Any) -> HttpResponseRedirect | None:
    return refuse(request, [user], reverse("wagtailusers_users:edit", args=(user.pk,)))


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_authors(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> HttpResponseRedirect | None:
    if action_type != "delete" or not objects or not isinstance(objects[0], get_user_model()):
        return None
    return refuse(request, objects, reverse("wagtailusers_users:index"))
