"""Wagtail pages for published legal acts, and the import provenance that lets editors audit repairs.

Tree: HomePage → ActIndexPage («acts») → LegalActPage → ApprovedDocumentPage → AppendixPage / HandbookPage.
The importer fills these pages through portal.publishing; editors change them through the moderated
workflow.  The public act and document pages are rendered by portal.rendering from the raw StreamField
data (cached per revision), not block by block.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from catalogue import SERVICE_CHOICES
from portal import blocks
from portal.procedure import PROCEDURE_BLOCKS

# A context keeps these apart from the generic "Order" (sorting) of other catalogues.
ACT_TYPE_CHOICES = [
    ("order", pgettext_lazy("legal act type", "Order")),
    ("resolution", pgettext_lazy("legal act type", "Resolution")),
    ("decree", pgettext_lazy("legal act type", "Decree")),
    ("law", pgettext_lazy("legal act type", "Law")),
    ("other", pgettext_lazy("legal act type", "Other act")),
]

STATUS_IN_FORCE = "in_force"
STATUS_REPEALED = "repealed"
STATUS_CHOICES = [(STATUS_IN_FORCE, _("In force")), (STATUS_REPEALED, _("Repealed"))]

DOCUMENT_KIND_CHOICES = [("rules", _("Rules")), ("regulation", _("Regulation"))]


class TypedChildRouteMixin:
    """Route to a child with one query: the child's page type is known, so no second `.specific` query
    (the act page must come out of the cache in a few milliseconds, routing included)."""

    child_page_model: type[Page] | None = None

    def route(self, request, path_components):
        model = self.child_page_model
        if not path_components or model is None:
            return super().route(request, path_components)
        try:
            child = model.objects.child_of(self).get(slug=path_components[0])
        except model.DoesNotExist:
            # A child of another type (the Plone archive section under the home page): Wagtail's routing.
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])


class CachedServeMixin:
    """Lets portal.page_cache keep the public HTML for anonymous readers (portal.rendering.serve_cached)."""

    def serve(self, request, *args, **kwargs):
        from portal.rendering import serve_cached

        parent_serve = super().serve
        return serve_cached(self, request, lambda: parent_serve(request, *args, **kwargs))


def _is_preview(request) -> bool:
    """Previews and revision views show unsaved content: never serve or store them from the cache."""
    return bool(getattr(request, "is_preview", False))


def _version_context(page, request) -> dict:
    """The versions panel, and with ?at= / ?compare= the past text (portal.version_pages, issue 17)."""
    from portal.version_pages import version_context

    return version_context(page, request)


class HomePage(TypedChildRouteMixin, Page):
    intro = RichTextField(blank=True, verbose_name=_("Introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["portal.ActIndexPage", "portal.ArchiveIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Home page")

    @property
    def child_page_model(self):
        return ActIndexPage

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["acts"] = LegalActPage.objects.live().public().order_by("-act_date", "code")
        context["acts_index"] = ActIndexPage.objects.live().first()
        return context


class ActIndexPage(TypedChildRouteMixin, Page):
    intro = models.TextField(blank=True, verbose_name=_("Introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.LegalActPage"]

    class Meta:
        verbose_name = _("List of legal acts")

    @property
    def child_page_model(self):
        return LegalActPage

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        acts = LegalActPage.objects.child_of(self).live().public().order_by("-act_date", "code")
        status = request.GET.get("status", "")
        if status in dict(STATUS_CHOICES):
            acts = acts.filter(status=status)
        else:
            status = ""
        context.update(acts=acts, status=status, status_choices=STATUS_CHOICES)
        return context


class LegalActPage(TypedChildRouteMixin, CachedServeMixin, Page):
    code = models.CharField(
        max_length=20,
        unique=True,
        verbose_name=_("Code"),
        help_text=_("Identity of the act in the import files, e.g. «000» or «003»."),
    )
    act_type = models.CharField(max_length=20, choices=ACT_TYPE_CHOICES, verbose_name=_("Type of act"))
    issuing_body = models.CharField(max_length=300, verbose_name=_("Issuing body"))
    act_date = models.DateField(null=True, blank=True, verbose_name=_("Date of the act"))
    number = models.CharField(max_length=50, blank=True, verbose_name=_("Number"))
    registering_body = models.CharField(max_length=300, blank=True, verbose_name=_("Registering body"))
    registration_date = models.DateField(null=True, blank=True, verbose_name=_("Registration date"))
    registration_number = models.CharField(max_length=50, blank=True, verbose_name=_("Registration number"))
    status = models.CharField(
        max_length=20,
        choices=STATUS_CHOICES,
        default=STATUS_IN_FORCE,
        verbose_name=_("Status"),
    )
    repealed_by = models.TextField(blank=True, verbose_name=_("Repealed by"))
    repealed_date = models.DateField(null=True, blank=True, verbose_name=_("Date of the repealing act"))
    stamp_number = models.CharField(
        max_length=50,
        blank=True,
        verbose_name=_("Number on the approval stamps"),
        help_text=_("Filled only when the stamps print a number different from the header."),
    )
    source_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("SHA-256 of the source file"))
    official_source_url = models.URLField(
        blank=True,
        verbose_name=_("Official source"),
        help_text=_("The act's address in the official legal-acts database, linked on the act page."),
    )
    body = StreamField(blocks.ACT_BODY_BLOCKS, blank=True, verbose_name=_("Text of the act"))
    # Not text of the act: the date an edited text enters into force, read when it is published (issue 17).
    amendment_in_force_from = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Changed text in force from"),
        help_text=_("The day the text published now enters into force; empty: the day it is published."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("act_type")]),
                FieldPanel("issuing_body"),
                FieldRowPanel([FieldPanel("act_date"), FieldPanel("number")]),
                FieldPanel("registering_body"),
                FieldRowPanel([FieldPanel("registration_date"), FieldPanel("registration_number")]),
                FieldPanel("stamp_number"),
            ],
            heading=_("Identity of the act"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("repealed_by"), FieldPanel("repealed_date")],
            heading=_("Status"),
        ),
        FieldPanel("amendment_in_force_from"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("source_sha256", read_only=True), FieldPanel("official_source_url")],
            heading=_("Source"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.SearchField("issuing_body"),
        index.FilterField("status"),
        index.FilterField("code"),
    ]
    parent_page_types = ["portal.ActIndexPage"]
    subpage_types = ["portal.ApprovedDocumentPage"]

    class Meta:
        verbose_name = _("Legal act")
        verbose_name_plural = _("Legal acts")

    @property
    def child_page_model(self):
        return ApprovedDocumentPage

    @property
    def is_repealed(self) -> bool:
        return self.status == STATUS_REPEALED

    def get_context(self, request, *args, **kwargs):
        from portal.rendering import render_act

        context = super().get_context(request, *args, **kwargs)
        # The regulations are their own pages; ?full=1 puts the whole act on one page (issue 17).
        full = request.GET.get("full") == "1"
        context["full"] = full
        context["rendered"] = render_act(self, use_cache=not _is_preview(request), full=full)
        context.update(_version_context(self, request))
        return context


class ApprovedDocumentPage(CachedServeMixin, Page):
    """Rules or a service regulation approved by the act (its parent page)."""

    document_kind = models.CharField(max_length=20, choices=DOCUMENT_KIND_CHOICES, verbose_name=_("Kind"))
    seq = models.PositiveSmallIntegerField(verbose_name=_("Order in the act"))
    anchor = models.CharField(max_length=80, blank=True, verbose_name=_("Anchor"))
    stamp = models.TextField(blank=True, verbose_name=_("Approval stamp"))
    full_title = models.TextField(blank=True, verbose_name=_("Full title"))
    body = StreamField(blocks.DOCUMENT_BODY_BLOCKS, blank=True, verbose_name=_("Text"))
    service_code = models.CharField(
        max_length=40,
        choices=SERVICE_CHOICES,
        blank=True,
        verbose_name=_("State service"),
    )
    procedure = StreamField(
        PROCEDURE_BLOCKS,
        blank=True,
        verbose_name=_("Procedure"),
        help_text=_("Steps, actors and time limits of the service, as printed in this regulation."),
    )
    # Not text of the act: the date an edited text enters into force, read when it is published (issue 17).
    amendment_in_force_from = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Changed text in force from"),
        help_text=_("The day the text published now enters into force; empty: the day it is published."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_kind"), FieldPanel("seq"), FieldPanel("anchor")]),
                FieldPanel("stamp"),
                FieldPanel("full_title"),
            ],
            heading=_("Document"),
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("service_code"), FieldPanel("procedure")], heading=_("State service")),
        FieldPanel("amendment_in_force_from"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("full_title"),
        index.SearchField("body"),
        index.FilterField("service_code"),
    ]
    parent_page_types = ["portal.LegalActPage"]
    subpage_types = ["portal.AppendixPage", "portal.HandbookPage"]

    class Meta:
        verbose_name = _("Approved document")
        verbose_name_plural = _("Approved documents")

    def get_context(self, request, *args, **kwargs):
        from portal.rendering import render_document_page

        context = super().get_context(request, *args, **kwargs)
        context["act"] = self.get_parent().specific
        context["rendered"] = render_document_page(self, use_cache=not _is_preview(request))
        context["handbook_page"] = HandbookPage.objects.child_of(self).live().first()
        context.update(_version_context(self, request))
        return context


class AppendixPage(CachedServeMixin, Page):
    seq = models.PositiveSmallIntegerField(verbose_name=_("Order in the document"))
    number = models.CharField(max_length=20, blank=True, verbose_name=_("Number"))
    anchor = models.CharField(max_length=80, blank=True, verbose_name=_("Anchor"))
    stamp = models.TextField(blank=True, verbose_name=_("Stamp"))
    appendix_title = models.TextField(blank=True, verbose_name=_("Title of the appendix"))
    form_label = models.CharField(max_length=100, blank=True, verbose_name=_("Form label"))
    body = StreamField(blocks.APPENDIX_BODY_BLOCKS, blank=True, verbose_name=_("Text"))
    columns = StreamField(
        blocks.JOURNAL_COLUMN_BLOCKS,
        blank=True,
        verbose_name=_("Columns of the journal table"),
    )
    blank_rows = models.PositiveSmallIntegerField(
        default=12,
        verbose_name=_("Empty rows of the printed form"),
    )
    graphics_missing = models.BooleanField(
        default=False,
        verbose_name=_("Graphics missing"),
        help_text=_("The source lost the diagram or table graphics of this appendix."),
    )
    missing_in_source = models.BooleanField(
        default=False,
        verbose_name=_("Missing in the source"),
        help_text=_("The whole appendix is absent from the published source text."),
    )
    # Not text of the act: the date an edited text enters into force, read when it is published (issue 17).
    amendment_in_force_from = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Changed text in force from"),
        help_text=_("The day the text published now enters into force; empty: the day it is published."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("seq"), FieldPanel("number"), FieldPanel("anchor")]),
                FieldPanel("stamp"),
                FieldPanel("appendix_title"),
                FieldPanel("form_label"),
            ],
            heading=_("Appendix"),
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("columns"), FieldPanel("blank_rows")], heading=_("Form table")),
        MultiFieldPanel(
            [FieldPanel("graphics_missing"), FieldPanel("missing_in_source")],
            heading=_("Source defects"),
        ),
        FieldPanel("amendment_in_force_from"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("appendix_title"),
        index.SearchField("body"),
        index.SearchField("columns"),
    ]
    parent_page_types = ["portal.ApprovedDocumentPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Appendix")
        verbose_name_plural = _("Appendices")

    def get_context(self, request, *args, **kwargs):
        from portal.rendering import render_appendix_page

        context = super().get_context(request, *args, **kwargs)
        document = self.get_parent().specific
        context.update(document=document, act=document.get_parent().specific)
        context["rendered"] = render_appendix_page(self)
        return context


class HandbookPage(CachedServeMixin, Page):
    """The business-process handbook that the regulation only names (its graphics were lost)."""

    intro = RichTextField(blank=True, verbose_name=_("Introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["portal.ApprovedDocumentPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Business-process handbook")
        verbose_name_plural = _("Business-process handbooks")

    def get_context(self, request, *args, **kwargs):
        from portal.handbook import handbook_context

        context = super().get_context(request, *args, **kwargs)
        document = self.get_parent().specific
        context.update(document=document, act=document.get_parent().specific)
        code = getattr(document, "service_code", "")
        if code:
            context.update(handbook_context(code, page=document))
        return context


class ActImport(models.Model):
    """One run of the importer over one source file."""

    act = models.ForeignKey(
        LegalActPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
        verbose_name=_("Act"),
    )
    source_name = models.CharField(max_length=255, verbose_name=_("File name"))
    source_sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    imported_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Imported by"),
    )
    counts = models.JSONField(default=dict, blank=True, verbose_name=_("Counts"))
    draft = models.BooleanField(
        default=False,
        verbose_name=_("Draft"),
        help_text=_("Unseen act with heuristic repairs: saved as a draft for review, not published."),
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("Act import")
        verbose_name_plural = _("Act imports")

    def __str__(self) -> str:
        if self.imported_at is None:
            return self.source_name
        return f"{self.source_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class ImportedNode(models.Model):
    """Provenance of one text node: the raw extracted text next to the published, repaired text."""

    act = models.ForeignKey(
        LegalActPage,
        on_delete=models.CASCADE,
        related_name="imported_nodes",
        verbose_name=_("Act"),
    )
    act_import = models.ForeignKey(
        ActImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nodes",
        verbose_name=_("Import"),
    )
    seq = models.PositiveIntegerField(verbose_name=_("Order in the act"))
    anchor = models.CharField(max_length=80, blank=True, verbose_name=_("Anchor"))
    kind = models.CharField(max_length=30, verbose_name=_("Kind"))
    number = models.CharField(max_length=20, blank=True, verbose_name=_("Printed number"))
    raw_text = models.TextField(verbose_name=_("Raw text"))
    repaired_text = models.TextField(verbose_name=_("Repaired text"))
    repairs = models.JSONField(default=list, blank=True, verbose_name=_("Repairs"))
    first_line = models.PositiveIntegerField(verbose_name=_("First source line"))
    last_line = models.PositiveIntegerField(verbose_name=_("Last source line"))
    needs_review = models.BooleanField(default=False, verbose_name=_("Needs review"))

    class Meta:
        ordering = ["act", "seq"]
        verbose_name = _("Imported text node")
        verbose_name_plural = _("Imported text nodes")
        constraints = [
            models.UniqueConstraint(fields=["act", "seq"], name="portal_importednode_unique_seq"),
            models.UniqueConstraint(
                fields=["act", "anchor"],
                condition=~Q(anchor=""),
                name="portal_importednode_unique_anchor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.anchor or self.kind} (L{self.first_line}–{self.last_line})"

    @property
    def repaired(self) -> bool:
        return bool(self.repairs)

    @admin.display(description=_("Act"))
    def act_code(self) -> str:
        return self.act.code

    @admin.display(description=_("Repaired text"))
    def text_preview(self) -> str:
        return self.repaired_text if len(self.repaired_text) <= 90 else self.repaired_text[:89] + "…"

    @admin.display(description=_("Rules applied"))
    def repair_rules(self) -> str:
        return ", ".join(dict.fromkeys(r.get("rule", "") for r in self.repairs))


# The Plone import (issue 15): its pages and provenance live in their own module.
from portal.plone.extra_models import ArchiveComment, ArchiveRelatedItem  # noqa: E402, F401
from portal.plone.models import ArchiveIndexPage, ArchivePage, PloneProvenance  # noqa: E402, F401

# Work and expressions (issue 17): dated versions of an act and the acts that amend or repeal it.
from portal.version_models import ActRelation, ActVersion  # noqa: E402, F401
