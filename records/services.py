"""The public API of the records app: every other app (staff UI, tracker, JSON API, demo data, certificates)
files applications, moves them through their state machines and reads them through these functions.
Filing lives in ``records.intake`` and reading in ``records.timeline``; they are re-exported here, so callers
import from this module only.

Errors are ``records.errors.RecordsError`` subclasses with a stable ``code`` and a translated message
(``as_dict()`` gives ``{"code", "message", "field_errors"}``): ``forbidden_transition``,
``permission_denied``, ``guard_failed``, ``conflict``, ``invalid_input`` (with ``field_errors``),
``not_found``.  Whatever fails, nothing is written.

    applicant = get_or_create_applicant("individual", "880515300120", "Асқаров Нұрлан")
    app = file_application("vet_certificate", applicant=applicant, channel="office", subcase="",
                           data={"subject": "animal", "description": "сиыр, 2 бас"},
                           documents=[{"name": "өтініш.pdf", "sha256": "…"}], by=executor)
    [t.name for t in available_transitions(app, executor)]   # ["register"]
    app = perform_transition(app.pk, "register", user=executor, expected_state="submitted")
    app.due_at, app.deadline_status()                        # the running step's due time
    application_timeline(app)                                # what was done, by whom, point 6's result
    find_for_tracker("2025-2-000001", "880515300120")        # the public tracker
    Application.objects.overdue(now) / .due_today(now) / .with_deadline_status(now)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from catalogue import SERVICES

from . import audit, clock, notifications
from .applications import SERVICE_MODELS, Application
from .errors import Conflict, ForbiddenTransition, GuardFailed, InvalidInput, NotFound, PermissionDenied
from .filing import FILING_FORMS, KIND_LABELS, KINDS
from .inputs import clean_attachments, form_errors, jsonable
from .intake import file_application, get_or_create_applicant
from .result_documents import issue_result_document
from .rows import fetch_one
from .scope import can_see
from .states import RESULT_STATES, STATE_LABELS
from .timeline import TimelineEntry, application_timeline, find_for_tracker
from .transitions import TransitionContext, TransitionSpec

__all__ = [
    "FieldInfo",
    "TimelineEntry",
    "TransitionInfo",
    "application_timeline",
    "available_transitions",
    "describe_transition",
    "file_application",
    "filing_fields",
    "find_for_tracker",
    "get_or_create_applicant",
    "on_result_issued",
    "perform_transition",
    "service_kinds",
    "service_transitions",
]


# -- transitions ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldInfo:
    name: str
    label: str
    kind: str  # "text", "textarea", "boolean", "date", "datetime", "time", "integer", "choice"
    required: bool
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TransitionInfo:
    name: str
    label: str
    target: str
    target_label: str
    fields: tuple[FieldInfo, ...]
    attachment_required: bool
    roles: tuple[str, ...]


def service_transitions(service_code: str) -> list[TransitionSpec]:
    """Every transition of a service, as declared (for documentation and the permission matrix)."""
    return list(SERVICE_MODELS[service_code].transition_specs().values())


def service_kinds(service_code: str) -> list[tuple[str, str]]:
    """The kinds (sub-cases) an application of the service can be filed as: ``[(code, label)]``; ``[("", …)]``
    for the services without kinds.  The first is the default."""
    return [
        (kind, str(KIND_LABELS.get(kind, SERVICES[service_code].label)))
        for kind in KINDS.get(service_code, ("",))
    ]


def filing_fields(service_code: str, subcase: str = "") -> tuple[FieldInfo, ...]:
    """The data ``file_application`` takes for a service (the form's fields; some are required only for some
    kinds, which ``file_application`` reports as field errors)."""
    form = FILING_FORMS[service_code](subcase=subcase)
    return tuple(_field_info(name, field) for name, field in form.fields.items())


def available_transitions(app: Application, user: Any) -> list[TransitionInfo]:
    """What ``user`` can do with ``app`` now: transitions from its state that the user's roles allow and
    whose conditions on the application hold.  Guards on the data are checked when performing."""
    found = []
    for spec in type(app).transition_specs().values():
        if app.state in spec.sources and spec.permission(app, user) and all(c(app) for c in spec.conditions):
            found.append(_info(spec, app))
    return found


def describe_transition(service_code: str, name: str) -> TransitionInfo | None:
    """A transition of a service as declared, without an application (the JSON API's schema, a form for a
    transition the user posted but may not perform); None when the service has no such transition."""
    spec = SERVICE_MODELS[service_code].transition_specs().get(name)
    return _info(spec, None) if spec is not None else None


def _info(spec: TransitionSpec, app: Application | None) -> TransitionInfo:
    form = spec.form(application=app)
    fields = tuple(_field_info(name, field) for name, field in form.fields.items())
    return TransitionInfo(
        name=spec.name,
        label=str(spec.label),
        target=spec.target,
        target_label=str(STATE_LABELS[spec.target]),
        fields=fields,
        attachment_required=spec.attachment_required,
        roles=tuple(sorted(role.value for role in spec.roles)),
    )


def _field_info(name: str, field: forms.Field) -> FieldInfo:
    kind = "text"
    choices: tuple[tuple[str, str], ...] = ()
    if isinstance(field, forms.BooleanField):
        kind = "boolean"
    elif isinstance(field, forms.DateTimeField):
        kind = "datetime"
    elif isinstance(field, forms.DateField):
        kind = "date"
    elif isinstance(field, forms.TimeField):
        kind = "time"
    elif isinstance(field, forms.IntegerField):
        kind = "integer"
    elif isinstance(field, forms.ChoiceField):  # includes the executor choice (ModelChoiceField)
        kind = "choice"
        choices = tuple((str(value), str(label)) for value, label in field.choices if value != "")
    elif isinstance(field.widget, forms.Textarea):
        kind = "textarea"
    return FieldInfo(name=name, label=str(field.label), kind=kind, required=field.required, choices=choices)


def perform_transition(
    app_id: int,
    name: str,
    *,
    user: Any,
    data: Mapping[str, Any] | None = None,
    attachments: Iterable[Mapping[str, str]] = (),
    expected_state: str | None = None,
) -> Application:
    """Perform transition ``name`` on application ``app_id`` as ``user`` and return the saved application.

    In one transaction: lock the row, check that it is still in the state the caller saw (``expected_state``,
    e.g. from the form the user submitted; by default the state read when the call began), the transition
    from that state, the user's role, that the user may read the application (records.scope; if not:
    ``not_found``), the data (the transition's form), the attachments and the guards; then
    run the transition, set the new state's deadline, save, for a result call ``on_result_issued`` and last
    append the audit row (so that the chain's lock is not held while the result document renders).  Two
    concurrent transitions on one application: one wins, the other gets ``conflict`` and nothing of it is
    written.
    """
    seen = expected_state if expected_state is not None else _current_state(app_id)
    try:
        with transaction.atomic():
            app = _locked(app_id)
            if app.state != seen:
                raise Conflict()
            spec = _spec_for(app, name)
            if not spec.permission(app, user):
                raise PermissionDenied()
            if not can_see(user, app):  # a role that may, outside its scope: as if it did not exist
                raise NotFound()
            ctx = _context(spec, app, user, data or {}, attachments)
            _check_guards(spec, app, ctx)
            _apply(spec, app, ctx)
    except ConcurrentTransition as error:
        raise Conflict() from error
    except TransitionNotAllowed as error:  # django-fsm's own check, after ours: not expected to differ
        raise ForbiddenTransition() from error
    except OperationalError as error:  # SQLite: the other writer held the database past the busy timeout
        if "locked" in str(error):
            raise Conflict() from error
        raise
    return app


# The reads of every transition are plain SQL (records.rows): building them through the ORM costs more
# than running them.
_TABLE = Application._meta.db_table


def _current_state(app_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT state FROM {_TABLE} WHERE id = %s", [app_id])
        row = cursor.fetchone()
    if row is None:
        raise NotFound()
    return row[0]


def _locked(app_id: int) -> Application:
    """The application, locked until the transaction ends (a row lock; SQLite holds the writer lock)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    app = fetch_one(Application, f"WHERE id = %s{lock}", [app_id])
    if app is None:
        raise NotFound()
    return app


def _spec_for(app: Application, name: str) -> TransitionSpec:
    spec = type(app).transition_specs().get(name)
    if spec is None:
        raise ForbiddenTransition(
            _("The action «%(name)s» does not exist for this service."), params={"name": name}
        )
    if app.state not in spec.sources:
        raise ForbiddenTransition(
            _("«%(action)s» is not possible while the application is «%(state)s»."),
            params={"action": spec.label, "state": app.state_label},
        )
    return spec


def _context(
    spec: TransitionSpec,
    app: Application,
    user: Any,
    data: Mapping[str, Any],
    attachments: Iterable[Mapping[str, str]],
) -> TransitionContext:
    form = spec.form(data=dict(data), application=app)
    if not form.is_valid():
        raise InvalidInput(field_errors=form_errors(form))
    files = tuple(clean_attachments(attachments, "attachments"))
    return TransitionContext(user=user, now=clock.now(), data=form.cleaned_data, attachments=files)


def _check_guards(spec: TransitionSpec, app: Application, ctx: TransitionContext) -> None:
    for condition in spec.conditions:
        if not condition(app):
            raise GuardFailed(condition.message)
    if spec.attachment_required and not ctx.attachments:
        raise GuardFailed(_("Attach the document this step produces (e.g. the inspection act)."))
    for guard in spec.guards:
        message = guard.failure(app, ctx)
        if message:
            raise GuardFailed(message)


def _apply(spec: TransitionSpec, app: Application, ctx: TransitionContext) -> None:
    from_state, previous_step = app.state, app.step_code
    before = _field_values(app)
    getattr(app, spec.name)(ctx)  # django-fsm: checks the source state and conditions again, sets the target
    if ctx.attachments:
        app.documents = [*app.documents, *({**f, "transition": spec.name} for f in ctx.attachments)]
    app.enter_state(previous_step, ctx.now)
    changed = [name for name, value in _field_values(app).items() if value != before[name]]
    # ConcurrentTransitionMixin: UPDATE … WHERE id = … AND state = <the state read>
    app.save(update_fields=changed)
    input_data = {
        k: jsonable(v) for k, v in ctx.data.items() if k not in ("comment", "reason") and v not in (None, "")
    }
    entry = audit.prepare_transition(
        app,
        transition=spec.name,
        from_state=from_state,
        to_state=app.state,
        actor=ctx.user,
        reason=ctx.data.get("reason") or ctx.data.get("comment") or "",
        attachments=ctx.attachments,
        data={"input": input_data, "step": app.step_code, "due_at": app.due_at},
    )
    if app.state in RESULT_STATES:
        with audit.pending(app, entry):
            on_result_issued(app, by=ctx.user)
    notifications.queue_state_change(app, from_state, app.state, spec.name)
    # Last: the chain's lock (one for the whole log) is held from here to the commit, not while rendering.
    audit.append_prepared(entry)


def _field_values(app: Application) -> dict[str, Any]:
    """Every column's value; JSON columns as their text (transitions change them in place)."""
    values = {}
    for field in _CONCRETE:
        value = getattr(app, field.attname)
        if isinstance(value, dict | list):
            value = json.dumps(value, sort_keys=True, cls=DjangoJSONEncoder)
        values[field.attname] = value
    return values


_CONCRETE = [field for field in Application._meta.concrete_fields if not field.primary_key]


def on_result_issued(app: Application, *, by: Any = None) -> None:
    """Issue the result document: called once, inside the transition's transaction, when ``app`` reaches a
    result: ``issued`` / ``delivered`` (the service's document handed over) or ``refused`` /
    ``refused_incomplete`` (the reasoned refusal); ``by`` is the user who performed the transition.

    ``records.result_documents.issue_result_document`` picks the document for the service, kind and outcome
    and has the certificates app number, render, store and register it (``source_record =
    ("records.application", str(app.pk))``), once per application.  An error raised here (GuardFailed when
    the document's data are missing) rolls the whole transition back: no state change, no audit row, no
    document, no number.
    """
    issue_result_document(app, by=by)
