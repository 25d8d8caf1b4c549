"""What the cabinet reads: the applicant's applications, one of them, its result documents."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from certificates.models import IssuedDocument
from certificates.services import documents_for

from .. import clock
from ..applicants import Applicant
from ..applications import Application


def applications_of(applicant: Applicant) -> QuerySet:
    """The applicant's applications, newest first, with their deadline status now."""
    return (
        Application.objects.filter(applicant=applicant)
        .select_related("definition")
        .with_deadline_status(clock.now())
        .order_by("-received_at", "-pk")
    )


def own_application(applicant: Applicant, key: str) -> Application:
    """The applicant's application by registration number (or id); anyone else's is a 404."""
    match = Q(registration_no=key)
    if key.isdigit() and len(key) <= 18:
        match |= Q(pk=int(key))
    app = Application.objects.select_related("applicant").filter(match, applicant=applicant).first()
    if app is None:
        raise Http404()
    return app


def result_documents(app: Application) -> QuerySet[IssuedDocument]:
    """The documents issued for the application (certificates' registry), as the tracker lists them."""
    return documents_for(("records.application", str(app.pk)))
