"""The public API of the certificates app.  Other apps call these functions with plain data; they never
touch IssuedDocument's fields directly.

- ``issue_document``: number, render, store and register a document inside the caller's transaction.
- ``cancel_document``: mark a valid document cancelled (the row and its file stay).
- ``verify_upload``: is an uploaded file byte-identical to the registered one?
- ``render_pdf``: pure rendering (previews, bulk reprints); writes nothing.
- ``can_download``: may this user fetch this document's file?  ``file_response``: the file, for a view that
  checked (``can_download`` or ``holder_may_download``); files are never served under MEDIA_URL.
- ``documents_for`` / ``valid_original``: what was issued for a record; the document a re-issue or a
  duplicate names (``REISSUE``, ``DUPLICATE``: the relations a new document may have to it).
- ``mark_replaced``: the record's owner says a duplicate replaces its original (a licence: issue 14);
  ``replaced_by``: what the verify page names for a superseded document.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates import conf, layouts, signing
from certificates.models import IssuedDocument
from certificates.numbering import format_number, next_value
from certificates.pdf import base
from certificates.pdf.fonts import FontMissingError
from certificates.signatory import Signatory
from certificates.signature_check import SignatureReport, check_pdf
from certificates.text import local
from portal import protected_files

__all__ = [
    "DUPLICATE",
    "REISSUE",
    "FontMissingError",
    "can_download",
    "cancel_document",
    "context_for",
    "documents_for",
    "file_response",
    "holder_may_download",
    "issue_document",
    "mark_replaced",
    "render_pdf",
    "reprint_pdf",
    "signature_report",
    "upload_signature_report",
    "replaced_by",
    "valid_original",
    "verify_upload",
    "verify_url",
]

HOLDER_ID = re.compile(r"\d{12}")
REISSUE, DUPLICATE = IssuedDocument.Relation.REISSUE.value, IssuedDocument.Relation.DUPLICATE.value
DOWNLOAD_PERMISSION = "certificates.view_issueddocument"


def render_pdf(doc_type: str, context: Mapping[str, Any] | base.Context) -> bytes:
    """Render a document without registering it.  ``context`` holds the keys of ``pdf.base.Context``:
    number, holder_name, holder_id, issuer, issued_at, payload, verify_url, relation, original_number,
    original_issued_at, issued_by_name, reprint_at (all optional but the payload fields the type needs).
    Raises ValidationError for bad data and FontMissingError when the fonts are not installed."""
    dtype = _document_type(doc_type)
    try:
        ctx = base.Context.from_mapping(context)
    except (TypeError, ValueError) as error:
        raise ValidationError(str(error)) from error
    problems = dtype.problems(ctx.payload)
    if problems:
        raise ValidationError(problems)
    return base.render(dtype, ctx)


def issue_document(
    doc_type: str,
    *,
    holder_name: str,
    holder_id: str,
    payload: Mapping[str, Any],
    issued_by: Any | None,
    source_record: tuple[str, str] | None = None,
    original: IssuedDocument | None = None,
    relation: str = "",
    issuer: str | None = None,
    series: str = "",
    number: str = "",
    signatory: Signatory | None = None,  # records also prints its names from the payload
) -> IssuedDocument:
    """Number, render, store and register one document; returns the saved row.

    ``series`` names the register the number comes from (records passes the handling unit; "" is the
    one national series): only issuers of the same series wait for each other while a document renders.
    ``number``, when given, is the number of the record the document is issued on (a licence's own
    number): no counter is taken, and a re-issue or duplicate must carry its original's number.

    Runs in the caller's ``transaction.atomic`` (a savepoint of it): when the caller rolls back, no row
    and no number remain.  The file is stored under a random name before the row is written, so a rolled
    back issue leaves at most a file that no row names (``prune_issued_files``).
    A re-issue marks the original superseded in the same transaction; a duplicate leaves it valid and
    reprints its payload unless ``payload`` overrides fields.

    ``signatory`` is the official whose role's key signs (PAdES, ``certificates.signing``); None signs with
    the service's own seal.  The signature is made before the SHA-256 is taken and the file stored; when
    signing fails (``signing.SigningError``, a ValidationError) nothing is stored.
    """
    dtype = _document_type(doc_type)
    holder_name = (holder_name or "").strip()
    holder_id = (holder_id or "").strip()
    _check_holder(holder_name, holder_id)
    _check_relation(doc_type, original, relation)
    source_type, source_id = _check_source(source_record)
    with transaction.atomic():
        if original is not None:
            original = _lock_valid_original(original)
        data = _json_payload({**(original.payload if relation == "duplicate" else {}), **dict(payload)})
        _remember_signatory(data, signatory)
        problems = dtype.problems(data)
        if problems:
            raise ValidationError(problems)
        issued_at = timezone.now()
        year = local(issued_at).year
        number = _own_number(number, original) or format_number(
            dtype.prefix, year, next_value(doc_type, year, series), series
        )
        code = secrets.token_urlsafe(16)
        issuer = (issuer or conf.default_issuer()).strip()
        issued_by_name = _user_name(issued_by)
        pdf = _render_signed(
            dtype,
            base.Context(
                number=number,
                holder_name=holder_name,
                holder_id=holder_id,
                issuer=issuer,
                issued_at=issued_at,
                payload=data,
                verify_url=_absolute_verify_url(code),
                relation=relation,
                original_number=original.number if original else "",
                original_issued_at=original.issued_at if original else None,
                issued_by_name=issued_by_name,
            ),
            signatory,
        )
        digest = hashlib.sha256(pdf).hexdigest()
        document = IssuedDocument.objects.create(
            number=number,
            verification_code=code,
            doc_type=doc_type,
            holder_name=holder_name,
            holder_id=holder_id,
            issuer=issuer,
            issued_at=issued_at,
            issued_by=issued_by if getattr(issued_by, "pk", None) else None,
            issued_by_name=issued_by_name,
            payload=data,
            file=_store(pdf, year),
            sha256=digest,
            original=original,
            relation=relation,
            source_record_type=source_type,
            source_record_id=source_id,
        )
        if relation == IssuedDocument.Relation.REISSUE:
            original.status = IssuedDocument.Status.SUPERSEDED
            original.save(update_fields=["status"])
    return document


def cancel_document(doc: IssuedDocument, *, by: Any | None, reason: str) -> IssuedDocument:
    """Mark a valid document cancelled.  The row, its number and its file stay as they were."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for cancelling the document."))
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=doc.pk)
        if locked.status != IssuedDocument.Status.VALID:
            raise ValidationError(
                _("Only a valid document can be cancelled; %(number)s is %(status)s.")
                % {"number": locked.number, "status": locked.get_status_display()}
            )
        locked.status = IssuedDocument.Status.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = by if getattr(by, "pk", None) else None
        locked.cancelled_by_name = _user_name(by)
        locked.cancel_reason = reason
        locked.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "cancelled_by_name", "cancel_reason"]
        )
    for name in ("status", "cancelled_at", "cancelled_by", "cancelled_by_name", "cancel_reason"):
        setattr(doc, name, getattr(locked, name))
    return locked


