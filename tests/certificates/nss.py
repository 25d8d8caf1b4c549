"""poppler's pdfsig against an NSS database that trusts the test PKI's root (Debian libnss3-tools' certutil).

pdfsig (NSS) checks the signer's certificate at its OCSP responder (the AIA URL, http://pki.test/…) and
poppler 22 reports any error NSS met on the way, even when the chain verified (it reads PORT_GetError()
without looking at the result: "Unknown issue with Certificate").  So a "trusted" verdict needs the OCSP
responder to answer: ``trusted_run`` runs pdfsig in a private user, mount and network namespace
(``unshare -rmn``) where pki.test is 127.0.0.1 and certomancer's Animator answers on port 80 (this file, run
as a script inside it).  Nothing outside the namespace changes.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import sys
import threading
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def make_database(directory: Path, root_pem: Path) -> Path:
    """A new NSS database trusting ``root_pem`` to issue signing certificates ("C,C,C": poppler checks
    the S/MIME signer usage, which "C,," alone, trust for TLS servers, does not give)."""
    directory.mkdir(parents=True, exist_ok=True)
    db = f"sql:{directory}"
    subprocess.run(["certutil", "-N", "-d", db, "--empty-password"], check=True, capture_output=True)
    subprocess.run(
        ["certutil", "-A", "-d", db, "-n", "TEST PKI root", "-t", "C,C,C", "-i", str(root_pem)],
        check=True,
        capture_output=True,
    )
    return directory


def pdfsig(nssdir: Path, pdf: Path) -> str:
    return subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nssdir}", str(pdf)], capture_output=True, text=True, timeout=60
    ).stdout


def namespaces_available() -> bool:
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False
    probe = subprocess.run(["unshare", "-rmn", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


def trusted_run(pki: Path, nssdir: Path, pdf: Path, scratch: Path) -> str:
    """pdfsig's report of ``pdf`` with the test PKI's OCSP responder online (see the module's docstring)."""
    hosts = scratch / "hosts"
    hosts.write_text("127.0.0.1 localhost pki.test\n")
    done = subprocess.run(
        ["unshare", "-rmn", sys.executable, __file__, str(pki), str(hosts), str(nssdir), str(pdf)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _ocsp_get_as_post(app):
    """NSS asks OCSP by GET (RFC 6960 A.1) first; Animator answers POST only."""

    def wsgi(environ, start_response):
        path = environ.get("RAW_URI") or environ.get("PATH_INFO", "")
        if environ["REQUEST_METHOD"] == "GET" and "/ocsp/" in path:
            before, _, rest = path.partition("/ocsp/")
            name, _, encoded = rest.partition("/")
            body = base64.b64decode(urllib.parse.unquote(encoded))
            environ = dict(environ, REQUEST_METHOD="POST", PATH_INFO=f"{before}/ocsp/{name}")
            environ.update(CONTENT_LENGTH=str(len(body)), CONTENT_TYPE="application/ocsp-request")
            environ["wsgi.input"] = io.BytesIO(body)
        return app(environ, start_response)

    return wsgi


def _inside_namespace(pki: str, hosts: str, nssdir: str, pdf: str) -> None:
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import ArchLabel
    from werkzeug.serving import make_server

    sys.path.insert(0, str(ROOT))
    from certificates import testpki

    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["mount", "--bind", hosts, "/etc/hosts"], check=True)
    arch = testpki.architecture(Path(pki))
    # Whole seconds: NSS refuses an OCSP answer whose times carry fractions of a second.
    now = datetime.now(UTC).replace(microsecond=0)
    app = Animator(AnimatorArchStore({ArchLabel(testpki.ARCH): arch}), with_web_ui=False, at_time=now)
    server = make_server("127.0.0.1", 80, _ocsp_get_as_post(app))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(pdfsig(Path(nssdir), Path(pdf)))
    server.shutdown()


if __name__ == "__main__":
    _inside_namespace(*sys.argv[1:5])
