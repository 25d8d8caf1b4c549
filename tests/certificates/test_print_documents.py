"""The bulk reprint command: new marked copies in another folder; the registered originals untouched."""

import hashlib
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from certificates.models import IssuedDocument

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_reprints_copies_and_never_touches_the_originals(issue, tmp_path, settings):
    docs = [issue("vet_certificate"), issue("vet_certificate"), issue("licence")]
    originals = {d.pk: d.file.storage.open(d.file.name).read() for d in docs}
    out, err = StringIO(), StringIO()
    call_command(
        "print_documents",
        "--out",
        str(tmp_path / "copies"),
        "--type",
        "vet_certificate",
        stdout=out,
        stderr=err,
    )
    copies = sorted((tmp_path / "copies").glob("*.pdf"))
    assert [c.name for c in copies] == sorted(f"{d.number}.pdf" for d in docs[:2])
    assert "2/2" in err.getvalue()  # tqdm's progress bar
    text = pdf_text(copies[0])
    assert "Қайта басылған көшірме" in text and docs[0].number in text
    for doc in IssuedDocument.objects.all():
        stored = doc.file.storage.open(doc.file.name).read()
        assert stored == originals[doc.pk] and hashlib.sha256(stored).hexdigest() == doc.sha256


def test_refuses_to_write_among_the_originals(issue, settings):
    issue("vet_certificate")
    with pytest.raises(CommandError, match="Refusing"):
        call_command(
            "print_documents", "--out", str(settings.MEDIA_ROOT / "issued" / "copies"), "--no-progress"
        )


def test_reports_an_empty_selection(tmp_path):
    with pytest.raises(CommandError, match="No issued document"):
        call_command("print_documents", "--out", str(tmp_path), "--no-progress")


def test_prune_removes_only_unregistered_files(issue, tmp_path):
    kept = issue("vet_certificate")
    storage = kept.file.storage
    orphan = storage.save(f"issued/{kept.issued_at.year}/{'0' * 64}.pdf", ContentFile(b"%PDF-orphan"))
    out = StringIO()
    call_command("prune_issued_files", "--min-age", "0", stdout=out)
    assert not storage.exists(orphan) and storage.exists(kept.file.name)
    assert "1 unregistered file(s)" in out.getvalue()
