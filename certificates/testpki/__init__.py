"""A throwaway test PKI for signing issued documents (certomancer, ``pki.yml``): a root CA, a signing CA with
an OCSP responder and CRLs, a time-stamping authority, one signing certificate per portal role (and the
service's own seal), a revoked and an expired one.

``ensure(directory)`` writes it once (keys, PKCS#12 files without passphrase, the root, the CRLs) for the
demo of ``make run`` and for the test settings; ``architecture(directory)`` is the certomancer model the
tests answer OCSP/CRL/TSA requests from (``certomancer.integrations.illusionist``).  Never trusted by
production settings: every document it signs says TEST PKI.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from catalogue.roles import Role

CONFIG = Path(__file__).with_name("pki.yml")
ARCH = "test"
SERVICE = "service"  # the portal's own seal: documents issued without a signing official
ROLES = (SERVICE, *(role.value for role in Role))
TSA = "tsa"
EXTRA_SIGNERS = ("revoked", "expired")  # for the tests: documents that must fail verification
DONE = "READY"  # written last: a directory without it is rebuilt


def role_label(role: str) -> str:
    return role if role in (SERVICE, *EXTRA_SIGNERS) else f"role-{role}"


def _config(directory: Path) -> dict:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    arch = config["pki-architectures"][ARCH]
    keys = config["keysets"]["test"]["keys"]
    for role in ROLES[1:]:
        label = role_label(role)
        keys[label] = {"path": f"{label}.key.pem"}
        arch["entities"][label] = {"common-name": f"TEST PKI signer: {role}"}
        arch["certs"][label] = {"template": SERVICE, "subject": label, "subject-key": label}
    return config


@cache
def architecture(directory: Path):
    """The certomancer PKI of ``directory`` (its keys must exist: ``ensure``)."""
    from certomancer.registry import CertomancerConfig

    config = CertomancerConfig(_config(directory), key_search_dir=str(directory))
    return config.get_pki_arch(ARCH)


def ensure(directory: Path | str) -> Path:
    """Write the PKI into ``directory`` unless it is complete; idempotent, safe against a concurrent writer
    (built in a temporary folder beside it and renamed into place)."""
    directory = Path(directory)
    if (directory / DONE).exists():
        return directory
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".pki-", dir=directory.parent))
    try:
        _write(building)
        if directory.exists() and not (directory / DONE).exists():
            shutil.rmtree(directory)  # an interrupted earlier build
        try:
            os.rename(building, directory)
        except OSError:  # another process finished first
            if not (directory / DONE).exists():
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    architecture.cache_clear()
    return directory


def _write(directory: Path) -> None:
    keys = directory / "keys"
    keys.mkdir(parents=True)
    config = _config(directory)
    for spec in config["keysets"]["test"]["keys"].values():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        (keys / spec["path"]).write_bytes(pem)
    from certomancer.registry import CertomancerConfig

    arch = CertomancerConfig(copy.deepcopy(config), key_search_dir=str(directory)).get_pki_arch(ARCH)
    (directory / "roles").mkdir()
    for role in (*ROLES, *EXTRA_SIGNERS):
        (directory / "roles" / f"{role}.p12").write_bytes(arch.package_pkcs12(role_label(role)))
    (directory / "tsa.p12").write_bytes(arch.package_pkcs12(TSA))
    (directory / "root.pem").write_bytes(_pem(arch.get_cert("root").dump()))
    (directory / "crl").mkdir()
    for repo in ("root", "interm"):
        (directory / "crl" / f"{repo}.crl").write_bytes(arch.service_registry.get_crl(repo).dump())
    (directory / "README.txt").write_text(
        "TEST PKI of the veterinary service portal (certificates.testpki): throwaway keys, no passphrase.\n"
        "Documents signed with it say TEST PKI and prove nothing.\n",
        encoding="utf-8",
    )
    (directory / DONE).write_text("ok\n")


def _pem(der: bytes) -> bytes:
    from asn1crypto import pem

    return pem.armor("CERTIFICATE", der)


def settings_for(directory: Path | str) -> dict:
    """The certificates settings of a PKI written by ``ensure`` (offline: local TSA, CRLs from disk)."""
    directory = Path(directory)
    return {
        "CERTIFICATES_SIGNING_KEYS": {"*": {"pkcs12": str(directory / "roles" / "{role}.p12")}},
        "CERTIFICATES_TRUST_ROOTS": [str(directory / "root.pem")],
        "CERTIFICATES_CRLS": [str(directory / "crl" / "root.crl"), str(directory / "crl" / "interm.crl")],
        "CERTIFICATES_TSA_LOCAL": {"pkcs12": str(directory / "tsa.p12")},
        "CERTIFICATES_REVOCATION_FETCH": False,
    }
