"""The demo settings as the shared-limits tests run them under gunicorn: the same limits, a day-long window so
that a burst of requests never straddles two windows (which would reset the count mid-test)."""

from portal.settings.dev import *  # noqa: F403

DAY = 24 * 60 * 60
RECORDS_TRACKER_RATE = (10, DAY)
CERTIFICATE_VERIFY_RATE = (30, DAY)
