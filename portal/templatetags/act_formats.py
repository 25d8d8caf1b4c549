"""The addresses of an act's open formats (Akoma Ntoso XML, JSON, PDF) for the act and regulation pages."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from portal.acts_api import akn_path, pdf_path

register = template.Library()


@register.simple_tag
def act_format_links(act) -> dict[str, str]:
    try:
        json_url = reverse("records_api:act", kwargs={"code": act.code})
    except NoReverseMatch:  # the API (records) is not installed: no JSON link
        json_url = ""
    return {"akn": akn_path(act), "json": json_url, "pdf": pdf_path(act)}
