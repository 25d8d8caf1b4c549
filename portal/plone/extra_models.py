"""What an imported page carries besides its text: Plone's related items and its archive of comments.

Imported from portal.models (Django finds a model only in its app's models module).
"""

from __future__ import annotations

import nh3
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable, Page

COMMENT_TAGS = {"p", "br", "a", "em", "strong", "i", "b", "ul", "ol", "li", "blockquote", "code"}


def clean_comment_html(text: str) -> str:
    """A comment's HTML reduced to a few harmless tags (links without scripts, marked nofollow)."""
    return nh3.clean(text, tags=COMMENT_TAGS, attributes={"a": {"href"}}, link_rel="nofollow noopener")


class ArchiveRelatedItem(Orderable):
    """One of Plone's `relatedItems` of a page: another imported page or a file."""

    page = ParentalKey(
        "portal.ArchivePage", on_delete=models.CASCADE, related_name="related_items", verbose_name=_("Page")
    )
    # Orderable's own field carries no label of ours: every model field label is translated.
    sort_order = models.IntegerField(null=True, blank=True, editable=False, verbose_name=_("Order"))
    link_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Page"),
    )
    link_document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Document"),
    )

    panels = [FieldPanel("link_page"), FieldPanel("link_document")]

    class Meta(Orderable.Meta):
        verbose_name = _("Related item")
        verbose_name_plural = _("Related items")

    def is_public(self) -> bool:
        """Readers see a related page only while it is live and public; a file always (it has a URL)."""
        if self.link_page_id:
            return self.link_page.live and not self.link_page.get_view_restrictions().exists()
        return self.link_document_id is not None

    @property
    def title(self) -> str:
        target = self.link_page or self.link_document
        return target.title if target else ""

    @property
    def url(self) -> str:
        if self.link_page_id:
            return self.link_page.url or ""
        return self.link_document.url if self.link_document_id else ""


class ArchiveComment(models.Model):
    """One public comment of the old site, kept read-only as an archive (no form edits or adds one)."""

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="plone_comments", verbose_name=_("Page")
    )
    comment_id = models.CharField(max_length=64, verbose_name=_("Plone comment id"))
    in_reply_to = models.CharField(max_length=64, blank=True, verbose_name=_("In reply to"))
    author_name = models.CharField(max_length=255, blank=True, verbose_name=_("Author"))
    created = models.DateTimeField(null=True, blank=True, verbose_name=_("Written at"))
    text = models.TextField(verbose_name=_("Text"), help_text=_("Cleaned HTML."))

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("Archived comment")
        verbose_name_plural = _("Archived comments")
        constraints = [
            models.UniqueConstraint(fields=["page", "comment_id"], name="portal_archivecomment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.author_name} ({self.created:%Y-%m-%d})" if self.created else self.author_name

    @property
    def safe_text(self) -> SafeString:
        """Cleaned when imported, cleaned again when shown: the page never trusts a stored string."""
        return mark_safe(clean_comment_html(self.text))  # noqa: S308 — nh3 has just cleaned it
