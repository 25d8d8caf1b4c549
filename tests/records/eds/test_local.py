"""The local EDS verifier (records.eds.local): CMS detached/attached and XML-DSig enveloped, RSA and ECDSA,
the chain to the configured roots, validity, key usage, CRLs, and the subject's IIN/BIN/name."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import NameOID

from records.eds import SignedPayload, verify_signin
from records.eds.errors import (
    CertificateExpired,
    CertificateRevoked,
    ChallengeMismatch,
    KeyUsageNotAllowed,
    MalformedSignature,
    NoIdentifier,
    SignatureMismatch,
    UnsupportedAlgorithm,
    UntrustedChain,
)
from records.eds.subject import identity_of
from records.eds.testpki import ECDSA, RSA, Holder, Pki

from ..conftest import valid_bin, valid_iin

CHALLENGE = b"vet-portal-signin:test-challenge-0001"
IIN = valid_iin(start=41)


def cms(holder: Holder, data: bytes = CHALLENGE, **options) -> SignedPayload:
    return SignedPayload(holder.sign_cms(data, **options))


def xml(holder: Holder, data: bytes = CHALLENGE) -> SignedPayload:
    return SignedPayload(holder.sign_xml(data))


@pytest.fixture(scope="module")
def ec_pki():
    return Pki("Test EC NCA", kind=ECDSA)


@pytest.mark.parametrize("kind", [RSA, ECDSA])
@pytest.mark.parametrize("sign", [cms, xml], ids=["cms", "xml"])
def test_a_valid_signature_names_the_holder(eds_trusted, kind, sign):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан", kind=kind)
    identity = verify_signin(CHALLENGE, sign(holder))
    assert (identity.iin, identity.name, identity.bin) == (IIN, "Асқаров Нұрлан", "")
    assert identity.serial == format(holder.cert.serial_number, "x")
    assert "Test NCA Intermediate CA" in identity.issuer


def test_an_ecdsa_chain_verifies_too(settings, ec_pki, tmp_path):
    settings.RECORDS_EDS_TRUST_ROOTS = [str(ec_pki.write_root(tmp_path))]
    holder = ec_pki.issue(IIN, "Асқаров Нұрлан", kind=ECDSA)
    assert verify_signin(CHALLENGE, cms(holder)).iin == IIN
    assert verify_signin(CHALLENGE, xml(holder)).iin == IIN


def test_an_attached_cms_must_carry_the_challenge(eds_trusted):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан")
    assert verify_signin(CHALLENGE, cms(holder, detached=False)).iin == IIN
    with pytest.raises(ChallengeMismatch):
        verify_signin(CHALLENGE, cms(holder, b"another challenge", detached=False))


def test_sha384_digests_are_read_from_the_signature(eds_trusted):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан", kind=ECDSA)
    assert verify_signin(CHALLENGE, cms(holder, digest=hashes.SHA384())).iin == IIN


def test_a_legal_entity_certificate_carries_the_person_and_the_organisation(eds_trusted):
    bin_ = valid_bin(start=5)
    holder = eds_trusted.issue(IIN, "Омаров Ерлан", bin=bin_, organisation="«Жамбыл Агро» ЖШС")
    identity = verify_signin(CHALLENGE, cms(holder))
    assert (identity.iin, identity.bin, identity.organisation) == (IIN, bin_, "«Жамбыл Агро» ЖШС")
    assert identity.is_legal_entity and identity.name == "Омаров Ерлан"


@pytest.mark.parametrize("sign", [cms, xml], ids=["cms", "xml"])
def test_a_signature_over_another_challenge_is_refused(eds_trusted, sign):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан")
    with pytest.raises(ChallengeMismatch):
        verify_signin(CHALLENGE, sign(holder, b"vet-portal-signin:an-older-challenge"))


def test_a_cms_signature_made_by_another_key_does_not_match(eds_trusted):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан")
    impostor = eds_trusted.issue(valid_iin(start=42), "Бөгде Адам")
    # The impostor's signature, presented with the holder's certificate in its place.
    forged = Holder(impostor.key, holder.cert, holder.chain)
    with pytest.raises(SignatureMismatch):
        verify_signin(CHALLENGE, cms(forged))


def test_a_tampered_xml_does_not_match(eds_trusted):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан")
    signed = holder.sign_xml(CHALLENGE).replace("<challenge>", "<challenge>x", 1)
    with pytest.raises(SignatureMismatch):
        verify_signin(b"x" + CHALLENGE, SignedPayload(signed))


@pytest.mark.parametrize("sign", [cms, xml], ids=["cms", "xml"])
def test_a_certificate_of_another_authority_is_untrusted(eds_trusted, ec_pki, sign):
    stranger = ec_pki.issue(IIN, "Асқаров Нұрлан", kind=ECDSA)
    with pytest.raises(UntrustedChain):
        verify_signin(CHALLENGE, sign(stranger))


def test_without_its_intermediate_the_chain_is_untrusted(eds_trusted):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан")
    with pytest.raises(UntrustedChain):
        verify_signin(CHALLENGE, cms(Holder(holder.key, holder.cert, [])))


def test_a_self_made_intermediate_with_the_right_name_is_untrusted(eds_trusted):
    """An attacker's CA named like the real intermediate: the signatures, not the names, decide."""
    fake = Pki("Test NCA")  # the same names, other keys
    holder = fake.issue(IIN, "Асқаров Нұрлан")
    with pytest.raises(UntrustedChain):
        verify_signin(CHALLENGE, cms(holder))


