"""The digital storage device (деректерді сақтаудың цифрлық құрылғысы, points 6, 11–13): stored recordings,
their retention, disposal, release to inspectors, and the log of every access.

``MediaRecord`` (DOMAIN §1.8.4) describes one stored file: its content is kept once under its SHA-256
(``blobs.py``) and never changed (point 6).  Retention runs from the upload: 1 year, 5 years for recordings
linked to an administrative offence or an inspection (point 12).  An expired record goes on the disposal
list; a ``DisposalAct`` approved by the head removes the files and keeps what was removed, when, by whom
and why.  A ``ReleaseRequest`` (DOMAIN §1.8.5, point 13) gives an inspector a copy with the head's
permission.  ``MediaAccess`` logs every view, download and release.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from catalogue.roles import Role

from .equipment import Equipment
from .fsm import Condition, step
from .journal import JournalEntry, _NoDelete, _user_fk
from .units import TerritorialUnit

RP, HEAD, INSP = Role.RESPONSIBLE_PERSON, Role.HEAD, Role.INSPECTOR


class MediaQuerySet(models.QuerySet):
    def delete(self):
        raise models.ProtectedError(_("Stored recordings are never deleted; they are disposed of."), set())

    def with_keep_until(self) -> MediaQuerySet:
        return self.annotate(keep_until=Coalesce("extended_until", "retain_until"))

    def live(self) -> MediaQuerySet:
        return self.exclude(state=MediaRecord.State.DESTROYED)


class MediaRecord(ConcurrentTransitionMixin, _NoDelete):
    class State(models.TextChoices):
        STORED = "stored", _("Stored")
        EXTENDED = "retention_extended", _("Kept for 5 years")
        EXPIRED = "retention_expired", _("Retention expired: on the disposal list")
        DESTROYED = "destroyed", _("Disposed of")

    class Category(models.TextChoices):
        NONE = "", _("General (1 year)")
        OFFENCE = "administrative_offence", _("Administrative offence (5 years)")
        INSPECTION = "inspection", _("Inspection (5 years)")

    unit = models.ForeignKey(
        TerritorialUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("journal row"), on_delete=models.PROTECT, related_name="media"
    )
    recorder = models.ForeignKey(
        Equipment, verbose_name=_("recorder"), on_delete=models.PROTECT, related_name="+"
    )
    card = models.ForeignKey(
        Equipment, verbose_name=_("memory card"), on_delete=models.PROTECT, related_name="+"
    )
    inspector = _user_fk(_("inspector"), null=False)
    inspector_name = models.CharField(_("inspector"), max_length=255)
    original_name = models.CharField(_("file name on the card"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    recorded_from = models.DateTimeField(_("recorded from"))
    recorded_to = models.DateTimeField(_("recorded to"))
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = _user_fk(_("uploaded by"), null=False)
    retain_until = models.DateField(_("kept until (1 year)"))
    state = FSMField(_("state"), max_length=30, choices=State.choices, default=State.STORED, protected=True)
    category = models.CharField(_("linked to"), max_length=30, choices=Category.choices, blank=True)
    case_reference = models.CharField(_("protocol or act number"), max_length=100, blank=True)
    extended_until = models.DateField(_("kept until (5 years)"), null=True, blank=True)
    extended_at = models.DateTimeField(_("linked at"), null=True, blank=True)
    extended_by = _user_fk(_("linked by"))
    expired_at = models.DateTimeField(_("put on the disposal list at"), null=True, blank=True)
    disposal = models.ForeignKey(
        "DisposalAct",
        verbose_name=_("disposal act"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destroyed_at = models.DateTimeField(_("files removed at"), null=True, blank=True)

    objects = MediaQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "recorded_from", "pk"]
        verbose_name = _("stored recording")
        verbose_name_plural = _("stored recordings")
        constraints = [
            # A card's file is stored once per journal row, however often the upload is repeated.
            models.UniqueConstraint(fields=["entry", "sha256"], name="recorders_media_once_per_row"),
        ]
        indexes = [models.Index(fields=["unit", "state"], name="recorders_media_unit_state")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]}…)"

    @property
    def keep_until(self) -> date:
        return self.extended_until or self.retain_until

    @step(
        source=(State.STORED, State.EXPIRED),
        target=State.EXTENDED,
        roles=(RP, HEAD),
        label=_("Link to an offence or inspection (5 years)"),
        conditions=[
            Condition(
                lambda m: not m.pending_disposal(),
                _("The recording is on a disposal act awaiting the head's decision; reject that act first."),
            )
        ],
    )
    def extend_retention(self, *, category: str, reference: str, until: date, now, user) -> None:
        self.category = category
        self.case_reference = reference
        self.extended_until = until
        self.extended_at = now
        self.extended_by = user

    @step(
        source=(State.STORED, State.EXTENDED),
        target=State.EXPIRED,
        roles=(RP, HEAD),
        label=_("Retention expired"),
    )
    def expire(self, *, now) -> None:
        self.expired_at = now

    @step(source=State.EXPIRED, target=State.DESTROYED, roles=(HEAD,), label=_("Dispose of"))
    def destroy(self, *, act: DisposalAct, now) -> None:
        self.disposal = act
        self.destroyed_at = now

    def pending_disposal(self) -> bool:
        return DisposalItem.objects.filter(media=self, act__state=DisposalAct.State.PROPOSED).exists()


class MediaAccess(_NoDelete):
    """One access to a stored recording (append-only)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        RELEASE = "release", _("Released to an inspector")

    media = models.ForeignKey(
        MediaRecord, verbose_name=_("recording"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        TerritorialUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    user = _user_fk(_("user"), null=False)
    user_name = models.CharField(_("user"), max_length=255)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("at"))
    release = models.ForeignKey(
        "ReleaseRequest",
        verbose_name=_("release"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to a recording")
        verbose_name_plural = _("accesses to recordings")


class DisposalAct(ConcurrentTransitionMixin, _NoDelete):
    """The disposal record: what was removed (its items), when, who proposed and approved it, and why."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting the head's approval")
        APPROVED = "approved", _("Approved: files removed")
        REJECTED = "rejected", _("Rejected")

    unit = models.ForeignKey(
        TerritorialUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(_("state"), max_length=20, choices=State.choices, default=State.PROPOSED, protected=True)
    reason = models.TextField(_("reason"))
    proposed_at = models.DateTimeField(_("proposed at"))
    proposed_by = _user_fk(_("proposed by"), null=False)
    proposed_by_name = models.CharField(_("proposed by"), max_length=255)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = _user_fk(_("decided by"))
    decided_by_name = models.CharField(_("decided by"), max_length=255, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    files_removed_at = models.DateTimeField(_("files removed at"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("disposal act")
        verbose_name_plural = _("disposal acts")

    def __str__(self) -> str:
        return f"{self.pk}: {self.get_state_display()}"

    @step(source=State.PROPOSED, target=State.APPROVED, roles=(HEAD,), label=_("Approve the disposal"))
    def approve(self, *, now, user, name: str, note: str) -> None:
        self._decide(now, user, name, note)

    @step(source=State.PROPOSED, target=State.REJECTED, roles=(HEAD,), label=_("Reject the disposal"))
    def reject(self, *, now, user, name: str, note: str) -> None:
        self._decide(now, user, name, note)

    def _decide(self, now, user, name: str, note: str) -> None:
        self.decided_at = now
        self.decided_by = user
        self.decided_by_name = name
        self.decision_note = note


class DisposalItem(_NoDelete):
    """One recording of a disposal act, with what identified it (kept after its file is gone)."""

    act = models.ForeignKey(
        DisposalAct, verbose_name=_("disposal act"), on_delete=models.PROTECT, related_name="items"
    )
    media = models.ForeignKey(
        MediaRecord, verbose_name=_("recording"), on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(_("file name on the card"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    inspector_name = models.CharField(_("inspector"), max_length=255)
    recorded_from = models.DateTimeField(_("recorded from"))
    recorded_to = models.DateTimeField(_("recorded to"))
    uploaded_at = models.DateTimeField(_("uploaded at"))
    keep_until = models.DateField(_("kept until"))

    class Meta:
        ordering = ["act", "pk"]
        verbose_name = _("disposed recording")
        verbose_name_plural = _("disposed recordings")


class ReleaseRequest(ConcurrentTransitionMixin, _NoDelete):
    """An inspector's request for copies of stored recordings (point 13): the head permits, the responsible
    person releases."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting the head's decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RELEASED = "released", _("Released")

    unit = models.ForeignKey(
        TerritorialUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    inspector = _user_fk(_("inspector"), null=False)
    inspector_name = models.CharField(_("inspector"), max_length=255)
    purpose = models.TextField(_("service purpose (point 3)"))
    requested_at = models.DateTimeField(_("requested at"))
    state = FSMField(
        _("state"), max_length=20, choices=State.choices, default=State.REQUESTED, protected=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = _user_fk(_("decided by"))
    decided_by_name = models.CharField(_("decided by"), max_length=255, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = _user_fk(_("released by"))
    access_until = models.DateTimeField(_("copies available until"), null=True, blank=True)
    media = models.ManyToManyField(
        MediaRecord, verbose_name=_("recordings"), through="ReleaseItem", related_name="releases"
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("release request")
        verbose_name_plural = _("release requests")

    def __str__(self) -> str:
        return f"{self.inspector_name}: {self.get_state_display()}"

    @step(source=State.REQUESTED, target=State.APPROVED, roles=(HEAD,), label=_("Permit the release"))
    def approve(self, *, now, user, name: str, note: str) -> None:
        self._decide(now, user, name, note)

    @step(source=State.REQUESTED, target=State.REJECTED, roles=(HEAD,), label=_("Refuse the release"))
    def reject(self, *, now, user, name: str, note: str) -> None:
        self._decide(now, user, name, note)

    @step(source=State.APPROVED, target=State.RELEASED, roles=(RP,), label=_("Release the copies"))
    def release(self, *, now, user, access_until) -> None:
        self.released_at = now
        self.released_by = user
        self.access_until = access_until

    def _decide(self, now, user, name: str, note: str) -> None:
        self.decided_at = now
        self.decided_by = user
        self.decided_by_name = name
        self.decision_note = note


class ReleaseItem(_NoDelete):
    request = models.ForeignKey(
        ReleaseRequest, verbose_name=_("release request"), on_delete=models.PROTECT, related_name="items"
    )
    media = models.ForeignKey(
        MediaRecord, verbose_name=_("recording"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("released recording")
        verbose_name_plural = _("released recordings")
        constraints = [
            models.UniqueConstraint(fields=["request", "media"], name="recorders_release_item_once")
        ]
