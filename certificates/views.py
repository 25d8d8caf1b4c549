"""The public verification page (anyone holding the code from the QR) and the file download (staff, or
the holder: the IIN/BIN a user acts for comes from the records app through CERTIFICATE_HOLDER_ID_RESOLVER).
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from certificates import conf, layouts
from certificates.forms import UploadForm
from certificates.models import IssuedDocument
from certificates.services import (
    can_download,
    file_response,
    replaced_by,
    signature_report,
    upload_signature_report,
    verify_upload,
)
from certificates.text import mask_holder_id
from certificates.throttle import over_limit, too_many_requests

VERIFICATION_CODE = re.compile(r"[A-Za-z0-9_-]{8,64}")  # secrets.token_urlsafe


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    rate = conf.verify_rate()  # read per request: tests and operators change it
    if over_limit(request, "certificates-verify", rate):  # unknown codes count too: no guessing
        return too_many_requests(request, rate[1])
    document = IssuedDocument.objects.select_related("original").filter(verification_code=code).first()
    if document is None:
        return render(request, "certificates/not_found.html", status=404)
    form = UploadForm(request.POST or None, request.FILES or None)
    match = upload_signature = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"].read()
        match = verify_upload(code, uploaded)
        upload_signature = upload_signature_report(uploaded)
    dtype = layouts.registry().get(document.doc_type)
    replacement = replaced_by(document)
    context = {
        "document": document,
        "type_label": dtype.label if dtype else document.doc_type,
        "type_title": dtype.title if dtype else "",
        "masked_holder_id": mask_holder_id(document.holder_id),
        "superseded_by": replacement if replacement and replacement.relation == "reissue" else None,
        "duplicated_by": replacement if replacement and replacement.relation == "duplicate" else None,
        "form": form,
        "match": match,
        "signature": signature_report(document),
        "upload_signature": upload_signature,
        **_signed_under(document),
    }
    return render(request, "certificates/verify.html", context)


def _signed_under(document: IssuedDocument) -> dict:
    """Who signed and the regulation's point in the reader's language (Kazakh or Russian), as the document
    kept them; nothing for documents issued before staff profiles (issue 16)."""
    language = "ru" if (get_language() or "").startswith("ru") else "kk"
    payload = document.payload if isinstance(document.payload, dict) else {}
    signatory, basis = payload.get("signatory"), payload.get("legal_basis")
    found: dict = {"reader_language": language}
    if isinstance(signatory, dict) and signatory.get(f"full_name_{language}"):
        found["signatory_name"] = signatory[f"full_name_{language}"]
        found["signatory_position"] = signatory.get(f"position_{language}", "")
    if isinstance(basis, dict) and basis.get(language):
        found["legal_basis"] = basis[language]
    return found


@require_http_methods(["GET", "HEAD"])
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """The verification code typed from a paper copy (or the whole QR address pasted) → its verify page."""
    typed = request.GET.get("code", "").strip()
    code = typed.rstrip("/").rsplit("/", 1)[-1] if typed else ""
    if code and VERIFICATION_CODE.fullmatch(code):
        return redirect("certificates:verify", code=code)
    return render(request, "certificates/verify_lookup.html", {"typed": typed}, status=400 if typed else 200)


@login_required
def download(request: HttpRequest, code: str) -> HttpResponse:
    document = get_object_or_404(IssuedDocument, verification_code=code)
    if not can_download(request.user, document, holder_id_of_user=_holder_id_of(request.user)):
        raise PermissionDenied
    return file_response(document)


def _holder_id_of(user) -> str | None:
    path = conf.holder_id_resolver()
    return import_string(path)(user) if path else None
