"""After `manage.py import_plone` has ended, another process finds the imported pages through Wagtail's
search (the bulk path indexes them once per batch instead of at every save) and a valid page tree."""

from __future__ import annotations

import json

from .conftest import DOC_KK, DOC_PENDING, DOC_RU, SITE
from .test_command_process import _manage

PROBE = """
import json
from wagtail.models import Page
from portal.models import ArchivePage, PloneProvenance
def uids(pages):
    ids = [p.pk for p in pages]
    return sorted(PloneProvenance.objects.filter(target_id__in=ids, target_type__model="archivepage")
                  .values_list("uid", flat=True))
print(json.dumps({
    "body": uids(Page.objects.live().search("тіліндегі")),
    "ru": uids(ArchivePage.objects.live().search("Казахская")),
    "draft": uids(ArchivePage.objects.search("Тексеруде")),
    "problems": [len(found) for found in Page.find_problems()],
}))
"""


def test_the_imported_pages_are_found_by_search_from_another_process(tmp_path):
    assert _manage(tmp_path, "migrate", "--no-input", "-v", "0").returncode == 0
    done = _manage(tmp_path, "import_plone", str(SITE), "--no-progress", "--report", str(tmp_path / "r.json"),
                   "--checkpoint", str(tmp_path / "c.json"))  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    probe = _manage(tmp_path, "shell", "-c", PROBE)
    assert probe.returncode == 0, probe.stderr[-3000:]
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    assert found == {"body": [DOC_KK], "ru": [DOC_RU], "draft": [DOC_PENDING], "problems": [0, 0, 0, 0, 0]}