@pytest.mark.parametrize(
    "start, days",
    [(datetime.now(UTC) - timedelta(days=400), 30), (datetime.now(UTC) + timedelta(days=2), 365)],
    ids=["expired", "not-yet-valid"],
)
@pytest.mark.parametrize("sign", [cms, xml], ids=["cms", "xml"])
def test_a_certificate_outside_its_validity_is_refused(eds_trusted, start, days, sign):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан", start=start, days=days)
    with pytest.raises(CertificateExpired):
        verify_signin(CHALLENGE, sign(holder))


def test_a_certificate_not_for_signing_is_refused(eds_trusted):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан", usage=False)
    with pytest.raises(KeyUsageNotAllowed):
        verify_signin(CHALLENGE, cms(holder))
    without_extension = eds_trusted.issue(IIN, "Асқаров Нұрлан", usage=None)
    assert verify_signin(CHALLENGE, cms(without_extension)).iin == IIN  # key usage is checked when stated


def test_a_revoked_certificate_is_refused(eds_trusted, settings, tmp_path):
    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан")
    other = eds_trusted.issue(valid_iin(start=43), "Сейітова Динара")
    now = datetime.now(UTC)
    revoked = (
        x509.RevokedCertificateBuilder()
        .serial_number(holder.cert.serial_number)
        .revocation_date(now - timedelta(hours=1))
        .build()
    )
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(eds_trusted.intermediate.subject)
        .last_update(now - timedelta(hours=1))
        .next_update(now + timedelta(days=1))
        .add_revoked_certificate(revoked)
        .sign(eds_trusted.intermediate_key, hashes.SHA256())
    )
    path = tmp_path / "intermediate.crl"
    path.write_bytes(crl.public_bytes(Encoding.DER))
    settings.RECORDS_EDS_CRLS = [str(path)]
    with pytest.raises(CertificateRevoked):
        verify_signin(CHALLENGE, cms(holder))
    assert verify_signin(CHALLENGE, xml(other)).iin == identity_of(other.cert).iin  # not on the list


