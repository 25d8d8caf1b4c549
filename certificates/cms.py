"""CMS SignedData for PAdES written as DER from parts prepared once per key.

pyHanko builds every signature with asn1crypto objects, re-serialising the certificate chain and the signed
attributes each time (~30 ms of pure Python per document, several times the rendering).  What changes per
document is only the message digest, the signature value and the timestamp token, so the rest is dumped
once (``Template``) and a document costs one hash, one private-key operation and byte concatenation.  The
output is the structure pyHanko itself writes for PAdES (content-type, message-digest and
signing-certificate-v2 signed attributes; the signature timestamp unsigned), and the tests validate it
with pyHanko's validator and poppler's ``pdfsig``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from asn1crypto import algos, cms, core

OID_DATA = "1.2.840.113549.1.7.1"
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_TST_INFO = "1.2.840.113549.1.9.16.1.4"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNATURE_TIMESTAMP = "1.2.840.113549.1.9.16.2.14"


def tlv(tag: int, content: bytes) -> bytes:
    """One DER element (definite length)."""
    size = len(content)
    if size < 0x80:
        return bytes((tag, size)) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + content


def oid(dotted: str) -> bytes:
    return core.ObjectIdentifier(dotted).dump()


def integer(value: int) -> bytes:
    return core.Integer(value).dump()


def attribute(type_oid: str, value_der: bytes) -> bytes:
    return tlv(0x30, oid(type_oid) + tlv(0x31, value_der))


@dataclass(frozen=True)
class Template:
    """The constant DER of one signer: its identifier, algorithms, certificates, ESS signing certificate."""

    sid: bytes
    digest_algorithm: bytes
    signature_algorithm: bytes
    certificates: bytes  # the content of the [0] IMPLICIT SET OF Certificate
    signing_certificate: bytes  # the signing-certificate-v2 attribute

    @classmethod
    def of(cls, signer) -> Template:
        """From a pyHanko signer (its certificate, chain and signature mechanism for SHA-256)."""
        from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute

        cert = signer.signing_cert
        sid = cms.IssuerAndSerialNumber({"issuer": cert.issuer, "serial_number": cert.serial_number})
        chain = [cert, *(c for c in signer.cert_registry if c.sha256 != cert.sha256)]
        return cls(
            sid=sid.dump(),
            digest_algorithm=algos.DigestAlgorithm({"algorithm": "sha256"}).dump(),
            signature_algorithm=signer.get_signature_mechanism_for_digest("sha256").dump(),
            certificates=b"".join(c.dump() for c in chain),
            signing_certificate=simple_cms_attribute(
                "signing_certificate_v2", as_signing_certificate_v2(cert, "sha256")
            ).dump(),
        )

    def signed_attributes(self, content_type: str, digest: bytes) -> bytes:
        """The content of the signed attributes' SET OF, in DER order."""
        parts = sorted(
            (
                attribute(OID_CONTENT_TYPE, oid(content_type)),
                attribute(OID_MESSAGE_DIGEST, tlv(0x04, digest)),
                self.signing_certificate,
            )
        )
        return b"".join(parts)

    def signed_data(
        self,
        *,
        version: int,
        encapsulated: bytes,
        attributes: bytes,
        signature: bytes,
        unsigned: bytes = b"",
    ) -> bytes:
        """A ContentInfo of SignedData with one signer."""
        signer_info = tlv(
            0x30,
            integer(1)
            + self.sid
            + self.digest_algorithm
            + tlv(0xA0, attributes)
            + self.signature_algorithm
            + tlv(0x04, signature)
            + (tlv(0xA1, unsigned) if unsigned else b""),
        )
        body = (
            integer(version)
            + tlv(0x31, self.digest_algorithm)
            + encapsulated
            + tlv(0xA0, self.certificates)
            + tlv(0x31, signer_info)
        )
        return tlv(0x30, oid(OID_SIGNED_DATA) + tlv(0xA0, tlv(0x30, body)))


def pades_signature(template: Template, attributes: bytes, signature: bytes, token: bytes) -> bytes:
    """The detached CMS of a PAdES signature: ``attributes`` from ``template.signed_attributes(OID_DATA,
    digest of the signed byte ranges)``, ``signature`` over ``tlv(0x31, attributes)`` (the one private-key
    operation) and the timestamp ``token`` (DER) over the SHA-256 of the signature value."""
    return template.signed_data(
        version=1,
        encapsulated=tlv(0x30, oid(OID_DATA)),
        attributes=attributes,
        signature=signature,
        unsigned=attribute(OID_SIGNATURE_TIMESTAMP, token) if token else b"",
    )


def timestamp_token(template: Template, sign_raw, tst_info: bytes) -> bytes:
    """An RFC 3161 token: SignedData over a TSTInfo (DER), signed by the TSA of ``template``."""
    attributes = template.signed_attributes(OID_TST_INFO, hashlib.sha256(tst_info).digest())
    return template.signed_data(
        version=3,
        encapsulated=tlv(0x30, oid(OID_TST_INFO) + tlv(0xA0, tlv(0x04, tst_info))),
        attributes=attributes,
        signature=sign_raw(tlv(0x31, attributes)),
    )
