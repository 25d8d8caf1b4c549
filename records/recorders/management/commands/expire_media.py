"""``manage.py expire_media``: the daily job that puts recordings whose retention ran out (point 12) on
their unit's disposal list.  Disposal itself needs the head's approval."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from records.recorders.evidence import expire_due_media


class Command(BaseCommand):
    help = "Put the body-camera recordings whose retention ran out on their unit's disposal list (daily)."

    def handle(self, *args, **options):
        count = expire_due_media()
        self.stdout.write(_("%(count)s recordings put on the disposal list.") % {"count": count})
