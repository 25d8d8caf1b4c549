from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from portal.site_setup import set_up_site
from portal.staff import WORKFLOW_NAME


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return gettext("Create the site, role groups, page permissions and the approval workflow.")

    def handle(self, *args, **options):
        result = set_up_site()
        self.stdout.write(
            gettext("Site ready: acts page %(page)s, workflow «%(name)s» (%(id)s).")
            % {
                "page": result["acts_page_id"],
                "name": WORKFLOW_NAME,
                "id": result["workflow_id"],
            }
        )
