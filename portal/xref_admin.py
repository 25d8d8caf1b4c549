"""The Wagtail admin report of cross-references left as plain text (Reports → Cross-references to
review): references to another act, unscoped or ambiguous numbers, and targets that do not exist.
Computed from the live texts on each request (a few hundred points), so it never goes stale."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView

from portal import xrefs
from portal.cite_views import _walk

REASONS = {
    xrefs.OTHER_ACT: _("Another act (for example the service standard or a law)"),
    xrefs.UNSCOPED: _("Does not say which document it means"),
    xrefs.AMBIGUOUS: _("The number is printed on more than one point"),
    xrefs.MISSING: _("No such point or appendix in this document"),
}


@dataclass(frozen=True)
class ReviewRow:
    page: object
    anchor: str
    text: str
    reason: str
    url: str


def _document_rows(page, raw: list[dict], doc_prefix: str, appendices: dict[str, str]) -> Iterator[ReviewRow]:
    values = list(_walk(raw))
    anchors = {v["anchor"] for v in values if v.get("anchor")}
    url = page.get_url() or ""
    for value in values:
        for ref in xrefs.find_references(
            value.get("text") or "", doc_prefix=doc_prefix, anchors=anchors, appendices=appendices
        ):
            if ref.status != xrefs.CERTAIN:
                anchor = value.get("anchor") or ""
                yield ReviewRow(page, anchor, ref.text, str(REASONS[ref.status]), f"{url}#{anchor}")


def unresolved_references() -> list[ReviewRow]:
    """Every reference of the live acts and documents that is not linked, in page order."""
    from portal.models import AppendixPage, ApprovedDocumentPage, LegalActPage

    rows: list[ReviewRow] = []
    for act in LegalActPage.objects.live().order_by("path"):
        rows += _document_rows(act, act.body.raw_data, "", {})
        for doc in ApprovedDocumentPage.objects.child_of(act).live().order_by("path"):
            appendices = {
                a.number or str(a.seq): a.get_url() or "" for a in AppendixPage.objects.child_of(doc).live()
            }
            rows += _document_rows(doc, doc.body.raw_data, doc.anchor or f"d{doc.seq}", appendices)
    return rows


class CrossReferenceReportView(ReportView):
    page_title = _("Cross-references to review")
    header_icon = "link"
    index_url_name = "portal_xref_report"
    index_results_url_name = "portal_xref_report_results"
    results_template_name = "portal/admin/xref_report_results.html"
    paginate_by = 100

    def get_queryset(self):
        return unresolved_references()


@hooks.register("register_admin_urls")
def register_xref_report_urls():
    view = CrossReferenceReportView.as_view
    return [
        path("reports/cross-references/", view(), name="portal_xref_report"),
        path("reports/cross-references/results/", view(results_only=True), name="portal_xref_report_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_xref_report_menu_item():
    return MenuItem(
        _("Cross-references to review"),
        reverse("portal_xref_report"),
        name="cross-references",
        icon_name="link",
    )