def mark_replaced(original: IssuedDocument, *, by: IssuedDocument) -> IssuedDocument:
    """Mark ``original`` superseded by its duplicate ``by`` (the record's owner decides that a duplicate
    replaces the lost original, as for a licence); call inside the transaction that issued ``by``."""
    if by.original_id != original.pk or by.relation != DUPLICATE:
        raise ValidationError(
            _("Document %(number)s is not a duplicate of %(original)s.")
            % {"number": by.number, "original": original.number}
        )
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=original.pk)
        if locked.status == IssuedDocument.Status.VALID:
            locked.status = IssuedDocument.Status.SUPERSEDED
            locked.save(update_fields=["status"])
    original.status = locked.status
    return locked


def replaced_by(doc: IssuedDocument) -> IssuedDocument | None:
    """The re-issue or duplicate that replaced a superseded document (None for any other)."""
    return doc.replaced_by


def signature_report(doc: IssuedDocument) -> SignatureReport:
    """The electronic signature of the registered file, checked offline (cached by its SHA-256: the file
    never changes, and the check reads only what it carries and the configured roots)."""
    key = f"certificates:signature:{doc.sha256}"
    report = cache.get(key)
    if report is None:
        storage = IssuedDocument._meta.get_field("file").storage
        try:
            with storage.open(doc.file.name, "rb") as handle:
                data = handle.read()
        except OSError as error:  # a lost file: the page says the signature cannot be read, not a 500
            return SignatureReport("damaged", detail=str(error))
        report = check_pdf(data)
        cache.set(key, report, 24 * 3600)
    return report


def upload_signature_report(uploaded_bytes: bytes) -> SignatureReport:
    """The electronic signature of an uploaded file (the upload check shows it beside the byte comparison)."""
    return check_pdf(uploaded_bytes)


def verify_upload(code: str, uploaded_bytes: bytes) -> bool:
    """True when the bytes are exactly the registered file of the document with this verification code.
    Raises IssuedDocument.DoesNotExist for an unknown code."""
    document = IssuedDocument.objects.get(verification_code=code)
    return hmac.compare_digest(hashlib.sha256(uploaded_bytes).hexdigest(), document.sha256)


