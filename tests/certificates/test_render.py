"""Every document type renders on the shared base: its Kazakh text can be extracted, its QR code decodes
to its verification address, its metadata is set, and a PNG of each is kept under test-artifacts/."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from certificates import layouts, samples
from certificates.services import render_pdf, verify_url

from .conftest import pdf_text, qr_payloads, tool

pytestmark = pytest.mark.django_db

KEY_TEXT = {
    "receipt": [
        "ӨТІНІШТІҢ ҚАБЫЛДАНҒАНЫ ТУРАЛЫ ҚОЛХАТ",
        "ТІРКЕУ ТУРАЛЫ БЕЛГІ",
        "Қабылданған уақыты",
        "10:15",
        "Сәрсенбаева Гүлнұр Әділқызы",
        "2026 жылғы 2 наурыз",
        "Өтініш беруші",
    ],
    "resolution": ["БҰРЫШТАМА", "Жауапты орындаушы", "Құрманғалиев Ерғали Нұрбекұлы", "Басшы"],
    "refusal": [
        "БАС ТАРТУ ТУРАЛЫ ДӘЛЕЛДІ ЖАУАП",
        "Бас тарту негізі",
        "Стандарттың 9-тармағында",
        "Объектінің техникалық паспортының көшірмесі",
    ],
    "inspection_act": ["ОБЪЕКТІНІ ТЕКСЕРУ АКТІСІ", "Сүт өңдейтін цех", "Тексеру нәтижелері", "Объект өкілі"],
    "vet_sanitary_conclusion": [
        "ВЕТЕРИНАРИЯЛЫҚ-САНИТАРИЯЛЫҚ ҚОРЫТЫНДЫ",
        "сәйкес келмейді",
        "бұзушылықтарды жою жөніндегі ұсынымдар",
        "Қолжуғыштарды ыстық сумен",
        "Мемлекеттік ветеринариялық дәрігер",
        "М.О.",
    ],
    "vet_certificate": [
        "ВЕТЕРИНАРИЯЛЫҚ АНЫҚТАМА",
        "Иесі",
        "ЖСН/БСН",
        "KZ 0312 4455 6677",
        "қолайлы",
        "эпизоотиялық ахуалы",
    ],
    "registration_confirmation": ["ТІРКЕУ НӨМІРІН БЕРУ ТУРАЛЫ РАСТАМА", "KZ-08-0457-ӨО", "Бөлім басшысы"],
    "vet_passport": ["ВЕТЕРИНАРИЯЛЫҚ ПАСПОРТ", "Әулиеата", "құлақ сырғасы", "Аусылға қарсы вакцинация"],
    "passport_extract": ["ВЕТЕРИНАРИЯЛЫҚ ПАСПОРТТАН ҮЗІНДІ-КӨШІРМЕ", "Бруцеллезге", "ВП-2025-004512"],
    "attestation_sheet": [
        "АТТЕСТАТТАУ ПАРАҒЫ",
        "аттестатталды",
        "қайта аттестаттауға жатады",
        "аттестатталған жоқ",
        "Комиссия төрағасы",
        "Комиссия мүшесі",
        "Комиссия хатшысы",
        "Ғабитов Ұлан Һадиұлы",
    ],
    "licence": ["ЛИЦЕНЗИЯ", "Лицензиат", "мерзімсіз", "ветеринариялық-санитариялық сараптама"],
    "licence_annex": ["ЛИЦЕНЗИЯҒА ҚОСЫМША", "ЛЦ-2026-000003", "Өндірістік база"],
    "pickup_notice": ["НӘТИЖЕНІ АЛУ ТУРАЛЫ ХАБАРЛАМА", "Алу уақыты", "11:00", "104-кабинет"],
    "issued_register": ["БЕРІЛГЕН ҚҰЖАТТАР ТІЗІЛІМІ", "Барлығы: 40 құжат", "күші жойылған", "Мәртебесі"],
    "recorder_journal": ["есепке алу журналы", "Ескертпе", "Түзетілді", '2026 жылғы "2" наурыз басталды'],
}


def test_every_registered_type_has_key_fields_listed_here():
    assert set(KEY_TEXT) == set(layouts.registry())


def save_artifacts(doc, artifacts: Path, name: str) -> tuple[Path, Path]:
    pdf = artifacts / f"{name}.pdf"
    pdf.write_bytes(doc.file.read())
    tool(
        "pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(artifacts / name)
    )
    return pdf, artifacts / f"{name}.png"


@pytest.mark.parametrize("doc_type", sorted(KEY_TEXT))
def test_each_type_renders_with_extractable_kazakh_text_and_a_working_qr(doc_type, issue, artifacts):
    doc = issue(doc_type)
    pdf, png = save_artifacts(doc, artifacts, doc_type)
    text = pdf_text(pdf)
    expected = [*KEY_TEXT[doc_type], doc.number, "Берілген күні", doc.issuer, "Парақ 1 /"]
    if layouts.get(doc_type).holder_label:
        expected += [doc.holder_name, doc.holder_id]
    missing = [phrase for phrase in expected if phrase not in text]
    assert missing == [], f"{doc_type}: not in the extracted text: {missing}"
    # A high-resolution render for the decoder (the kept artifact is a small preview).
    hires = artifacts / f"{doc_type}-qr"
    tool("pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(hires))
    assert qr_payloads(hires.with_suffix(".png")) == [verify_url(doc)]
    hires.with_suffix(".png").unlink()
    assert png.stat().st_size > 10_000


def test_metadata_names_the_document_the_issuer_and_the_kazakh_language(issue, tmp_path):
    doc = issue("vet_certificate")
    path = tmp_path / "doc.pdf"
    path.write_bytes(doc.file.read())
    info = dict(re.findall(r"^(\w+):\s+(.*)$", tool("pdfinfo", str(path)), flags=re.M))
    assert info["Title"] == f"Ветеринариялық анықтама № {doc.number}"
    assert info["Author"] == doc.issuer
    assert info["Subject"] == f"Ветеринариялық анықтама: {doc.holder_name}"
    assert b"/Lang (kk)" in path.read_bytes()
    assert b"FontFile2" in path.read_bytes()  # the TrueType font is embedded, not referenced


def test_a_multi_page_register_numbers_its_pages_and_repeats_the_footer(issue, artifacts):
    rows = samples.register_rows(150)
    doc = issue("issued_register", payload={**samples.PAYLOADS["issued_register"], "rows": rows})
    pdf = artifacts / "issued_register-multipage.pdf"
    pdf.write_bytes(doc.file.read())
    pages = int(re.search(r"Pages:\s+(\d+)", tool("pdfinfo", str(pdf))).group(1))
    assert pages > 2
    text = pdf_text(pdf)
    assert f"Парақ {pages} / {pages}" in text and f"Парақ 1 / {pages}" in text
    assert text.count(f"Құжат № {doc.number}") == pages
    # The table's header row is repeated on every page the table runs onto (issue 16: the electronic
    # signature block after the table may take a last page of its own).
    table_pages = 0
    for page in range(1, pages + 1):
        page_text = " ".join(tool("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-").split())
        if "ВА-2026-" in page_text:
            table_pages += 1
            assert "Құжат нөмірі" in page_text, page
    assert table_pages >= pages - 1
    assert "Электрондық цифрлық қолтаңбамен қол қойылды" in page_text  # the last page
    assert "ВА-2026-000150" in text and "Барлығы: 150 құжат" in text


@pytest.mark.parametrize(
    ("decision", "chosen"),
    [
        ("attested", "☒ аттестатталды"),
        ("re_attestation", "☒ қайта аттестаттауға жатады"),
        ("not_attested", "☒ аттестатталған жоқ"),
    ],
)
def test_the_attestation_sheet_ticks_the_commissions_decision(decision, chosen, tmp_path):
    payload = {**samples.PAYLOADS["attestation_sheet"], "decision": decision}
    path = tmp_path / "sheet.pdf"
    path.write_bytes(
        render_pdf(
            "attestation_sheet",
            {"holder_name": "А", "holder_id": "850312300123", "issuer": "Басқарма", "payload": payload},
        )
    )
    text = pdf_text(path)
    assert chosen in text and text.count("☒") == 1 and text.count("☐") == 2


def test_a_compliant_conclusion_needs_no_recommendations(tmp_path):
    payload = {**samples.PAYLOADS["vet_sanitary_conclusion"], "compliant": True, "recommendations": []}
    path = tmp_path / "c.pdf"
    path.write_bytes(
        render_pdf(
            "vet_sanitary_conclusion",
            {"holder_name": "А", "holder_id": "850312300123", "issuer": "Б", "payload": payload},
        )
    )
    text = pdf_text(path)
    assert "☒ Объект ветеринариялық" in text and "ұсынымдар" not in text


def test_a_noncompliant_conclusion_without_recommendations_is_refused():
    payload = {**samples.PAYLOADS["vet_sanitary_conclusion"], "recommendations": []}
    with pytest.raises(ValidationError) as raised:
        render_pdf(
            "vet_sanitary_conclusion", {"holder_name": "А", "holder_id": "850312300123", "payload": payload}
        )
    assert "recommendations" in raised.value.messages[0]


def test_an_unregistered_preview_says_so_and_has_no_qr(tmp_path):
    path = tmp_path / "preview.pdf"
    path.write_bytes(
        render_pdf(
            "vet_certificate",
            {
                "holder_name": "А",
                "holder_id": "850312300123",
                "issuer": "Б",
                "payload": samples.PAYLOADS["vet_certificate"],
            },
        )
    )
    assert "Тіркелмеген үлгі" in pdf_text(path)
    tool("pdftoppm", "-png", "-r", "150", "-singlefile", str(path), str(tmp_path / "preview"))
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "preview.png")], capture_output=True
    )
    assert result.returncode == 4 and result.stdout == b""  # zbarimg: 4 = no symbol found


@pytest.mark.parametrize(
    ("doc_type", "relation", "mark", "reference"),
    [
        ("vet_passport", "duplicate", "ТЕЛНҰСҚА", "Телнұсқа. Бастапқы құжат: №"),
        ("licence", "duplicate", "ТЕЛНҰСҚА", "Телнұсқа. Бастапқы құжат: №"),
        ("licence", "reissue", "ҚАЙТА РЕСІМДЕЛГЕН", "Бастапқы құжаттың орнына берілді: №"),
        ("licence_annex", "reissue", "ҚАЙТА РЕСІМДЕЛГЕН", "Бастапқы құжаттың орнына берілді: №"),
    ],
)
def test_duplicates_and_reissues_are_marked_and_name_their_original(
    doc_type, relation, mark, reference, issue, artifacts
):
    original = issue(doc_type)
    payload = (
        {}
        if relation == "duplicate"
        else {**samples.PAYLOADS[doc_type], "reissue_reason": "Атауының өзгеруі"}
    )
    derived = issue(doc_type, original=original, relation=relation, payload=payload)
    pdf, _ = save_artifacts(derived, artifacts, f"{doc_type}-{relation}")
    text = pdf_text(pdf)
    assert mark in text and f"{reference} {original.number}" in text
    assert mark not in pdf_text(save_artifacts(original, artifacts, f"{doc_type}-original")[0])
    if relation == "reissue":
        assert "Қайта ресімдеу негізі Атауының өзгеруі" in text
