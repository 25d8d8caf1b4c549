"""Who is in the cabinet: a signed-in user whose account is linked to an applicant (``Applicant.user``) and
who holds the APPLICANT role.  Sign-in itself is elsewhere (``RECORDS_APPLICANT_LOGIN_URL``, default the
url name ``records:login``); without it, an anonymous visitor gets a 403 page instead of a redirect."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch

from catalogue.roles import Role, user_roles

from ..applicants import Applicant

FORBIDDEN_TEMPLATE = "records/cabinet/forbidden.html"


def current_applicant(request: HttpRequest) -> Applicant | None:
    """The applicant the signed-in user acts as, or None."""
    user = request.user
    if not user.is_authenticated or Role.APPLICANT not in user_roles(user):
        return None
    return Applicant.objects.filter(user=user).first()


def login_url(next_path: str) -> str | None:
    """The applicant sign-in page with ``?next=``; None while no sign-in page is installed."""
    target = getattr(settings, "RECORDS_APPLICANT_LOGIN_URL", "records:login")
    try:
        url = resolve_url(target)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode({'next': next_path})}"


def applicant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sets ``request.applicant``; anonymous → the sign-in page, any other account → 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            url = login_url(request.get_full_path())
            if url is not None:
                return redirect(url)
            return render(request, FORBIDDEN_TEMPLATE, {"no_login": True}, status=403)
        applicant = current_applicant(request)
        if applicant is None:
            return render(request, FORBIDDEN_TEMPLATE, {"no_login": False}, status=403)
        request.applicant = applicant
        return view(request, *args, **kwargs)

    return wrapper
