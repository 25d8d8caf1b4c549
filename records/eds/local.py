"""The local verifier (``records.eds.local.verify``): RSA (PKCS#1 v1.5) and ECDSA signatures, checked with
the ``cryptography`` library; the chain by ``records.eds.chain``.  GOST signatures of the national PKI need
the verification service (``records.eds.http``).

* CMS/PKCS#7 (base64 DER ``SignedData``), detached over the challenge bytes (or attached, then its content
  must be the challenge); with signed attributes their ``messageDigest`` must be the challenge's digest.
* XML-DSig, enveloped or enveloping: the signed content must contain the challenge as the whole text of an
  element (e.g. ``<login><challenge>…</challenge></login>``); the signer's certificate (and intermediates)
  come in ``KeyInfo/X509Data``.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from datetime import timedelta

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier
from signxml.exceptions import InvalidCertificate, InvalidDigest, InvalidInput
from signxml.exceptions import InvalidSignature as XmlInvalidSignature

from . import XML, SignedPayload, SignerIdentity
from .chain import verify_chain
from .errors import ChallengeMismatch, MalformedSignature, SignatureMismatch, UnsupportedAlgorithm
from .subject import identity_of

MAX_BYTES = 200_000
_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512, "sha1": hashes.SHA1}
DS = "http://www.w3.org/2000/09/xmldsig#"


def verify(challenge: bytes, signed: SignedPayload) -> SignerIdentity:
    if not signed.data.strip() or len(signed.data) > MAX_BYTES:
        raise MalformedSignature("empty or too large")
    if signed.format == XML:
        signer, others = _verify_xml(challenge, signed.data)
    else:
        signer, others = _verify_cms(challenge, signed.data)
    verify_chain(signer, others)
    return identity_of(signer)


# -- CMS ---------------------------------------------------------------------------------------------------


def _load_signed_data(data: str) -> cms.SignedData:
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
        info = cms.ContentInfo.load(raw)
        if info["content_type"].native != "signed_data":
            raise ValueError(f"content type {info['content_type'].native}")
        signed_data = info["content"]
        signed_data.native  # parses everything now, so that a malformed part fails here  # noqa: B018
    except (ValueError, TypeError, binascii.Error) as error:
        raise MalformedSignature(str(error)) from error
    return signed_data


def _certificates(signed_data: cms.SignedData) -> list[x509.Certificate]:
    certs = []
    for choice in signed_data["certificates"] or []:
        if choice.name == "certificate":
            certs.append(x509.load_der_x509_certificate(choice.chosen.dump()))
    return certs


def _signer_cert(signer_info, certs: list[x509.Certificate]) -> x509.Certificate:
    sid = signer_info["sid"]
    for cert in certs:
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if cert.serial_number == wanted["serial_number"].native and (
                cert.issuer.public_bytes() == wanted["issuer"].dump()
            ):
                return cert
        else:
            try:
                ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
            except x509.ExtensionNotFound:
                continue
            if ski == sid.chosen.native:
                return cert
    raise MalformedSignature("the signer's certificate is not in the signature")


def _hash(name: str) -> hashes.HashAlgorithm:
    if name not in _HASHES:
        raise UnsupportedAlgorithm(f"digest {name}")
    return _HASHES[name]()


def _verify_cms(challenge: bytes, data: str) -> tuple[x509.Certificate, list[x509.Certificate]]:
    signed_data = _load_signed_data(data)
    infos = signed_data["signer_infos"]
    if len(infos) != 1:
        raise MalformedSignature(f"{len(infos)} signers")
    info = infos[0]
    content = signed_data["encap_content_info"]["content"].native
    if content is not None and content != challenge:
        raise ChallengeMismatch("the attached content is not the challenge")
    certs = _certificates(signed_data)
    signer = _signer_cert(info, certs)
    digest = _hash(info["digest_algorithm"]["algorithm"].native)
    signed_bytes = challenge
    attrs = info["signed_attrs"]
    if attrs.native is not None and len(attrs):
        digests = [a["values"][0].native for a in attrs if a["type"].native == "message_digest"]
        hasher = hashes.Hash(digest)
        hasher.update(challenge)
        if not digests or not hmac.compare_digest(digests[0], hasher.finalize()):
            raise ChallengeMismatch("messageDigest is not the challenge's digest")
        signed_bytes = b"\x31" + attrs.dump()[1:]  # signed as a SET OF, not as the [0] tag it travels in
    _check_signature(signer, info, signed_bytes, digest)
    return signer, certs


def _check_signature(cert: x509.Certificate, info, data: bytes, digest: hashes.HashAlgorithm) -> None:
    signature = info["signature"].native
    algorithm = info["signature_algorithm"]["algorithm"].native
    if "pss" in algorithm:
        raise UnsupportedAlgorithm(f"signature {algorithm}")
    key = cert.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), digest)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(digest))
        else:
            raise UnsupportedAlgorithm(f"key {type(key).__name__}")
    except InvalidSignature as error:
        raise SignatureMismatch("CMS signature") from error


# -- XML-DSig ----------------------------------------------------------------------------------------------


def _key_info_certs(root) -> list[x509.Certificate]:
    certs = []
    for node in root.iter(f"{{{DS}}}X509Certificate"):
        try:
            certs.append(x509.load_der_x509_certificate(base64.b64decode("".join((node.text or "").split()))))
        except (ValueError, binascii.Error) as error:
            raise MalformedSignature(f"X509Certificate: {error}") from error
    return certs


def _verify_xml(challenge: bytes, data: str) -> tuple[x509.Certificate, list[x509.Certificate]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data.lstrip("\ufeff").encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as error:
        raise MalformedSignature(str(error)) from error
    certs = _key_info_certs(root)
    if not certs:
        raise MalformedSignature("no X509Certificate in KeyInfo")
    signed, last = None, None
    for cert in certs:  # the signer is the certificate whose key verifies the signature
        pem = cert.public_bytes(Encoding.PEM).decode()
        try:
            # Validity is the chain check's (records.eds.chain) with its own error; signxml checks only the
            # signature here, at a moment inside the certificate's validity.
            config = SignatureConfiguration(
                expect_references=1, verification_time=cert.not_valid_before_utc + timedelta(seconds=1)
            )
            signed = XMLVerifier().verify(root, x509_cert=pem, expect_config=config).signed_xml
        except (XmlInvalidSignature, InvalidDigest, InvalidCertificate) as error:
            last = error
            continue
        except InvalidInput as error:
            raise MalformedSignature(str(error)) from error
        signer = cert
        break
    if signed is None:
        raise SignatureMismatch(f"XML signature: {last}")
    text = challenge.decode("ascii", "replace")
    if not any((node.text or "").strip() == text for node in signed.iter() if isinstance(node.tag, str)):
        raise ChallengeMismatch("the signed XML does not contain the challenge")
    return signer, certs