# Source record type ("records.application") -> rule(user, record id) -> bool: the app that owns the source
# records says which staff may read them, and so download what was issued for them (certificates does not
# know those records).
SOURCE_ACCESS: dict[str, Callable[[Any, str], bool]] = {}


def register_source_access(record_type: str, rule: Callable[[Any, str], bool]) -> None:
    SOURCE_ACCESS[record_type] = rule


def can_download(user: Any, doc: IssuedDocument, *, holder_id_of_user: str | None = None) -> bool:
    """Staff (the ``certificates.view_issueddocument`` permission) download the documents of the records
    they may read (``register_source_access``; every document when its source type registered no rule);
    anyone else only documents whose holder is the IIN/BIN they act for, which the records app passes in."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if user.has_perm(DOWNLOAD_PERMISSION):
        rule = SOURCE_ACCESS.get(doc.source_record_type)
        if rule is None or rule(user, doc.source_record_id):
            return True
    return bool(holder_id_of_user) and hmac.compare_digest(str(holder_id_of_user), doc.holder_id)


def holder_may_download(doc: IssuedDocument, holder_id: str) -> bool:
    """Without a login: may someone who proved they act for ``holder_id`` fetch this document?  The records
    tracker proves it with a signed link made after a registration number + IIN/BIN lookup; only the
    holder's own documents open."""
    return bool(holder_id) and hmac.compare_digest(str(holder_id), doc.holder_id)


def file_response(doc: IssuedDocument) -> HttpResponse:
    """The document's PDF as a download named by its number; the caller has checked who asks."""
    return protected_files.serve(
        protected_files.MEDIA, doc.file.name, filename=f"{doc.number}.pdf", content_type="application/pdf"
    )


def context_for(doc: IssuedDocument, *, reprint_at: datetime | None = None) -> base.Context:
    """The data a registered document was printed with (for a reprint, with the reprint mark)."""
    return base.Context(
        number=doc.number,
        holder_name=doc.holder_name,
        holder_id=doc.holder_id,
        issuer=doc.issuer,
        issued_at=doc.issued_at,
        payload=doc.payload,
        verify_url=verify_url(doc),
        relation=doc.relation,
        original_number=doc.original.number if doc.original_id else "",
        original_issued_at=doc.original.issued_at if doc.original_id else None,
        issued_by_name=doc.issued_by_name,
        reprint_at=reprint_at,
    )


def reprint_pdf(doc: IssuedDocument, *, reprint_at: datetime | None = None) -> bytes:
    """A copy of a registered document marked as a reprint, with a fresh signature of the role that signed
    the original (its bytes differ from the registered file, which stays the one the upload check knows)."""
    dtype = _document_type(doc.doc_type)
    context = context_for(doc, reprint_at=reprint_at or timezone.now())
    return _render_signed(dtype, context, signatory_of(doc))


def signatory_of(doc: IssuedDocument) -> Signatory | None:
    """The official who signed ``doc`` (None: the service's seal), as stored with its printed data."""
    stored = doc.payload.get(SIGNATORY_KEY) if isinstance(doc.payload, dict) else None
    if not isinstance(stored, dict):
        return None
    return Signatory(**{name: str(stored.get(name, "")) for name in SIGNATORY_FIELDS})


def verify_url(doc: IssuedDocument) -> str:
    """The absolute address printed in the document's QR code."""
    return _absolute_verify_url(doc.verification_code)


def documents_for(source_record: tuple[str, str]) -> QuerySet[IssuedDocument]:
    """Every document issued for one record (e.g. ("records.application", "42")), newest first."""
    record_type, record_id = source_record
    return IssuedDocument.objects.filter(source_record_type=record_type, source_record_id=str(record_id))


def valid_original(source_record: tuple[str, str], doc_type: str) -> IssuedDocument | None:
    """The newest valid document of ``doc_type`` issued for the record that a re-issue or a duplicate may
    name as its original (a duplicate never is one)."""
    return (
        documents_for(source_record)
        .filter(doc_type=doc_type, status=IssuedDocument.Status.VALID)
        .exclude(relation=DUPLICATE)
        .first()
    )


# --- helpers --------------------------------------------------------------------------------------------

# The signatory is kept with the printed data (it is printed in the signature block), so that a reprint is
# signed by the same role; a duplicate names its own.
SIGNATORY_KEY = "e_signatory"
SIGNATORY_FIELDS = ("role", "full_name_kk", "full_name_ru", "position_kk", "position_ru")
SEAL_POSITION = "Қызметтің электрондық мөрі"  # printed for the service's own seal


def _remember_signatory(data: dict[str, Any], signatory: Signatory | None) -> None:
    data.pop(SIGNATORY_KEY, None)
    if signatory is not None:
        data[SIGNATORY_KEY] = {name: getattr(signatory, name) for name in SIGNATORY_FIELDS}


