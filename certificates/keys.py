"""pyHanko's in-memory signer and in-process test timestamper, with the private key parsed once and the
CMS written from parts prepared once (certificates.cms).

pyHanko keeps a key as DER and parses it again for every signature (cryptography's checks of an RSA key
cost ~90 ms), and rebuilds the whole CMS with asn1crypto.  Loaded signers live as long as the process's
signing toolkit (certificates.signing).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from asn1crypto import cms as asn1_cms
from asn1crypto import core
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

from certificates import cms

TEST_TSA_POLICY = "2.999.1"  # the example arc (ITU-T X.660): a test TSA has no real policy


def _parsed(key_info) -> object:
    return serialization.load_der_private_key(key_info.dump(), password=None)


def _sign_raw(key, mechanism, data: bytes, digest_algorithm: str = "sha256") -> bytes | None:
    name = mechanism.signature_algo
    if name == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
        return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
    if name == "rsassa_pss" and isinstance(key, RSAPrivateKey):
        padding, hash_algo = process_pss_params(mechanism["parameters"])
        return key.sign(data, padding, hash_algo)
    if name == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
        return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
    return None


class PreparedCms:
    """A pyHanko signer's PAdES SHA-256 signatures written by certificates.cms from ``self.template``
    (anything else goes through pyHanko as usual); ``_signature`` makes the one private-key operation."""

    template: cms.Template

    async def _signature(self, data: bytes) -> bytes:
        raise NotImplementedError

    async def async_sign(self, data_digest: bytes, digest_algorithm: str, *args, **kwargs):
        options = dict(zip(("dry_run", "use_pades", "timestamper"), args, strict=False)) | kwargs
        if (
            digest_algorithm != "sha256"
            or not options.get("use_pades")
            or options.get("encap_content_info") is not None
            or not options.get("is_pdf_sig", True)
        ):
            return await super().async_sign(data_digest, digest_algorithm, *args, **kwargs)
        attributes = self.template.signed_attributes(cms.OID_DATA, data_digest)
        signature = await self._signature(cms.tlv(0x31, attributes))
        timestamper = options.get("timestamper")
        token = b""
        if timestamper is not None:
            imprint = hashlib.sha256(signature).digest()
            token = (await timestamper.async_timestamp(imprint, "sha256")).dump()
        return asn1_cms.ContentInfo.load(cms.pades_signature(self.template, attributes, signature, token))


class KeptKeySigner(PreparedCms, SimpleSigner):
    """A SimpleSigner whose key is parsed once and whose PAdES SHA-256 signatures are written by
    certificates.cms (anything else goes through pyHanko as usual)."""

    @classmethod
    def of(cls, signer: SimpleSigner) -> KeptKeySigner:
        kept = cls(
            signing_cert=signer.signing_cert,
            signing_key=signer.signing_key,
            cert_registry=signer.cert_registry,
        )
        kept._parsed_key = _parsed(signer.signing_key)
        kept._mechanism = kept.get_signature_mechanism_for_digest("sha256")
        kept.template = cms.Template.of(kept)
        return kept

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        signature = _sign_raw(self._parsed_key, mechanism, data, digest_algorithm)
        return signature if signature is not None else super().sign_raw(data, digest_algorithm)

    async def _signature(self, data: bytes) -> bytes:
        return self.sign_raw(data, "sha256")


class KeptKeyTimeStamper(DummyTimeStamper):
    """An RFC 3161 timestamper in the process (test PKIs: the demo, the tests): pyHanko's dummy one, its key
    parsed once and its tokens written by certificates.cms."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._parsed_key = _parsed(self.tsa_key)
        tsa = SimpleSigner(
            signing_cert=self.tsa_cert, signing_key=self.tsa_key, cert_registry=self.certs_to_embed
        )
        self._mechanism = tsa.get_signature_mechanism_for_digest("sha256")
        self.template = cms.Template.of(tsa)

    async def async_timestamp(self, message_digest: bytes, md_algorithm: str):
        if md_algorithm != "sha256":
            return await super().async_timestamp(message_digest, md_algorithm)
        imprint = cms.tlv(0x30, self.template.digest_algorithm + cms.tlv(0x04, message_digest))
        tst_info = cms.tlv(
            0x30,
            cms.integer(1)
            + cms.oid(TEST_TSA_POLICY)
            + imprint
            + cms.integer(secrets.randbits(63))
            + core.GeneralizedTime(datetime.now(UTC).replace(microsecond=0)).dump(),
        )
        token = cms.timestamp_token(
            self.template, lambda data: _sign_raw(self._parsed_key, self._mechanism, data), tst_info
        )
        return asn1_cms.ContentInfo.load(token)
