"""The pages Plone content becomes, and the provenance that keys the import by Plone UID.

Imported from portal.models (Django finds a model only in its app's models module).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class ArchiveIndexPage(Page):
    """A Plone folder (and the «Мұрағат / Архив» section that holds the whole imported tree)."""

    links_translations = True  # the language switch leads to its translation (portal_tags.language_links)

    intro = models.TextField(blank=True, verbose_name=_("Introduction"))
    # Plone's default page of the folder: the folder's address showed that document, so this page shows
    # its text (portal.plone.defaultpages).
    default_page = models.ForeignKey(
        "portal.ArchivePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Default page"),
        help_text=_("The page whose text this section shows, as the Plone folder did."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("default_page")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["portal.HomePage", "portal.ArchiveIndexPage", "portal.ArchivePage"]
    subpage_types = ["portal.ArchiveIndexPage", "portal.ArchivePage"]

    class Meta:
        verbose_name = _("Archive section")
        verbose_name_plural = _("Archive sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Tree order: the Plone folder's order (export_ordering.json) is the order of the children.
        children = self.get_children().live().public()
        default = self.default_page if self.default_page_id and self.default_page.live else None
        context["children"] = children.exclude(pk=default.pk) if default else children
        context["default_page"] = default
        return context


class ArchivePage(Page):
    """A Plone Document or News Item: its description and its rich text."""

    links_translations = True  # the language switch leads to its translation (portal_tags.language_links)

    intro = models.TextField(blank=True, verbose_name=_("Introduction"))
    body = RichTextField(blank=True, verbose_name=_("Text"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("related_items", label=_("Related items")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["portal.ArchiveIndexPage", "portal.ArchivePage"]
    subpage_types = ["portal.ArchiveIndexPage", "portal.ArchivePage"]

    class Meta:
        verbose_name = _("Archive page")
        verbose_name_plural = _("Archive pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = [item for item in self.related_items.all() if item.is_public()]
        context["comments"] = self.plone_comments.all()
        return context


class PloneProvenance(models.Model):
    """One Plone item and what it became: the key of re-runs (UID) and the old address of redirects."""

    uid = models.CharField(max_length=64, unique=True, verbose_name=_("Plone UID"))
    old_path = models.CharField(max_length=1000, db_index=True, verbose_name=_("Old path"))
    portal_type = models.CharField(max_length=100, verbose_name=_("Plone type"))
    review_state = models.CharField(max_length=100, blank=True, verbose_name=_("Plone review state"))
    language = models.CharField(max_length=10, blank=True, verbose_name=_("Language"))
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Target type"),
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True, verbose_name=_("Target id"))
    item_sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256 of the item"))
    blob_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("SHA-256 of the file"))
    created = models.DateTimeField(null=True, blank=True, verbose_name=_("Created in Plone"))
    modified = models.DateTimeField(null=True, blank=True, verbose_name=_("Modified in Plone"))
    effective = models.DateTimeField(null=True, blank=True, verbose_name=_("Published in Plone"))
    links_pending = models.BooleanField(
        default=False,
        verbose_name=_("Links pending"),
        help_text=_("The text still holds links to Plone items that were not imported."),
    )
    imported_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Imported at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("Updated at"))

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("Plone item")
        verbose_name_plural = _("Plone items")
        indexes = [models.Index(fields=["target_type", "target_id"], name="portal_plone_target_idx")]

    def __str__(self) -> str:
        return f"{self.old_path} ({self.portal_type})"
