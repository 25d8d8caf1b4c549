"""Screens of the evidence storage: stored recordings (view, download, link to a case), the access log,
the disposal list and disposal acts, and release requests."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import protected_files
from records import clock
from records.errors import RecordsError

from .. import access, conf, evidence, services
from ..forms import DecisionForm, ExtendForm, PurposeForm, ReasonForm
from ..storage import DisposalAct, MediaAccess, MediaRecord
from ..units import TerritorialUnit
from .base import ALL_ROLES, Action, ActionView, RecordersPage, run_action


class StorageView(RecordersPage):
    page_title = _("Stored recordings")
    template_name = "recorders/storage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        media = (
            MediaRecord.objects.filter(unit=self.unit).select_related("entry").order_by("-uploaded_at", "pk")
        )
        context.update(media=media[:300], extend_form=ExtendForm())
        return context


class AccessLogView(RecordersPage):
    page_title = _("Access log")
    template_name = "recorders/access_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["log"] = MediaAccess.objects.filter(unit=self.unit).select_related("media")[:500]
        return context


def recording(request, pk: int, action: str):
    """The file itself, inline (view) or as an attachment (download); logged by the service."""
    if action not in ("view", "download"):
        raise Http404
    try:
        opened = access.open_recording(pk, request.user, action)
    except RecordsError as error:
        raise Http404(error.message) from error
    opened.stream.close()  # protected_files opens it again, or the proxy sends it
    content_type = mimetypes.guess_type(opened.media.original_name)[0] or "application/octet-stream"
    return protected_files.serve(
        protected_files.EVIDENCE,
        str(Path(opened.stream.name).relative_to(conf.storage_root())),
        as_attachment=action == "download",
        filename=opened.media.original_name,
        content_type=content_type,
    )


MEDIA_ACTIONS = {
    "extend": Action(
        ExtendForm,
        lambda r, m, d: services.extend_retention(
            m, category=d["category"], reference=d["reference"], by=r.user
        ),
        _("Linked: kept for 5 years from the upload."),
    ),
}


class MediaActionView(ActionView):
    actions = MEDIA_ACTIONS

    def get_target(self, request, pk):
        media = access.visible_media(request.user).filter(pk=pk).first()
        if media is None:
            raise Http404
        return media

    def back_url(self, target):
        return reverse("recorders:storage") + f"?unit={target.unit_id}"


# -- disposal ----------------------------------------------------------------------------------------------


class DisposalView(RecordersPage):
    page_title = _("Disposal list")
    template_name = "recorders/disposal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            due=evidence.disposal_list(self.unit),
            acts=DisposalAct.objects.filter(unit=self.unit).prefetch_related("items")[:50],
            reason_form=ReasonForm(),
            decision_form=DecisionForm(),
            today=clock.now(),
        )
        return context


def propose_disposal(request, unit_id: int):
    unit = get_object_or_404(TerritorialUnit, pk=unit_id)
    ids = [int(v) for v in request.POST.getlist("media") if v.isdigit()]
    action = Action(
        ReasonForm,
        lambda r, u, d: services.propose_disposal(u, ids, reason=d["reason"], by=r.user),
        _("Disposal proposed; the head decides."),
    )
    return run_action(request, action, unit, reverse("recorders:disposal") + f"?unit={unit.pk}")


DISPOSAL_ACTIONS = {
    "approve": Action(
        DecisionForm,
        lambda r, a, d: services.approve_disposal(a, by=r.user, note=d["note"]),
        _("Disposal approved: the files are removed and the act kept."),
    ),
    "reject": Action(
        DecisionForm,
        lambda r, a, d: services.reject_disposal(a, by=r.user, note=d["note"]),
        _("Disposal refused."),
    ),
}


class DisposalActionView(ActionView):
    actions = DISPOSAL_ACTIONS

    def get_target(self, request, pk):
        act = get_object_or_404(DisposalAct, pk=pk)
        if not access.can_manage_storage(request.user, act.unit_id):
            raise Http404
        return act

    def back_url(self, target):
        return reverse("recorders:disposal") + f"?unit={target.unit_id}"


# -- releases ----------------------------------------------------------------------------------------------


class ReleasesView(RecordersPage):
    roles = ALL_ROLES
    page_title = _("Release requests")
    template_name = "recorders/releases.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            requests=access.release_requests(user)
            .filter(unit=self.unit)
            .prefetch_related("items__media")[:100],
            own_recordings=access.own_recordings(user).filter(unit=self.unit)[:200]
            if context["is_inspector"]
            else [],
            released=access.released_media(user).filter(unit=self.unit) if context["is_inspector"] else [],
            purpose_form=PurposeForm(),
            decision_form=DecisionForm(),
        )
        return context


def request_release(request, unit_id: int):
    unit = get_object_or_404(TerritorialUnit, pk=unit_id)
    ids = [int(v) for v in request.POST.getlist("media") if v.isdigit()]
    action = Action(
        PurposeForm,
        lambda r, u, d: services.request_release(u, ids, purpose=d["purpose"], by=r.user),
        _("Request sent to the head."),
    )
    return run_action(request, action, unit, reverse("recorders:releases") + f"?unit={unit.pk}")


RELEASE_ACTIONS = {
    "approve": Action(
        DecisionForm,
        lambda r, q, d: services.approve_release(q, by=r.user, note=d["note"]),
        _("Release permitted."),
    ),
    "reject": Action(
        DecisionForm,
        lambda r, q, d: services.reject_release(q, by=r.user, note=d["note"]),
        _("Release refused."),
    ),
    "release": Action(
        None, lambda r, q, d: services.release(q, by=r.user), _("Copies released to the inspector.")
    ),
}


class ReleaseActionView(ActionView):
    actions = RELEASE_ACTIONS

    def get_target(self, request, pk):
        request_ = access.release_requests(request.user).filter(pk=pk).first()
        if request_ is None:
            raise Http404
        return request_

    def back_url(self, target):
        return reverse("recorders:releases") + f"?unit={target.unit_id}"
