"""A test PKI: a root CA, an intermediate CA and holder certificates written as the national certification
authority writes them (``SERIALNUMBER=IIN…``, ``OU=BIN…``), RSA or ECDSA, and the two ways a signing client
signs a sign-in challenge (CMS detached, XML-DSig enveloped).  Used by the tests and by ``seed_demo`` (the
demo certificates under ``var/demo_pki/``); never trusted by production settings."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import SignatureMethod, XMLSigner

RSA, ECDSA = "rsa", "ecdsa"
PEM = serialization.Encoding.PEM


def new_key(kind: str = RSA):
    if kind == ECDSA:
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(**parts: str) -> x509.Name:
    oids = {
        "cn": NameOID.COMMON_NAME,
        "surname": NameOID.SURNAME,
        "given": NameOID.GIVEN_NAME,
        "serial": NameOID.SERIAL_NUMBER,
        "o": NameOID.ORGANIZATION_NAME,
        "ou": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "c": NameOID.COUNTRY_NAME,
    }
    return x509.Name([x509.NameAttribute(oids[k], v) for k, v in parts.items() if v])


@dataclass
class Holder:
    """A key and its certificate, with the intermediates a signature carries."""

    key: object
    cert: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)
    label: str = ""

    def sign_cms(self, data: bytes, *, detached: bool = True, digest=None) -> str:
        """``data`` signed as CMS SignedData (signed attributes with messageDigest), base64 DER."""
        builder = pkcs7.PKCS7SignatureBuilder().set_data(data)
        builder = builder.add_signer(self.cert, self.key, digest or hashes.SHA256())
        for cert in self.chain:
            builder = builder.add_certificate(cert)
        options = [pkcs7.PKCS7Options.DetachedSignature] if detached else []
        return base64.b64encode(builder.sign(serialization.Encoding.DER, options)).decode()

    def sign_xml(self, challenge: bytes) -> str:
        """``<login><challenge>…</challenge></login>`` with an enveloped XML-DSig and the certificates."""
        root = etree.Element("login")
        etree.SubElement(root, "challenge").text = challenge.decode("ascii")
        method = (
            SignatureMethod.ECDSA_SHA256
            if isinstance(self.key, ec.EllipticCurvePrivateKey)
            else SignatureMethod.RSA_SHA256
        )
        key_pem = self.key.private_bytes(PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        certs = [c.public_bytes(PEM).decode() for c in (self.cert, *self.chain)]
        signed = XMLSigner(signature_algorithm=method).sign(root, key=key_pem, cert=certs)
        return etree.tostring(signed, encoding="unicode")


def _certificate(subject, key, issuer_name, issuer_key, *, ca: bool, days: int, start=None, usage=True):
    start = start or datetime.now(UTC) - timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if usage is not None:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=bool(usage) and not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    return builder.sign(issuer_key, hashes.SHA256())


class Pki:
    """A root and an intermediate CA; ``issue`` makes holder certificates under the intermediate."""

    def __init__(self, label: str = "Test", kind: str = RSA) -> None:
        self.root_key = new_key(kind)
        root_name = _name(cn=f"{label} Root CA", c="KZ")
        self.root = _certificate(root_name, self.root_key, root_name, self.root_key, ca=True, days=3650)
        self.intermediate_key = new_key(kind)
        self.intermediate = _certificate(
            _name(cn=f"{label} Intermediate CA", c="KZ"),
            self.intermediate_key,
            root_name,
            self.root_key,
            ca=True,
            days=1825,
        )

    @classmethod
    def from_keys(cls, root, root_key, intermediate, intermediate_key) -> Pki:
        pki = cls.__new__(cls)
        pki.root, pki.root_key = root, root_key
        pki.intermediate, pki.intermediate_key = intermediate, intermediate_key
        return pki

    def issue(
        self,
        iin: str,
        name: str,
        *,
        bin: str = "",
        organisation: str = "",
        kind: str = RSA,
        start: datetime | None = None,
        days: int = 365,
        usage: bool | None = True,
        serial_prefix: str = "IIN",
    ) -> Holder:
        """A holder certificate: CN ``name``, ``SERIALNUMBER=IIN<iin>``, a company also ``OU=BIN<bin>``."""
        surname = name.split()[0] if name else ""
        subject = _name(
            cn=name,
            surname=surname,
            serial=f"{serial_prefix}{iin}" if iin else "",
            c="KZ",
            o=organisation,
            ou=f"BIN{bin}" if bin else "",
        )
        key = new_key(kind)
        cert = _certificate(
            subject,
            key,
            self.intermediate.subject,
            self.intermediate_key,
            ca=False,
            days=days,
            start=start,
            usage=usage,
        )
        return Holder(key, cert, [self.intermediate], label=name)

    def root_pem(self) -> bytes:
        return self.root.public_bytes(PEM)

    def write_root(self, directory: Path) -> Path:
        path = Path(directory) / "root.pem"
        path.write_bytes(self.root_pem())
        return path


# -- the demo PKI on disk (seed_demo) ----------------------------------------------------------------------


def _key_pem(key) -> bytes:
    return key.private_bytes(PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _load_key(path: Path):
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def write_pki(pki: Pki, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "root.pem").write_bytes(pki.root.public_bytes(PEM))
    (directory / "root-key.pem").write_bytes(_key_pem(pki.root_key))
    (directory / "intermediate.pem").write_bytes(pki.intermediate.public_bytes(PEM))
    (directory / "intermediate-key.pem").write_bytes(_key_pem(pki.intermediate_key))


def read_pki(directory: Path) -> Pki | None:
    """The demo PKI written by ``write_pki``, or None when it is missing or no longer valid."""
    try:
        pki = Pki.from_keys(
            x509.load_pem_x509_certificate((directory / "root.pem").read_bytes()),
            _load_key(directory / "root-key.pem"),
            x509.load_pem_x509_certificate((directory / "intermediate.pem").read_bytes()),
            _load_key(directory / "intermediate-key.pem"),
        )
    except (OSError, ValueError):
        return None
    soon = datetime.now(UTC) + timedelta(days=30)
    return pki if pki.intermediate.not_valid_after_utc > soon else None


def write_holder(holder: Holder, directory: Path, slug: str) -> dict:
    (directory / f"{slug}.pem").write_bytes(holder.cert.public_bytes(PEM))
    (directory / f"{slug}-key.pem").write_bytes(_key_pem(holder.key))
    return {"slug": slug, "label": holder.label}


def read_holders(directory: Path) -> list[Holder]:
    """The demo holders listed in ``index.json``, with their keys (the demo signer uses them)."""
    try:
        index = json.loads((directory / "index.json").read_text(encoding="utf-8"))
        intermediate = x509.load_pem_x509_certificate((directory / "intermediate.pem").read_bytes())
        holders = []
        for entry in index:
            cert = x509.load_pem_x509_certificate((directory / f"{entry['slug']}.pem").read_bytes())
            key = _load_key(directory / f"{entry['slug']}-key.pem")
            holders.append(Holder(key, cert, [intermediate], label=entry["label"]))
    except (OSError, ValueError, KeyError):
        return []
    return holders