def _render_signed(dtype: layouts.DocumentType, ctx: base.Context, signatory: Signatory | None) -> bytes:
    """Render, and sign when signing is configured: the block printed names the official and the key."""
    if not signing.enabled():
        return base.render(dtype, ctx)
    key = signing.key_for(signatory.role if signatory else "service")
    block = base.SignatureBlock(
        signer_name=signatory.full_name_kk if signatory else ctx.issuer,
        signer_position=signatory.position_kk if signatory else SEAL_POSITION,
        signed_at=timezone.now(),
        serial=key.serial,
        issuer=key.issuer,
        test_pki=key.test_pki,
    )
    pdf, place = base.draw(dtype, dataclasses.replace(ctx, esign=block))
    page, box = place
    return signing.sign(pdf, key, page=page, box=box)


def _document_type(doc_type: str) -> layouts.DocumentType:
    try:
        return layouts.get(doc_type)
    except layouts.UnknownDocumentType as error:
        raise ValidationError(str(error)) from error


def _check_holder(holder_name: str, holder_id: str) -> None:
    errors = []
    if not holder_name:
        errors.append(_("The holder's name is required."))
    elif len(holder_name) > 255:
        errors.append(_("The holder's name is longer than 255 characters."))
    if not HOLDER_ID.fullmatch(holder_id):
        errors.append(_("The IIN/BIN must be exactly 12 digits."))
    if errors:
        raise ValidationError(errors)


def _check_relation(doc_type: str, original: IssuedDocument | None, relation: str) -> None:
    if relation not in IssuedDocument.Relation.values:
        raise ValidationError(_("Unknown relation to the original: %(relation)s") % {"relation": relation})
    if bool(relation) != (original is not None):
        raise ValidationError(_("A re-issue or a duplicate names its original, and only they do."))
    if original is not None and original.doc_type != doc_type:
        raise ValidationError(
            _("A re-issue or duplicate of %(number)s must be of the same type.") % {"number": original.number}
        )


def _lock_valid_original(original: IssuedDocument) -> IssuedDocument:
    locked = IssuedDocument.objects.select_for_update().get(pk=original.pk)
    if locked.status != IssuedDocument.Status.VALID:
        raise ValidationError(
            _("Document %(number)s is %(status)s: it cannot be re-issued or duplicated.")
            % {"number": locked.number, "status": locked.get_status_display()}
        )
    return locked


def _own_number(number: str, original: IssuedDocument | None) -> str:
    number = (number or "").strip()
    if not number:
        return ""
    if len(number) > IssuedDocument._meta.get_field("number").max_length:
        raise ValidationError(_("The document number %(number)s is too long.") % {"number": number})
    if original is not None and original.number != number:
        raise ValidationError(
            _("A re-issue or duplicate of %(original)s must carry its number, not %(number)s.")
            % {"original": original.number, "number": number}
        )
    if original is None and IssuedDocument.objects.filter(number=number, relation="").exists():
        raise ValidationError(_("Document number %(number)s is already taken.") % {"number": number})
    return number


def _check_source(source_record: tuple[str, str] | None) -> tuple[str, str]:
    if source_record is None:
        return "", ""
    record_type, record_id = source_record
    if not record_type or record_id in (None, ""):
        raise ValidationError(_("The source record needs both a type and an id."))
    return str(record_type), str(record_id)


def _json_payload(payload: dict[str, Any]) -> dict[str, Any]:
    # Dates become ISO strings now, so the stored payload is exactly what was printed.
    try:
        return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    except TypeError as error:
        raise ValidationError(
            _("The document data cannot be stored: %(error)s") % {"error": error}
        ) from error


def _user_name(user: Any | None) -> str:
    if user is None or not getattr(user, "pk", None):
        return ""
    return (user.get_full_name() or user.get_username()).strip()


def _absolute_verify_url(code: str) -> str:
    # Printed documents are Kazakh, so the QR code opens the Kazakh page; it offers the Russian one.
    with translation.override("kk"):
        path = reverse("certificates:verify", kwargs={"code": code})
    return conf.verify_base_url() + path


def _store(pdf: bytes, year: int) -> str:
    """Write the file under a random name: nothing public (the SHA-256 shown on the verify page, the number)
    leads to it, and only the checked views hand it out.  A file left by a rolled-back issue is harmless:
    no row names it (``prune_issued_files``)."""
    storage = IssuedDocument._meta.get_field("file").storage
    name = f"issued/{year}/{secrets.token_urlsafe(24)}.pdf"
    saved = storage.save(name, ContentFile(pdf))
    if saved != name:  # 192 random bits never collide; a changed name would mean a tampered store
        storage.delete(saved)
        raise RuntimeError(f"{name} exists already")
    return name
