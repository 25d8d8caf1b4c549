"""Applications and transitions as JSON (the shapes the OpenAPI document describes)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .. import clock
from ..applications import Application
from ..display import RegulationLinks, current_step, kind_label
from ..services import FieldInfo, TransitionInfo, application_timeline


def _person(user) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


def field_json(info: FieldInfo) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": info.name,
        "label": info.label,
        "kind": info.kind,
        "required": info.required,
    }
    if info.choices:
        data["choices"] = [{"value": value, "label": label} for value, label in info.choices]
    return data


def transition_json(info: TransitionInfo, app: Application) -> dict[str, Any]:
    return {
        "name": info.name,
        "label": info.label,
        "target": info.target,
        "target_label": info.target_label,
        "fields": [field_json(f) for f in info.fields],
        "attachment_required": info.attachment_required,
        "roles": list(info.roles),
        "url": reverse("records_api:perform", args=[app.pk, info.name]),
    }


def application_json(app: Application) -> dict[str, Any]:
    links = RegulationLinks(app.service)
    step = current_step(app, links)
    signature = getattr(app, "signature_check", None)
    return {
        "id": app.pk,
        "registration_no": app.registration_no,
        "service": app.service,
        "service_label": str(app.service_label),
        "subcase": app.subcase,
        "subcase_label": kind_label(app),
        "channel": app.channel,
        "state": app.state,
        "state_label": str(app.state_label),
        "applicant": {
            "kind": app.applicant.kind,
            "identifier": app.applicant.identifier,
            "name": app.applicant.name,
        },
        "received_at": app.received_at,
        "registered_at": app.registered_at,
        "due_at": app.due_at,
        "deadline_status": app.deadline_status(clock.now()),
        "current_step": None
        if step is None
        else {
            "code": step.code,
            "action": step.action,
            "limit_text": step.limit_text,
            "point_anchor": step.point_anchor,
            "regulation_url": step.regulation_url,
        },
        "assigned_executor": _person(app.assigned_executor),
        "resolution_text": app.resolution_text,
        "refusal_reason": app.refusal_reason,
        "portal_refusal": app.portal_refusal,
        "decision": app.decision,
        "result_number": app.result_number,
        "details": app.details,
        "documents": app.documents,
        "signature": None if signature is None else {"status": signature.status, "detail": signature.detail},
        "timeline": [_entry(e, links) for e in application_timeline(app)],
        "transitions_url": reverse("records_api:transitions", args=[app.pk]),
    }


def _entry(entry, links: RegulationLinks) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at,
        "transition": entry.transition,
        "label": entry.label,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "actor_name": entry.actor_name,
        "reason": entry.reason,
        "data": entry.data,
        "due_at": entry.due_at,
        "late": entry.late,
        "result_kk": entry.result_kk,
        "result_url": links.point(entry.result_anchor),
    }
