"""The permission matrix, exhaustively: every role × every transition of every service, from a valid source
state reached by a real path.  Allowed pairs succeed; every other pair is refused with permission_denied
and changes nothing.  And docs/permissions.md must be what the code declares."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from catalogue.roles import Role
from records import audit
from records.applications import SERVICE_MODELS, Application
from records.errors import PermissionDenied
from records.permissions import DEFAULT_PATH, render_permission_matrix
from records.services import perform_transition

from .paths import ATTACHMENTS, PATHS

# Hand-written from DOMAIN §3.3-§3.8 (actors), with the choices of docs/decisions.md: who may do what.
A = "applicant"  # the cabinet ([proposal]): the owner adds requested documents or withdraws
OF, H, E, V, OB, C, P = (
    "office_clerk",
    "head",
    "executor",
    "state_vet_doctor",
    "oblast_inspection",
    "attestation_commission",
    "portal_system",
)
EXPECTED = {
    "vet_sanitary_conclusion": {
        "register": {OF},
        "reject_at_portal": {P},
        "assign": {H},
        "confirm_complete": {E},
        "refuse_incomplete": {E, H},
        "notify_legal_statistics": {E},
        "inspect": {E},
        "submit_act": {E},
        "decide_compliant": {H, V},
        "decide_noncompliant": {H, V},
        "notify_pickup": {OF, P},
        "hand_over": {OF},
        "request_documents": {E},
        "add_documents": {A},
        "withdraw": {A},
    },
    "vet_certificate": {
        "register": {E},
        "reject_at_portal": {P},
        "examine": {E},
        "issue_certificate": {E},
        "refuse": {E},
        "request_documents": {E},
        "add_documents": {A},
        "withdraw": {A},
    },
    "registration_number": {
        "register": {OF},
        "reject_at_portal": {P},
        "assign": {H},
        "confirm_complete": {E},
        "refuse_incomplete": {E, H},
        "forward_to_oblast": {E},
        "assign_number": {OB},
        "send_confirmation": {OB},
        "refuse": {OB, H},
        "issue_confirmation": {E, H},
        "hand_over": {OF},
        "request_documents": {E},
        "add_documents": {A},
        "withdraw": {A},
    },
    "animal_identification": {
        "register": {E},
        "reject_at_portal": {P},
        "schedule": {E},
        "identify": {E},
        "await_tags": {E},
        "receive_tags": {E},
        "reidentify": {E},
        "prepare_copy": {E},
        "hand_over": {E},
        "refuse": {E},
        "request_documents": {E},
        "add_documents": {A},
        "withdraw": {A},
    },
    "attestation": {
        "register": {OF},
        "reject_at_portal": {P},
        "assign": {H},
        "confirm_complete": {E},
        "return_incomplete": {E},
        "send_to_commission": {E},
        "schedule": {C, E},
        "start_testing": {C},
        "pass_test": {C},
        "fail_test": {C},
        "decide": {C},
        "reinterview": {C},
        "deliver": {OF},
        "request_documents": {E},
        "add_documents": {A},
        "withdraw": {A},
    },
    "licence": {
        "register": {OF},
        "reject_at_portal": {P},
        "assign": {H},
        "accept_complete": {E},
        "draft_refusal": {E},
        "draft_license": {E},
        "draft_reissue": {E},
        "draft_duplicate": {E},
        "sign": {H},
        "sign_refusal": {H},
        "hand_over": {OF},
        "hand_over_refusal": {OF},
        "request_documents": {E},
        "add_documents": {A},
        "withdraw": {A},
    },
}
CASES = [(service, name) for service, names in EXPECTED.items() for name in names]


def test_the_declared_roles_are_the_expected_ones():
    declared = {
        service: {
            name: {role.value for role in spec.roles} for name, spec in model.transition_specs().items()
        }
        for service, model in SERVICE_MODELS.items()
    }
    assert declared == EXPECTED


def test_every_transition_is_exercised_by_a_path():
    walked = {(path.service, step.name) for path in PATHS for step in path.steps}
    assert walked == set(CASES)


def _first_use(service: str, name: str):
    for path in PATHS:
        if path.service != service:
            continue
        for index, step in enumerate(path.steps):
            if step.name == name:
                return path, index
    raise AssertionError(f"no path performs {service}.{name}")


def _state(app) -> tuple:
    fresh = Application.objects.get(pk=app.pk)
    return fresh.state, fresh.due_at, fresh.details, len(audit.timeline(app))


@pytest.mark.parametrize(("service", "name"), CASES, ids=[f"{s}.{n}" for s, n in CASES])
def test_role_matrix(run_path, users, clock, service, name):
    path, index = _first_use(service, name)
    app = run_path(path, until=index, check=False)
    step = path.steps[index]
    clock.set(step.at)
    payload = step.payload(users[Role.EXECUTOR].pk, users[Role.HEAD].pk)
    before = _state(app)
    for role in Role:
        with transaction.atomic():
            try:
                if role.value in EXPECTED[service][name]:
                    done = perform_transition(
                        app.pk, name, user=users[role], data=payload, attachments=ATTACHMENTS.get(name, ())
                    )
                    assert done.state == step.state, role
                    assert audit.timeline(app)[-1].actor == users[role]
                else:
                    with pytest.raises(PermissionDenied):
                        perform_transition(
                            app.pk,
                            name,
                            user=users[role],
                            data=payload,
                            attachments=ATTACHMENTS.get(name, ()),
                        )
                    assert _state(app) == before, role
            finally:
                transaction.set_rollback(True)  # the next role starts from the same source state
        assert _state(app) == before


def test_the_committed_matrix_is_up_to_date():
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render_permission_matrix(), (
        "docs/permissions.md is stale: run `python manage.py permission_matrix`"
    )


def test_permission_matrix_command(tmp_path):
    target = tmp_path / "permissions.md"
    with pytest.raises(CommandError):
        call_command("permission_matrix", output=target, check=True, stdout=StringIO())
    call_command("permission_matrix", output=target, stdout=StringIO())
    assert target.read_text(encoding="utf-8") == render_permission_matrix()
    call_command("permission_matrix", output=target, check=True, stdout=StringIO())
    text = target.read_text(encoding="utf-8")
    assert "| `decide_compliant` Decide: the object complies | act_submitted → conclusion_compliant |" in text
