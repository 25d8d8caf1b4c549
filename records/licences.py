"""Licences for veterinary activity (service 6) as records of their own (DOMAIN §3.8, [proposal]).

* A licence or an annex (``kind``) is ``active`` when issued.  An annex belongs to a licence (``parent``).
* A re-issue creates the next version (same number, ``version + 1``, ``previous`` → the old one) and moves
  the old version to ``superseded``; re-issuing a licence carries its active annexes over to the new version.
* A duplicate (телнұсқа) is a ``LicenceDuplicate`` row: the licence itself does not change (its document
  does: the duplicate replaces the original document, records.result_documents).
* Filed while a re-issue is in progress (docs/decisions.md, issue 14): an annex, a duplicate or another
  re-issue filed against a version that a re-issue has superseded by the time it is handed over applies to
  the licence's *current* version (``current``): the annex hangs under it, the duplicate copies it, the
  re-issue makes the next version of it.  So no application waits on a version that can never be active.
* Numbers: ``records.licence_numbers`` (one form everywhere).

The records are written by the hand-over of a licence application, inside its transaction; each change is
appended to the audit log under the licence's own record type.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from catalogue.roles import Role

from . import calendar
from .audit import append_transition
from .licence_numbers import annex_number, licence_number
from .numbering import next_number
from .transitions import RolePermission, TransitionContext

ACTIVE, SUPERSEDED = "active", "superseded"


class Licence(ConcurrentTransitionMixin, models.Model):
    LICENCE, ANNEX = "licence", "annex"
    KIND_CHOICES = [(LICENCE, _("Licence")), (ANNEX, _("Annex to a licence"))]
    STATE_CHOICES = [(ACTIVE, _("Active")), (SUPERSEDED, _("Superseded by a re-issue"))]

    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES, default=LICENCE)
    number = models.CharField(_("number"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    holder = models.ForeignKey(
        "records.Applicant", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="licences"
    )
    activity = models.TextField(_("activity"))  # the kind of veterinary activity, as applied for (Kazakh)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("licence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annexes",
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("re-issue of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    application = models.ForeignKey(
        "records.Application",
        verbose_name=_("issued on application"),
        on_delete=models.PROTECT,
        related_name="issued_licences",
    )
    issued_at = models.DateTimeField(_("issued at"))
    state = FSMField(_("state"), max_length=20, choices=STATE_CHOICES, default=ACTIVE, protected=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["number", "version"]
        constraints = [models.UniqueConstraint(fields=["number", "version"], name="records_licence_version")]

    def __str__(self) -> str:
        return f"{self.number} v{self.version}" if self.version > 1 else self.number

    @transition(field=state, source=ACTIVE, target=SUPERSEDED, permission=RolePermission(Role.OFFICE))
    def supersede(self, at) -> None:
        self.superseded_at = at


class LicenceDuplicate(models.Model):
    licence = models.ForeignKey(
        Licence, verbose_name=_("licence"), on_delete=models.PROTECT, related_name="duplicates"
    )
    seq = models.PositiveSmallIntegerField(_("duplicate number"))
    application = models.OneToOneField(
        "records.Application",
        verbose_name=_("issued on application"),
        on_delete=models.PROTECT,
        related_name="licence_duplicate",
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("licence duplicate")
        verbose_name_plural = _("licence duplicates")
        constraints = [models.UniqueConstraint(fields=["licence", "seq"], name="records_licence_dup_seq")]

    def __str__(self) -> str:
        return f"{self.licence} ({_('duplicate')} {self.seq})"


def _log(licence: Licence, transition_name: str, from_state: str, ctx: TransitionContext, **data) -> None:
    append_transition(
        licence,
        transition=transition_name,
        from_state=from_state,
        to_state=licence.state,
        actor=ctx.user,
        data={"application": licence.application_id, **data},
    )


def current(licence: Licence | None) -> Licence | None:
    """The latest version of ``licence`` (the one in force, unless a re-issue is being written)."""
    while licence is not None and hasattr(licence, "next_version"):
        licence = licence.next_version
    return licence


def concerned(app) -> Licence | None:
    """The current version of the licence an application names, locked for the rest of the transaction
    (a concurrent re-issue of the same licence waits here, then sees the version it made)."""
    if app.licence_id is None:
        return None
    locked = Licence.objects.select_for_update().get(pk=current(app.licence).pk)
    return current(locked)


def issue_new(app, ctx: TransitionContext) -> Licence:
    """A new licence, or a new annex to the current version of ``app.licence`` when the application asked
    for an annex."""
    parent = concerned(app)
    if parent is not None:
        number, kind = annex_number(parent.number, next_number(f"annex:{parent.number}", 0)), Licence.ANNEX
    else:
        year = calendar.local_date(ctx.now).year
        number, kind = licence_number(year, next_number("licence", year)), Licence.LICENCE
    licence = Licence.objects.create(
        kind=kind,
        number=number,
        holder=app.applicant,
        parent=parent,
        activity=app.details.get("activity", ""),
        application=app,
        issued_at=ctx.now,
    )
    _log(licence, "issue", "", ctx, **_filed_against(app, parent))
    app.licence = parent
    return licence


def reissue(app, ctx: TransitionContext) -> Licence:
    """The next version of the current version of ``app.licence`` (and of its active annexes); the old
    versions are superseded."""
    old = concerned(app)
    filed_against = _filed_against(app, old)
    app.licence = old  # the application names the version it re-issued (result documents read it)
    activity = app.details.get("new_activity") or old.activity
    new = _next_version(old, app, ctx, parent=current(old.parent), activity=activity, **filed_against)
    for annex in old.annexes.filter(state=ACTIVE):
        _next_version(annex, app, ctx, parent=new, activity=annex.activity)
    return new


def _filed_against(app, licence: Licence | None) -> dict:
    """For the audit: the version the application was filed against, when a re-issue superseded it."""
    if licence is None or app.licence_id in (None, licence.pk):
        return {}
    return {"filed_against": app.licence_id}


def _next_version(
    old: Licence, app, ctx: TransitionContext, *, parent: Licence | None, activity: str, **data
) -> Licence:
    old.supersede(ctx.now)
    old.save()  # ConcurrentTransitionMixin: a concurrent re-issue of the same version fails here
    _log(old, "supersede", ACTIVE, ctx)
    new = Licence.objects.create(
        kind=old.kind,
        number=old.number,
        version=old.version + 1,
        holder=old.holder,
        activity=activity,
        parent=parent,
        previous=old,
        application=app,
        issued_at=ctx.now,
    )
    _log(new, "reissue", "", ctx, previous=old.pk, **data)
    return new


def duplicate(app, ctx: TransitionContext) -> LicenceDuplicate:
    """A duplicate of the current version of ``app.licence``, numbered per version."""
    licence = concerned(app)  # locked: numbers duplicates one at a time
    seq = licence.duplicates.count() + 1
    copy = LicenceDuplicate.objects.create(licence=licence, seq=seq, application=app, issued_at=ctx.now)
    append_transition(
        licence,
        transition="duplicate",
        from_state=licence.state,
        to_state=licence.state,
        actor=ctx.user,
        data={"application": app.pk, "duplicate": seq, **_filed_against(app, licence)},
    )
    app.licence = licence
    return copy
