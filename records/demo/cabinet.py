"""The demo's applicant account and cabinet: the demo user ``applicant`` (portal.demo) acts for the first demo
applicant, who has one application whose documents the staff have requested (idempotent)."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model

from catalogue.roles import Role

from ..applicants import Applicant
from ..applications import Application
from ..document_requests import REQUESTED_AT
from ..portal_intake import file_application_signed
from ..services import get_or_create_applicant, perform_transition
from .data import demo_identifiers, filing_data

DEMO_USERNAME = Role.APPLICANT.value  # portal.demo names each demo user after its role
# The demo applicant's addresses: the notifications of their applications land in var/mail/ and var/sms/.
DEMO_CONTACT = {"email": "applicant@demo.vet.kz", "phone": "+77010000001"}
MISSING = "Объектінің техникалық паспортының көшірмесі; жер учаскесіне құқық белгілейтін құжат."


def link_demo_applicant() -> Applicant | None:
    """Link the demo user ``applicant`` to the first demo applicant (a sign-in may have linked it already)."""
    user = get_user_model().objects.filter(username=DEMO_USERNAME, is_active=True).first()
    if user is None:
        return None
    linked = Applicant.objects.filter(user=user).first()
    if linked is not None:
        return _with_demo_contact(linked)
    kind, number, name = demo_identifiers()[0]
    applicant = get_or_create_applicant(kind, number, name)
    if applicant.user_id is None:
        applicant.user = user
        applicant.save(update_fields=["user"])
        return _with_demo_contact(applicant)
    return None


def _with_demo_contact(applicant: Applicant) -> Applicant:
    missing = [key for key, value in DEMO_CONTACT.items() if not getattr(applicant, key)]
    for key in missing:
        setattr(applicant, key, DEMO_CONTACT[key])
    if missing:
        applicant.save(update_fields=missing)
    return applicant


def ensure_documents_request(staff: dict[Role, object], unit: str) -> Application | None:
    """A service 1 application of the demo applicant, moved by ``staff`` to ``documents_requested``."""
    applicant = link_demo_applicant()
    if (
        applicant is None
        or Application.objects.filter(applicant=applicant, details__has_key=REQUESTED_AT).exists()
    ):
        return None
    service = "vet_sanitary_conclusion"
    app = file_application_signed(
        service,
        applicant=applicant,
        channel="office",
        subcase="",
        data=filing_data(service, "", random.Random(14), 9000, "office"),
        documents=[{"name": "өтініш.pdf", "sha256": "c" * 64}],
        by=staff[Role.OFFICE],
        unit=unit,
    )
    executor = staff[Role.EXECUTOR]
    moves = [
        ("register", Role.OFFICE, {}),
        ("assign", Role.HEAD, {"executor": executor.pk, "resolution_text": "Қарап, орындауға."}),
        ("request_documents", Role.EXECUTOR, {"documents_missing": MISSING}),
    ]
    for name, role, data in moves:
        app = perform_transition(app.pk, name, user=staff[role], data=data)
    return app
