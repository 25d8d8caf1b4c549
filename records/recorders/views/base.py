"""What every recorder screen shares: the Wagtail admin page furniture, the unit the user acts for, and
POST actions that call a service and report its error (in the user's language) or its success."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalogue.roles import Role
from records.errors import NotFound, RecordsError

from ..units import TerritorialUnit, is_member, units_of

RP, HEAD, INSP, OFFICE = Role.RESPONSIBLE_PERSON, Role.HEAD, Role.INSPECTOR, Role.OFFICE
ALL_ROLES = (RP, HEAD, INSP)
_SESSION_KEY = "recorders_unit"


def user_units(user, roles: Iterable[Role]) -> list[TerritorialUnit]:
    return list(units_of(user, *roles).order_by("name"))


def current_unit(request: HttpRequest, roles: Iterable[Role]) -> TerritorialUnit:
    """The unit chosen in the query (``?unit=``) or earlier in the session, among the user's units."""
    units = user_units(request.user, roles)
    if not units:
        raise DjangoPermissionDenied(
            _("You do not belong to a territorial unit in a role that opens this page.")
        )
    wanted = request.GET.get("unit") or request.session.get(_SESSION_KEY)
    chosen = next((u for u in units if str(u.pk) == str(wanted)), units[0])
    request.session[_SESSION_KEY] = chosen.pk
    return chosen


class RecordersPage(WagtailAdminTemplateMixin, TemplateView):
    """A screen of the recorders section for users holding one of ``roles`` in some unit."""

    roles: tuple[Role, ...] = (RP, HEAD)
    header_icon = "media"
    section_label = _("Body-camera recorders")

    def dispatch(self, request, *args, **kwargs):
        self.unit = current_unit(request, self.roles)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("recorders:index"), "label": self.section_label},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            unit=self.unit,
            units=user_units(user, self.roles),
            is_rp=is_member(user, self.unit.pk, RP),
            is_head=is_member(user, self.unit.pk, HEAD),
            is_inspector=is_member(user, self.unit.pk, INSP),
            is_office=is_member(user, self.unit.pk, OFFICE),
        )
        return context


Handler = Callable[[HttpRequest, Any, dict], Any]


class Action:
    """One POST action: a form for its input and the service call it makes."""

    def __init__(
        self, form: type[forms.Form] | None, call: Handler, done: Any, *, files: bool = False
    ) -> None:
        self.form, self.call, self.done, self.files = form, call, done, files


def run_action(
    request: HttpRequest, action: Action, target: Any, back: str, form_kwargs=None
) -> HttpResponse:
    """Validate the action's form, call the service, and go back to ``back`` with a message."""
    if request.method != "POST":
        return HttpResponseRedirect(back)
    data: dict = {}
    if action.form is not None:
        form = action.form(request.POST, request.FILES if action.files else None, **(form_kwargs or {}))
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
            return redirect(back)
        data = form.cleaned_data
    try:
        action.call(request, target, data)
    except NotFound as error:
        raise Http404(error.message) from error
    except RecordsError as error:
        details = [f"{' '.join(msgs)}" for msgs in error.field_errors.values()]
        messages.error(request, " ".join([error.message, *details]))
        return redirect(back)
    # Translated now, in the admin language the view runs in (the message storage is written later).
    messages.success(request, str(action.done))
    return redirect(back)


def index_url() -> str:
    return reverse_lazy("recorders:index")


class ActionView(View):
    """POST ``<name>`` on one record: subclasses give ``actions``, ``get_target`` and ``back_url``."""

    actions: dict[str, Action] = {}
    roles: tuple[Role, ...] = ALL_ROLES

    def post(self, request, pk: int, name: str):
        action = self.actions.get(name)
        if action is None:
            raise Http404
        target = self.get_target(request, pk)
        return run_action(request, action, target, self.back_url(target), self.form_kwargs(target))

    def get_target(self, request, pk: int) -> Any:
        raise NotImplementedError

    def back_url(self, target: Any) -> str:
        raise NotImplementedError

    def form_kwargs(self, target: Any) -> dict:
        return {}
