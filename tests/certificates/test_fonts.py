"""Kazakh glyphs: the Debian DejaVu fonts cover them; a missing font fails at start-up with a clear error."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from reportlab.pdfbase.ttfonts import TTFont

from certificates import conf, samples
from certificates.checks import check_fonts
from certificates.pdf import fonts
from certificates.services import render_pdf


@pytest.fixture
def no_font_cache():
    fonts.clear_cache()
    yield
    fonts.clear_cache()


def test_the_configured_fonts_cover_every_kazakh_letter():
    for style, path in conf.font_paths().items():
        face = TTFont(f"probe-{style}", str(path)).face
        missing = [ch for ch in fonts.KAZAKH_LETTERS + fonts.EXTRA_SYMBOLS if ord(ch) not in face.charToGlyph]
        assert missing == [], f"{path} lacks {missing}"


def test_the_system_check_passes_with_the_installed_fonts():
    assert check_fonts() == []


def test_the_system_check_names_a_missing_font_folder(settings, tmp_path, no_font_cache):
    settings.CERTIFICATE_FONT_DIR = str(tmp_path / "nowhere")
    errors = check_fonts()
    assert [error.id for error in errors] == ["certificates.E001", "certificates.E001"]
    assert "DejaVuSans.ttf" in errors[0].msg and "does not exist" in errors[0].msg
    assert "fonts-dejavu-core" in errors[0].hint


def test_an_unreadable_font_file_is_refused(settings, tmp_path, no_font_cache):
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"not a font")
    (tmp_path / "DejaVuSans-Bold.ttf").write_bytes(b"not a font either")
    settings.CERTIFICATE_FONT_DIR = str(tmp_path)
    messages = [error.msg for error in check_fonts()]
    assert len(messages) == 2 and all("cannot be read" in message for message in messages)


def test_a_font_lacking_a_required_letter_is_refused(monkeypatch, no_font_cache):
    # No installed font lacks a Kazakh letter, so require one more character that DejaVu has no glyph for
    # (a private-use code point): the same check must then name it.
    monkeypatch.setattr(fonts, "EXTRA_SYMBOLS", fonts.EXTRA_SYMBOLS + "\ue000")
    messages = [error.msg for error in check_fonts()]
    assert len(messages) == 2 and all("has no glyphs for: \ue000" in message for message in messages)


def test_rendering_without_fonts_raises_a_clear_error(settings, tmp_path, no_font_cache):
    settings.CERTIFICATE_FONT_DIR = str(tmp_path / "nowhere")
    name, iin = samples.holder_for("vet_certificate")
    context = {
        "holder_name": name,
        "holder_id": iin,
        "issuer": "X",
        "payload": samples.PAYLOADS["vet_certificate"],
    }
    with pytest.raises(fonts.FontMissingError) as raised:
        render_pdf("vet_certificate", context)
    assert "CERTIFICATE_FONT_DIR" in str(raised.value) and "fonts-dejavu-core" in str(raised.value)


def test_render_pdf_reports_missing_payload_fields():
    with pytest.raises(ValidationError) as raised:
        render_pdf("vet_certificate", {"holder_name": "А", "holder_id": "850312300123", "payload": {}})
    assert any("individual_number" in message for message in raised.value.messages)


def test_start_up_stops_when_the_fonts_are_missing(settings, tmp_path, no_font_cache):
    # runserver and migrate run the same checks: an error-level check stops them.
    settings.CERTIFICATE_FONT_DIR = str(tmp_path / "nowhere")
    with pytest.raises(SystemCheckError, match="certificates.E001"):
        call_command("check")
