"""Work and expressions: an act (the work, LegalActPage) has dated versions (expressions), and acts amend
or repeal one another with an effective date.

A version points at the Wagtail revisions that hold its text (the act's, and its documents' and
appendices'), so an old text is never copied: it is the revision that was published then.  Dates the
importer computed rather than read are flagged *inferred* until an editor confirms them in the admin.
"""

from __future__ import annotations

from datetime import date

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import STATUS_CHOICES, STATUS_IN_FORCE, LegalActPage

KIND_AMENDS = "amends"
KIND_REPEALS = "repeals"
RELATION_KINDS = [(KIND_AMENDS, _("Amends")), (KIND_REPEALS, _("Repeals"))]


class ActVersion(models.Model):
    """One expression of an act: its text as in force from one date to another."""

    act = models.ForeignKey(
        LegalActPage, on_delete=models.CASCADE, related_name="versions", verbose_name=_("Act")
    )
    number = models.PositiveIntegerField(verbose_name=_("Version number"))
    version_date = models.DateField(
        verbose_name=_("Date of the version"),
        help_text=_("The date of the act, or of the act that amended it into this text."),
    )
    version_date_inferred = models.BooleanField(default=False, verbose_name=_("Date of the version inferred"))
    status = models.CharField(
        max_length=20, choices=STATUS_CHOICES, default=STATUS_IN_FORCE, verbose_name=_("Status")
    )
    in_force_from = models.DateField(null=True, blank=True, verbose_name=_("In force from"))
    in_force_from_inferred = models.BooleanField(default=False, verbose_name=_("«In force from» inferred"))
    in_force_to = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("In force until"),
        help_text=_("The last day this text was in force; empty while it still is."),
    )
    in_force_to_inferred = models.BooleanField(default=False, verbose_name=_("«In force until» inferred"))
    # RESTRICT: purging old revisions must not silently drop a past version's text; deleting the act
    # (which deletes its revisions and versions together) is still allowed.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("Revision of the act page"),
    )
    page_revisions = models.JSONField(
        default=dict,
        blank=True,
        verbose_name=_("Revisions of the documents"),
        help_text=_("Page id → revision id of every approved document and appendix in this version."),
    )
    content_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("SHA-256 of the text"))
    note = models.TextField(blank=True, verbose_name=_("Note"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Recorded at"))

    class Meta:
        ordering = ["act", "number"]
        verbose_name = _("Version of an act")
        verbose_name_plural = _("Versions of acts")
        constraints = [
            models.UniqueConstraint(fields=["act", "number"], name="portal_actversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.act.code} v{self.number} ({self.version_date:%Y-%m-%d})"

    @admin.display(description=_("Inferred dates"), boolean=True)
    def has_inferred(self) -> bool:
        return self.version_date_inferred or self.in_force_from_inferred or self.in_force_to_inferred

    def covers(self, day: date) -> bool:
        start = self.in_force_from or self.version_date
        return start <= day and (self.in_force_to is None or day <= self.in_force_to)


class ActRelation(models.Model):
    """One act amends or repeals another, with effect from a date.  The acting act is linked when it is
    among the imported acts; otherwise its citation (and the official source link, when known) stands."""

    kind = models.CharField(max_length=20, choices=RELATION_KINDS, verbose_name=_("Kind"))
    source_act = models.ForeignKey(
        LegalActPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing_relations",
        verbose_name=_("Amending or repealing act"),
    )
    source_citation = models.TextField(
        blank=True, verbose_name=_("Citation of the amending or repealing act")
    )
    source_date = models.DateField(
        null=True, blank=True, verbose_name=_("Date of the amending or repealing act")
    )
    source_number = models.CharField(
        max_length=50, blank=True, verbose_name=_("Number of the amending or repealing act")
    )
    source_url = models.URLField(blank=True, verbose_name=_("Official source"))
    target_act = models.ForeignKey(
        LegalActPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incoming_relations",
        verbose_name=_("Amended or repealed act"),
    )
    target_citation = models.TextField(blank=True, verbose_name=_("Citation of the amended or repealed act"))
    target_date = models.DateField(
        null=True, blank=True, verbose_name=_("Date of the amended or repealed act")
    )
    target_number = models.CharField(
        max_length=50, blank=True, verbose_name=_("Number of the amended or repealed act")
    )
    effective_date = models.DateField(null=True, blank=True, verbose_name=_("Effective date"))
    effective_date_inferred = models.BooleanField(default=False, verbose_name=_("Effective date inferred"))
    clause = models.TextField(blank=True, verbose_name=_("Clause on the effective date"))

    class Meta:
        ordering = ["effective_date", "id"]
        verbose_name = _("Amendment or repeal")
        verbose_name_plural = _("Amendments and repeals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_act=None, source_citation="") & ~Q(target_act=None, target_citation=""),
                name="portal_actrelation_names_both_acts",
            )
        ]

    def __str__(self) -> str:
        source = self.source_act.code if self.source_act_id else self.source_citation
        target = self.target_act.code if self.target_act_id else self.target_citation
        return f"{source} {self.kind} {target}"

    def clean(self) -> None:
        errors = {}
        if self.source_act_id is None and not self.source_citation.strip():
            errors["source_citation"] = _("Choose the amending or repealing act or write its citation.")
        if self.target_act_id is None and not self.target_citation.strip():
            errors["target_citation"] = _("Choose the amended or repealed act or write its citation.")
        if errors:
            raise ValidationError(errors)
