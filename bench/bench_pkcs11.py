"""PAdES signatures with the key on a PKCS#11 token (a throw-away SoftHSM token) against the same key in a
PKCS#12 file, side by side in one run, alternating rounds (issue 16: one session per token and process, the
CMS written from parts prepared once).  Signing only (a one-page PDF; timestamp and validation data as in
production, the test PKI's in-process TSA), not rendering.

Needs Debian softhsm2 (`make setup`).  Usage: .venv/bin/python bench/bench_pkcs11.py [--docs 40] (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = Path(tempfile.mkdtemp(prefix="bench-pkcs11-"))
(_tmp / "tokens").mkdir()
(_tmp / "softhsm2.conf").write_text(f"directories.tokendir = {_tmp / 'tokens'}\nobjectstore.backend = file\n")
os.environ["SOFTHSM2_CONF"] = str(_tmp / "softhsm2.conf")  # before the module is loaded
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
os.environ["CERTIFICATES_TEST_PKI"] = str(_tmp / "test_pki")

import django  # noqa: E402

django.setup()

from cryptography.hazmat.primitives.serialization import Encoding, pkcs12  # noqa: E402
from django.conf import settings  # noqa: E402

from certificates import signing, testpki  # noqa: E402
from tests.certificates import test_pkcs11_signing as token  # noqa: E402
from tests.certificates.pki import unsigned_pdf  # noqa: E402


def _make_token(pki: Path) -> dict:
    token._util("--init-token", "--free", "--label", token.TOKEN, "--so-pin", "12345678", "--pin", token.PIN)
    key = pki / "keys" / "service.key.pem"
    token._util(
        "--import", str(key), "--token", token.TOKEN, "--label", "service", "--id", "01", "--pin", token.PIN
    )
    _, cert, chain = pkcs12.load_key_and_certificates((pki / "roles" / "service.p12").read_bytes(), None)
    token._write_certificates("service", [c.public_bytes(Encoding.DER) for c in (cert, *chain)])
    os.environ[token.PIN_ENV] = token.PIN
    return {
        "module": token.MODULE,
        "token_label": token.TOKEN,
        "key_label": "service",
        "pin_env": token.PIN_ENV,
    }


def _rate(keys: dict, pdf: bytes, count: int) -> float:
    settings.CERTIFICATES_SIGNING_KEYS = keys
    signing.reset()
    key = signing.key_for("service")
    signing.sign(pdf, key, page=0, box=(50, 50, 300, 120))  # keys, chains and sessions loaded
    start = time.perf_counter()
    for _ in range(count):
        signing.sign(pdf, key, page=0, box=(50, 50, 300, 120))
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pki = testpki.ensure(_tmp / "test_pki")
    for name, value in testpki.settings_for(pki).items():
        setattr(settings, name, value)
    configs = {
        "pkcs12": dict(settings.CERTIFICATES_SIGNING_KEYS),
        "pkcs11": {"*": {"pkcs11": _make_token(pki)}},
    }
    pdf = unsigned_pdf()
    rates: dict[str, list[float]] = {name: [] for name in configs}
    for _ in range(args.rounds):
        for name, keys in configs.items():
            rates[name].append(_rate(keys, pdf, args.docs))
    best = {name: round(max(values), 1) for name, values in rates.items()}
    print(
        json.dumps(
            {"signatures_per_second": best, "pkcs11_vs_pkcs12": round(best["pkcs11"] / best["pkcs12"], 2)}
        )
    )
    signing.reset()


if __name__ == "__main__":
    main()
