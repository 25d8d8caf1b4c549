"""Licences for veterinary activity (service 6) as records of their own (DOMAIN §3.8, [proposal]).

* A licence or an annex (``kind``) is ``active`` when issued.  An annex belongs to a licence (``parent``).
* A re-issue creates the next version (same number, ``version + 1``, ``previous`` → the old one) and moves
  the old version to ``superseded``; re-issuing a licence carries its active annexes over to the new version.
* A duplicate (телнұсқа) is a ``LicenceDuplicate`` row: the licence itself does not change.

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


def issue_new(app, ctx: TransitionContext) -> Licence:
    """A new licence, or a new annex to ``app.licence`` when the application asked for an annex."""
    parent = app.licence
    if parent is not None:
        seq = next_number(f"annex:{parent.number}", 0)
        number, kind = f"{parent.number}/{seq:02d}", Licence.ANNEX
    else:
        year = calendar.local_date(ctx.now).year
        number, kind = f"L-{year}-{next_number('licence', year):05d}", Licence.LICENCE
    licence = Licence.objects.create(
        kind=kind,
        number=number,
        holder=app.applicant,
        parent=parent,
        activity=app.details.get("activity", ""),
        application=app,
        issued_at=ctx.now,
    )
    _log(licence, "issue", "", ctx)
    return licence


def reissue(app, ctx: TransitionContext) -> Licence:
    """The next version of ``app.licence`` (and of its active annexes); the old versions are superseded."""
    old = Licence.objects.select_for_update().get(pk=app.licence_id)
    activity = app.details.get("new_activity") or old.activity
    new = _next_version(old, app, ctx, parent=_current(old.parent), activity=activity)
    for annex in old.annexes.filter(state=ACTIVE):
        _next_version(annex, app, ctx, parent=new, activity=annex.activity)
    return new


def _next_version(
    old: Licence, app, ctx: TransitionContext, *, parent: Licence | None, activity: str
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
    _log(new, "reissue", "", ctx, previous=old.pk)
    return new


def _current(licence: Licence | None) -> Licence | None:
    """The latest version of ``licence`` (an annex re-issued alone hangs under its licence's latest)."""
    while licence is not None and hasattr(licence, "next_version"):
        licence = licence.next_version
    return licence


def duplicate(app, ctx: TransitionContext) -> LicenceDuplicate:
    licence = Licence.objects.select_for_update().get(pk=app.licence_id)  # numbers duplicates one at a time
    seq = licence.duplicates.count() + 1
    copy = LicenceDuplicate.objects.create(licence=licence, seq=seq, application=app, issued_at=ctx.now)
    append_transition(
        licence,
        transition="duplicate",
        from_state=licence.state,
        to_state=licence.state,
        actor=ctx.user,
        data={"application": app.pk, "duplicate": seq},
    )
    return copy
