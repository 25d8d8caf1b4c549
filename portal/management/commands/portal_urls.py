from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from portal.demo import demo_users
from portal.site_setup import demo_applicant_lines


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return gettext("Print the portal's main URLs and the demo logins.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        base = f"http://{options['host']}:{options['port']}"
        lines = [
            (gettext("Home (Kazakh)"), f"{base}/kk/"),
            (gettext("Home (Russian)"), f"{base}/ru/"),
            (gettext("Legal acts"), f"{base}/kk/acts/"),
            (gettext("Search"), f"{base}/kk/search/"),
            (gettext("Admin"), f"{base}/admin/"),
            (gettext("Applications"), f"{base}/admin/records/applications/"),
            (gettext("Track an application"), f"{base}/kk/track/"),
            (gettext("File an application online"), f"{base}/kk/apply/"),
            (gettext("Applicant sign-in (EDS)"), f"{base}/kk/login/"),
            (gettext("API (OpenAPI)"), f"{base}/api/v1/schema/"),
            (gettext("Site map"), f"{base}/sitemap.xml"),
        ]
        for label, url in lines:
            self.stdout.write(f"{label:16} {url}")
        self.stdout.write(gettext("Logins (username / password / role):"))
        for demo in demo_users():
            self.stdout.write(f"  {demo.username:24} {demo.password:32} {demo.label}")
        for line in demo_applicant_lines():
            self.stdout.write(line)
