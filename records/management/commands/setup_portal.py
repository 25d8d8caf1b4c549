from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from portal.staff import WORKFLOW_NAME, setup_portal
from records.setup import setup_records


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return gettext("Create the site, role groups, page permissions and the approval workflow.")

    def handle(self, *args, **options):
        result = setup_portal()
        setup_records()
        self.stdout.write(
            gettext("Site ready: acts page %(page)s, workflow «%(name)s» (%(id)s).")
            % {
                "page": result["acts_page_id"],
                "name": WORKFLOW_NAME,
                "id": result["workflow_id"],
            }
        )
