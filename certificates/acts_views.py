"""GET /<lang>/pdf/acts/<code>.pdf: the PDF of a published act (certificates.acts_pdf), public.

Typesetting act 003 takes a fraction of a second, yet a link on every act page invites crawlers: the bytes are
kept in the cache until a page of the act is published again (portal.akn_views.subtree_version).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from certificates.acts_pdf import render_act_pdf
from portal.act_tree import act_tree
from portal.akn_views import subtree_version
from portal.models import LegalActPage

CACHE_PREFIX = "certificates:act-pdf:v1"


def act_pdf_bytes(act: LegalActPage) -> bytes:
    key = f"{CACHE_PREFIX}:{act.pk}:{subtree_version(act)}"
    data = cache.get(key)
    if data is None:
        with translation.override(settings.LANGUAGE_CODE):  # the printed address: the Kazakh page
            source_url = f"{settings.PORTAL_BASE_URL.rstrip('/')}{act.get_url() or ''}"
        data = render_act_pdf(act_tree(act), source_url)
        cache.set(key, data)
    return data


@require_safe
def act_pdf(request: HttpRequest, code: str) -> HttpResponse:
    act = LegalActPage.objects.live().public().filter(code=code).first()
    if act is None:
        raise Http404("No published act has this code.")
    response = HttpResponse(act_pdf_bytes(act), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="act-{act.code}.pdf"'
    response["Cache-Control"] = "public, max-age=300"
    return response
