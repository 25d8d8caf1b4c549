"""Demo certificates (``seed_demo``): a demo PKI under ``RECORDS_EDS_DEMO_PKI`` (``var/demo_pki/``, not
committed) with certificates for demo applicants: two individuals and a company signed for by its director.
The login page offers them only where ``RECORDS_EDS_DEMO_SIGNER`` names that directory (development)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

from ..demo.data import COMPANIES, PEOPLE, demo_identifiers
from .subject import identity_of
from .testpki import ECDSA, RSA, Holder, Pki, read_holders, read_pki, write_holder, write_pki


def demo_directory() -> Path | None:
    path = getattr(settings, "RECORDS_EDS_DEMO_PKI", None)
    return Path(path) if path else None


def demo_signer_directory() -> Path | None:
    """The demo PKI the login page may sign with, or None (production, tests that do not ask for it)."""
    path = getattr(settings, "RECORDS_EDS_DEMO_SIGNER", "")
    return Path(path) if path else None


def demo_holders() -> list[Holder]:
    directory = demo_signer_directory()
    return read_holders(directory) if directory else []


def _holders(pki: Pki) -> list[tuple[str, Holder]]:
    identifiers = demo_identifiers()
    people = identifiers[: len(PEOPLE)]
    (_k1, iin1, name1), (_k2, iin2, name2), (_k3, director_iin, director) = people[:3]
    _kind, company_bin, company = identifiers[len(PEOPLE)]
    assert company == COMPANIES[0]
    return [
        ("applicant-1", pki.issue(iin1, name1, kind=RSA)),
        ("applicant-2", pki.issue(iin2, name2, kind=ECDSA)),
        (
            "company-1",
            pki.issue(director_iin, director, bin=company_bin, organisation=company, kind=RSA),
        ),
    ]


def ensure_demo_pki() -> list[str]:
    """Write the demo PKI and certificates unless valid ones are there (idempotent); the lines to print."""
    directory = demo_directory()
    if directory is None:
        return []
    pki = read_pki(directory)
    holders = read_holders(directory) if pki else []
    if pki is None or not holders:
        pki = Pki("Demo NCA")
        write_pki(pki, directory)
        index = []
        for slug, holder in _holders(pki):
            holder.label = _label(holder)
            index.append(write_holder(holder, directory, slug))
        (directory / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        holders = read_holders(directory)
    lines = [gettext("Demo EDS certificates (sign in at /kk/login/): %(path)s") % {"path": directory}]
    lines += [f"  {holder.label}" for holder in holders]
    return lines


def demo_login_lines() -> list[str]:
    """The demo applicants who can sign in (``portal_urls``); none where the login page offers no demo."""
    holders = demo_holders()
    if not holders:
        return []
    lines = [gettext("Demo applicants (sign in at /kk/login/ with the demo certificate button):")]
    return lines + [f"  {holder.label}" for holder in holders]


def _label(holder: Holder) -> str:
    identity = identity_of(holder.cert)
    if identity.bin:
        return f"{identity.organisation} (BIN {identity.bin}) — {identity.name} (IIN {identity.iin})"
    return f"{identity.name} (IIN {identity.iin})"
