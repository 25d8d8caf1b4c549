"""Applicants sign in at /kk/login/ and /ru/login/ with an EDS certificate: the page issues a challenge
(records.eds.challenges), the signing client (NCALayer, through static/records/signin.js) or the applicant
posts the signature over it (CMS base64 or signed XML), and ``records.eds.verify_signin`` says whose
certificate it is.  Where ``RECORDS_EDS_DEMO_SIGNER`` is set (development) the page also lists the demo
certificates, and a button signs the challenge on the server with the chosen demo key: the signature then
takes the same verification path.  Staff sign in at /admin/login/."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from certificates.throttle import over_limit, too_many_requests

from ..eds import SignedPayload, SignerIdentity, challenges, verifier_path, verify_signin
from ..eds.accounts import SESSION_SIGNER, session_signer, sign_in_account
from ..eds.demo import demo_holders
from ..eds.errors import EdsError, MalformedSignature

logger = logging.getLogger(__name__)
BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignInForm(forms.Form):
    challenge = forms.CharField(widget=forms.HiddenInput, max_length=200)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    signature = forms.CharField(
        label=_("Signature (CMS in base64 or signed XML)"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
    )


def login_rate() -> tuple[int, int]:
    return tuple(getattr(settings, "RECORDS_LOGIN_RATE", getattr(settings, "RECORDS_APPLY_RATE", (10, 3600))))


def cabinet_url() -> str:
    try:
        return reverse("records:cabinet")
    except NoReverseMatch:  # the cabinet is another module's; its address is fixed by the issue
        return f"/{get_language()}/cabinet/"


def safe_next(request: HttpRequest, value: str) -> str:
    ok = value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if ok else ""


def _signature(request: HttpRequest, form: SignInForm, challenge: bytes) -> SignedPayload:
    """The posted signature, or in the demo the chosen demo key's signature over the challenge."""
    slug = request.POST.get("demo", "")
    if slug:
        holders = {h.cert.serial_number: h for h in demo_holders()}
        holder = holders.get(int(slug, 16)) if all(c in "0123456789abcdef" for c in slug) else None
        if holder is None:
            raise MalformedSignature(f"no demo certificate {slug!r}")
        return SignedPayload(holder.sign_cms(challenge))
    return SignedPayload(form.cleaned_data["signature"])


def _verify(request: HttpRequest, form: SignInForm) -> SignerIdentity:
    challenge = challenges.consume(request, form.cleaned_data["challenge"])
    return verify_signin(challenge, _signature(request, form, challenge))


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    status, error = 200, ""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.method == "POST":
        limit, window = login_rate()
        if over_limit(request, "records-login", (limit, window)):
            return too_many_requests(request, window)
        form = SignInForm(request.POST)
        try:
            if not form.is_valid():
                raise MalformedSignature(str(form.errors.as_data()))
            identity = _verify(request, form)
        except EdsError as failure:
            logger.info("EDS sign-in refused (%s): %s", failure.code, failure.detail)
            status, error = 400, failure.message
        else:
            _, user = sign_in_account(identity, verifier_path())
            auth_login(request, user, backend=BACKEND)
            request.session[SESSION_SIGNER] = session_signer(identity)
            return redirect(next_url or cabinet_url())
    challenge = challenges.issue(request)
    form = SignInForm(initial={"challenge": challenge, "next": next_url})
    context = {
        "form": form,
        "challenge": challenge,
        "error": error,
        "next": next_url,
        "demo_holders": [(format(h.cert.serial_number, "x"), h.label) for h in demo_holders()],
        "lifetime_minutes": challenges.lifetime() // 60,
    }
    return render(request, "records/public/login.html", context, status=status)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect(f"/{get_language()}/")


def signed_in_applicant(request: HttpRequest):
    """The applicant of the request's EDS sign-in, or None (anonymous, staff, or no sign-in this session)."""
    user = request.user
    if not user.is_authenticated or SESSION_SIGNER not in request.session:
        return None
    return getattr(user, "applicant_profile", None)
