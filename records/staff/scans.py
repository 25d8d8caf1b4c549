"""The documents of an application as the record page shows them: each scan with its preview (an image, or
the browser's own PDF viewer in a frame) through the permission-checked document views."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from catalogue.documents import DOCUMENT_LABELS

from ..applications import Application
from ..attachments import StoredAttachment
from ..documents import ACCEPTED, PDF


@dataclass(frozen=True)
class Scan:
    name: str
    sha256: str
    label: str  # the required document it is (catalogue.documents), "" for another one
    content_type: str  # detected from the content when stored; "" when not stored or stored before the checks
    pages: int | None
    size: int | None
    download_url: str
    view_url: str  # "" when it cannot be shown inline

    @property
    def is_pdf(self) -> bool:
        return self.content_type == PDF

    @property
    def is_image(self) -> bool:
        return bool(self.view_url) and not self.is_pdf


def scans(app: Application) -> list[Scan]:
    documents = app.documents or []
    stored = {
        s.sha256: s for s in StoredAttachment.objects.filter(sha256__in=[d.get("sha256") for d in documents])
    }
    rows = []
    for index, doc in enumerate(documents):
        found = stored.get(doc.get("sha256"))
        content_type = found.content_type if found else ""
        code = doc.get("document") or ""
        rows.append(
            Scan(
                name=doc.get("name", ""),
                sha256=doc.get("sha256", ""),
                label=str(DOCUMENT_LABELS.get(code, "")),
                content_type=content_type,
                pages=found.pages if found else None,
                size=found.size if found else None,
                download_url=reverse("records_application_document", args=[app.pk, index]),
                view_url=(
                    reverse("records_application_document_inline", args=[app.pk, index])
                    if content_type in ACCEPTED
                    else ""
                ),
            )
        )
    return rows
