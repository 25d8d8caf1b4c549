"""Settings of bench_act_pages.py: the demo's, without debug (no query log), plus the stock page app and a
static directory holding the cached act page as a plain file."""

import os

from portal.settings.dev import *  # noqa: F403

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "bench.stock_page"]  # noqa: F405
STATICFILES_DIRS = [os.environ["BENCH_STATIC_DIR"]]
WHITENOISE_AUTOREFRESH = False  # as in production: the files are indexed once, at start
