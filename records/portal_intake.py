"""Filing through the portal channel (the public online form and the e-government intake of the JSON API):
the application is filed, then the electronic-signature check (records.signatures) runs and is recorded, in
one transaction.  A refused signature ends the application at intake (``reject_at_portal``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from catalogue import SERVICES
from catalogue.roles import Role, ensure_groups

from .api_tokens import grant_services
from .applications import Application
from .payments import take_payment
from .services import file_application, perform_transition
from .signatures import REFUSED, SignedRequest, check_signature
from .states import PORTAL

PORTAL_ACCOUNT = "portal-intake"


def portal_account():
    """The system account the public online form files as (role ``portal_system``; it cannot log in)."""
    model = get_user_model()
    user = model.objects.filter(username=PORTAL_ACCOUNT).first()
    if user is None:
        ensure_groups()
        user = model(username=PORTAL_ACCOUNT, first_name="Portal", is_active=True)
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=Role.PORTAL.value))
    # The online form files every service through the portal, and refuses a bad signature at once.
    return grant_services(user, SERVICES)


def file_application_signed(
    service_code: str,
    *,
    applicant,
    channel: str,
    subcase: str = "",
    data: Mapping[str, Any] | None = None,
    documents: Iterable[Mapping[str, str]] = (),
    by: Any,
    representative: Mapping[str, Any] | None = None,
    signature: str = "",
    unit: str = "",
    signed_in: str = "",
) -> Application:
    """``records.services.file_application``; for the portal channel, followed by the signature check of
    ``signature`` over the request as filed (``signed_in``: the applicant's verified EDS sign-in).  Raises
    the same errors, and then writes nothing."""
    documents = list(documents)
    with transaction.atomic():
        app = file_application(
            service_code,
            applicant=applicant,
            channel=channel,
            subcase=subcase,
            data=data,
            documents=documents,
            by=by,
            representative=representative,
            unit=unit,
        )
        take_payment(app)  # the fee (records.payments): condition 2 comes before the signature check
        if channel != PORTAL:
            return app
        content = json.dumps(
            {"service": service_code, "subcase": app.subcase, "data": app.details, "documents": documents},
            sort_keys=True,
            ensure_ascii=False,
            cls=DjangoJSONEncoder,
        )
        check = check_signature(app, SignedRequest(applicant.identifier, content, signature or "", signed_in))
        if check.status == REFUSED:
            app = perform_transition(
                app.pk, "reject_at_portal", user=by, data={"message": "signature_refused"}
            )
    return app
