"""The test settings with the signing keys on a PKCS#11 token, as test_pkcs11_signing runs them in separate
``manage.py`` processes: the token's entry comes as JSON in PORTAL_TEST_PKCS11 (the SoftHSM token of the
test lives in its tmp_path)."""

import json
import os

from portal.settings.test import *  # noqa: F403

CERTIFICATES_SIGNING_KEYS = {"*": {"pkcs11": json.loads(os.environ["PORTAL_TEST_PKCS11"])}}