@pytest.mark.parametrize(
    "iin, prefix",
    [("", "IIN"), (IIN, "PASSPORT"), ("880515300129", "IIN")],
    ids=["no-serialnumber", "not-an-iin", "bad-checksum"],
)
def test_a_certificate_without_a_valid_iin_is_refused(eds_trusted, iin, prefix):
    holder = eds_trusted.issue(iin, "Асқаров Нұрлан", serial_prefix=prefix)
    with pytest.raises(NoIdentifier):
        verify_signin(CHALLENGE, cms(holder))


def test_a_bad_bin_is_refused(eds_trusted):
    holder = eds_trusted.issue(IIN, "Омаров Ерлан", bin="050140003007", organisation="ЖШС")
    with pytest.raises(NoIdentifier):
        verify_signin(CHALLENGE, cms(holder))


@pytest.mark.parametrize(
    "data",
    [
        "",
        "not base64 at all!",
        base64.b64encode(b"\x30\x03\x02\x01\x01").decode(),
        base64.b64encode(b"garbage" * 20).decode(),
        "<login><challenge>x</challenge>",
        "<login><challenge>x</challenge></login>",  # well-formed, unsigned
        "A" * 300_000,
    ],
    ids=["empty", "not-base64", "not-signed-data", "garbage", "broken-xml", "unsigned-xml", "too-large"],
)
def test_malformed_input_is_refused(eds_trusted, data):
    with pytest.raises(MalformedSignature):
        verify_signin(CHALLENGE, SignedPayload(data))


def test_a_pss_signature_is_not_supported(eds_trusted):
    # asn1crypto reads the algorithm; a PSS one is refused before any key is used.
    from asn1crypto import cms as asn1_cms

    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан")
    info = asn1_cms.ContentInfo.load(base64.b64decode(holder.sign_cms(CHALLENGE)))
    info["content"]["signer_infos"][0]["signature_algorithm"] = {"algorithm": "rsassa_pss"}
    with pytest.raises((UnsupportedAlgorithm, MalformedSignature)):
        verify_signin(CHALLENGE, SignedPayload(base64.b64encode(info.dump(force=True)).decode()))


def test_the_name_is_read_as_the_nca_writes_it(eds_trusted):
    """NCA: CN "SURNAME NAME" in capitals, the patronymic in GIVENNAME."""
    from records.eds.testpki import _certificate, new_key

    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "ЖҰМАБАЕВА АЙГҮЛ"),
            x509.NameAttribute(NameOID.SURNAME, "ЖҰМАБАЕВА"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{IIN}"),
            x509.NameAttribute(NameOID.GIVEN_NAME, "ҚАЙРАТҚЫЗЫ"),
        ]
    )
    key = new_key(ECDSA)
    cert = _certificate(
        subject, key, eds_trusted.intermediate.subject, eds_trusted.intermediate_key, ca=False, days=30
    )
    identity = verify_signin(CHALLENGE, cms(Holder(key, cert, [eds_trusted.intermediate])))
    assert identity.name == "Жұмабаева Айгүл Қайратқызы"


def test_an_enveloping_xml_signature_is_read_too(eds_trusted):
    from lxml import etree
    from signxml import SignatureMethod, XMLSigner
    from signxml.algorithms import SignatureConstructionMethod

    holder = eds_trusted.issue(IIN, "Асқаров Нұрлан", kind=ECDSA)
    content = etree.Element("challenge")
    content.text = CHALLENGE.decode()
    signer = XMLSigner(
        method=SignatureConstructionMethod.enveloping, signature_algorithm=SignatureMethod.ECDSA_SHA256
    )
    key = holder.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    certs = [c.public_bytes(Encoding.PEM).decode() for c in (holder.cert, *holder.chain)]
    signed = etree.tostring(signer.sign(content, key=key, cert=certs), encoding="unicode")
    assert verify_signin(CHALLENGE, SignedPayload(signed)).iin == IIN
    with pytest.raises(ChallengeMismatch):
        verify_signin(b"vet-portal-signin:other", SignedPayload(signed))
