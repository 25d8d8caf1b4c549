"""The accounting journal (есепке алу журналы, point 8 and the appendix form): books and their rows.

A ``JournalEntry`` is one row: one recorder and its card issued to one inspector for one working day
(DOMAIN §1.8.3).  Its eight columns (headed by ``catalogue.journal.COLUMN_HEADINGS``) are filled at the
moments the act describes and never overwritten:

    1 Р/с №                         ``serial``                 at issue
    2 inventory numbers              ``inventory_numbers``      at issue
    3 inspector's full name          ``inspector_name``         at issue
    4 received: date, time, signature ``issued_at`` + ``issue_signed_at`` (the inspector's own confirmation)
    5 handed back: date, time, signature ``returned_at`` + ``return_signed_at``
    6 uploaded: date and time        ``uploaded_at``
    7 responsible person: name, signature ``signed_off_name`` + ``signed_off_at`` (when the row is closed)
    8 note                           ``JournalNote`` rows and the «Түзетілді» notes of ``Correction`` rows

Database triggers (``guards.py``) refuse deleting a row and changing a column once it is filled; a
correction is a new ``Correction`` row that keeps the old value (printed struck through).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from catalogue.roles import Role

from .equipment import Equipment
from .fsm import Condition, UnitRolePermission, step
from .units import TerritorialUnit, is_member

RP, HEAD, INSP = Role.RESPONSIBLE_PERSON, Role.HEAD, Role.INSPECTOR
OFFICE = Role.OFFICE


class NoDeleteQuerySet(models.QuerySet):
    def delete(self):
        raise models.ProtectedError(_("Journal records are never deleted (point 10)."), set())


class _NoDelete(models.Model):
    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Journal records are never deleted (point 10)."), {self})


def _user_fk(verbose_name, *, null: bool = True) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name="+",
    )


# -- books -------------------------------------------------------------------------------------------------


class JournalBook(ConcurrentTransitionMixin, _NoDelete):
    """A journal book (DOMAIN §1.8.1): registered at the unit's office with its pages numbered, stitched and
    sealed and the page-count certification written on the last page (point 10), opened, closed."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REGISTERED = "registered", _("Registered")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    unit = models.ForeignKey(
        TerritorialUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="journal_books"
    )
    number = models.CharField(_("book number"), max_length=20)
    state = FSMField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, protected=True)
    created_at = models.DateTimeField(_("created at"))
    page_count = models.PositiveIntegerField(_("pages numbered, stitched and sealed"), null=True, blank=True)
    registration_number = models.CharField(_("office registration number"), max_length=40, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    registered_by = _user_fk(_("registered by"))
    opened_at = models.DateTimeField(_("started"), null=True, blank=True)
    opened_by = _user_fk(_("opened by"))
    closed_at = models.DateTimeField(_("finished"), null=True, blank=True)
    closed_by = _user_fk(_("closed by"))

    class Meta:
        ordering = ["unit", "created_at"]
        verbose_name = _("journal book")
        verbose_name_plural = _("journal books")
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="recorders_book_number_per_unit"),
            # DOMAIN §1.8.1 [proposal]: one open book per unit, so that a row's serial number is unambiguous.
            models.UniqueConstraint(
                fields=["unit"], condition=Q(state="open"), name="recorders_one_open_book_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — № {self.number}"

    @property
    def certification(self) -> str:
        """The page-count certification of point 10, as written in the paper book."""
        count = self.page_count if self.page_count else "___"
        return f"Осы журналда {count} парақ нөмірленді, тігілді және мөрмен бекемделді"

    @step(source=State.DRAFT, target=State.REGISTERED, roles=(OFFICE, RP), label=_("Register at the office"))
    def register_in_office(self, *, page_count: int, registration_number: str, now, user) -> None:
        self.page_count = page_count
        self.registration_number = registration_number
        self.registered_at = now
        self.registered_by = user

    @step(source=State.REGISTERED, target=State.OPEN, roles=(RP,), label=_("Open the book"))
    def open(self, *, now, user) -> None:
        self.opened_at = now
        self.opened_by = user

    @step(
        source=State.OPEN,
        target=State.CLOSED,
        roles=(RP,),
        label=_("Close the book"),
        conditions=[
            Condition(
                lambda b: not b.entries.exclude(state__in=JournalEntry.FINAL_STATES).exists(),
                _("Every row must be closed first (returned, uploaded, card wiped and signed)."),
            )
        ],
    )
    def close(self, *, now, user) -> None:
        self.closed_at = now
        self.closed_by = user


# -- rows --------------------------------------------------------------------------------------------------


class OwnEntryPermission(UnitRolePermission):
    """The unit's responsible person, or the inspector holding this row's recorder."""

    def __call__(self, instance, user) -> bool:
        if is_member(user, instance.unit_id, *(self.roles - {INSP})):
            return True
        return (
            INSP in self.roles
            and instance.inspector_id == user.pk
            and is_member(user, instance.unit_id, INSP)
        )


def _own_step(*, source, target, label, roles=(RP, INSP), conditions=()):
    return step(
        source=source,
        target=target,
        roles=roles,
        label=label,
        conditions=conditions,
        permission=OwnEntryPermission,
    )


class JournalEntry(ConcurrentTransitionMixin, _NoDelete):
    class State(models.TextChoices):
        ISSUED = "issued", _("Issued")
        RECORDING = "recording", _("Recording")
        PAUSED_MEAL = "paused_meal", _("Paused for a meal")
        MALFUNCTION = "malfunction_reported", _("Failure reported")
        RETURNED = "returned", _("Returned, upload pending")
        UPLOADED = "uploaded", _("Uploaded")
        CARD_CLEARED = "card_cleared", _("Card wiped")
        CLOSED = "closed", _("Closed")
        LOST_OR_DAMAGED = "lost_or_damaged", _("Lost or damaged")

    OUT_STATES = (State.ISSUED, State.RECORDING, State.PAUSED_MEAL, State.MALFUNCTION)
    FINAL_STATES = (State.CLOSED, State.LOST_OR_DAMAGED)

    book = models.ForeignKey(
        JournalBook, verbose_name=_("book"), on_delete=models.PROTECT, related_name="entries"
    )
    unit = models.ForeignKey(
        TerritorialUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    serial = models.PositiveIntegerField(_("row number"))  # column 1
    recorder = models.ForeignKey(
        Equipment, verbose_name=_("recorder"), on_delete=models.PROTECT, related_name="+"
    )
    card = models.ForeignKey(
        Equipment, verbose_name=_("memory card"), on_delete=models.PROTECT, related_name="+"
    )
    inventory_numbers = models.CharField(_("inventory numbers"), max_length=100)  # column 2
    seal_number = models.CharField(_("seal number"), max_length=40)
    inspector = _user_fk(_("inspector"), null=False)
    inspector_name = models.CharField(_("inspector"), max_length=255)  # column 3
    issued_at = models.DateTimeField(_("received at"))  # column 4
    issue_signed_at = models.DateTimeField(_("inspector signed for it at"))  # column 4's signature
    issued_by = _user_fk(_("issued by"), null=False)
    clock_set_at = models.DateTimeField(_("date and time set on the recorder at"))  # point 5
    return_due_at = models.DateTimeField(_("to be returned by"))  # end of the working day (point 22)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces row"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacement",
    )
    state = FSMField(_("state"), max_length=30, choices=State.choices, default=State.ISSUED, protected=True)
    recording_started_at = models.DateTimeField(_("recording started at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("handed back at"), null=True, blank=True)  # column 5
    return_signed_at = models.DateTimeField(_("inspector signed the hand-back at"), null=True, blank=True)
    received_back_by = _user_fk(_("received back by"))
    upload_due_at = models.DateTimeField(_("to be uploaded by"), null=True, blank=True)  # point 11
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)  # column 6
    uploaded_by = _user_fk(_("uploaded by"))
    upload_verified_at = models.DateTimeField(_("upload verified at"), null=True, blank=True)
    card_cleared_at = models.DateTimeField(_("card wiped at"), null=True, blank=True)
    signed_off_by = _user_fk(_("responsible person"))
    signed_off_name = models.CharField(_("responsible person"), max_length=255, blank=True)  # column 7
    signed_off_at = models.DateTimeField(_("responsible person signed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("loss or damage reported at"), null=True, blank=True)

    class Meta:
        ordering = ["book", "serial"]
        verbose_name = _("journal row")
        verbose_name_plural = _("journal rows")
        constraints = [
            models.UniqueConstraint(fields=["book", "serial"], name="recorders_entry_serial_per_book"),
        ]
        indexes = [
            models.Index(fields=["unit", "state"], name="recorders_entry_unit_state"),
            models.Index(fields=["inspector", "state"], name="recorders_entry_inspector"),
        ]

    def __str__(self) -> str:
        return f"№ {self.serial} — {self.inspector_name} — {self.inventory_numbers}"

    # -- transitions (the service layer does the equipment, notes and files around them) ----------------

    @_own_step(source=State.ISSUED, target=State.RECORDING, label=_("Start recording"))
    def start_recording(self, *, now) -> None:
        self.recording_started_at = now

    @_own_step(source=State.RECORDING, target=State.PAUSED_MEAL, label=_("Pause for a meal"))
    def pause_for_meal(self) -> None:
        pass

    @_own_step(source=State.PAUSED_MEAL, target=State.RECORDING, label=_("Resume after the meal"))
    def resume_after_meal(self) -> None:
        pass

    @_own_step(source=State.RECORDING, target=State.MALFUNCTION, label=_("Report a failure"))
    def report_malfunction(self) -> None:
        pass

    @_own_step(source=State.MALFUNCTION, target=State.RECORDING, label=_("Failure removed"))
    def resolve_malfunction(self) -> None:
        pass

    @step(source=State.MALFUNCTION, target=State.RETURNED, roles=(RP,), label=_("Replace the recorder"))
    def replace_recorder(self, *, now, user, upload_due_at) -> None:
        self._hand_back(now, user, upload_due_at)

    @step(
        source=(State.ISSUED, State.RECORDING),
        target=State.RETURNED,
        roles=(RP,),
        label=_("Take back"),
    )
    def return_equipment(self, *, now, user, upload_due_at) -> None:
        self._hand_back(now, user, upload_due_at)

    def _hand_back(self, now, user, upload_due_at) -> None:
        self.returned_at = now
        self.return_signed_at = now
        self.received_back_by = user
        self.upload_due_at = upload_due_at

    @step(source=State.RETURNED, target=State.UPLOADED, roles=(RP,), label=_("Upload the recordings"))
    def upload(self, *, now, user) -> None:
        self.uploaded_at = now
        self.uploaded_by = user

    @step(
        source=State.UPLOADED,
        target=State.UPLOADED,
        roles=(RP,),
        label=_("Verify the upload"),
        conditions=[Condition(lambda e: e.upload_verified_at is None, _("The upload is already verified."))],
    )
    def verify_upload(self, *, now) -> None:
        self.upload_verified_at = now

    @step(
        source=State.UPLOADED,
        target=State.CARD_CLEARED,
        roles=(RP,),
        label=_("Wipe the card"),
        conditions=[
            Condition(
                lambda e: e.upload_verified_at is not None,
                _("The card may be wiped only after the upload is verified (points 5 and 18)."),
            )
        ],
    )
    def clear_card(self, *, now) -> None:
        self.card_cleared_at = now

    @step(source=State.CARD_CLEARED, target=State.CLOSED, roles=(RP,), label=_("Sign and close the row"))
    def close(self, *, now, user, name: str) -> None:
        self.signed_off_by = user
        self.signed_off_name = name
        self.signed_off_at = now

    @_own_step(
        source=(State.ISSUED, State.RECORDING, State.PAUSED_MEAL, State.MALFUNCTION),
        target=State.LOST_OR_DAMAGED,
        label=_("Report loss or damage"),
    )
    def report_loss_or_damage(self, *, now) -> None:
        self.ended_at = now

    # -- reading --------------------------------------------------------------------------------------------

    @property
    def is_out(self) -> bool:
        return self.state in self.OUT_STATES

    def flags(self, now) -> list[str]:
        """Monitoring flags (DOMAIN §1.8.3): return_overdue, upload_overdue, uploaded_late and
        unexplained_gap."""
        from .flags import entry_flags

        return entry_flags(self, now)


class JournalNote(_NoDelete):
    """One note in column 8 «Ескертпе»: a meal pause (point 19), a failure and replacement (point 20), a loss
    or damage (point 22), a broken seal, or the responsible person's own remark."""

    class Kind(models.TextChoices):
        MEAL_PAUSE = "meal_pause", _("Meal pause")
        MALFUNCTION = "malfunction", _("Failure")
        REPLACEMENT = "replacement", _("Replacement")
        LOSS = "loss", _("Loss or damage")
        SEAL = "seal", _("Seal")
        REMARK = "remark", _("Remark")

    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("row"), on_delete=models.PROTECT, related_name="notes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))  # Kazakh: the journal's content language
    written_at = models.DateTimeField(_("written at"))
    written_by = _user_fk(_("written by"), null=False)
    written_by_name = models.CharField(_("written by"), max_length=255)

    class Meta:
        ordering = ["entry", "written_at", "pk"]
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")

    def __str__(self) -> str:
        return self.text


class MealPause(_NoDelete):
    """A meal pause (point 19): the times the inspector spoke aloud on the recording, then the note."""

    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("row"), on_delete=models.PROTECT, related_name="pauses"
    )
    paused_at = models.DateTimeField(_("paused at (as spoken)"))
    pause_reported_at = models.DateTimeField(_("pause reported at"))
    reported_by = _user_fk(_("reported by"), null=False)
    resumed_at = models.DateTimeField(_("resumed at (as spoken)"), null=True, blank=True)
    resume_reported_at = models.DateTimeField(_("resumption reported at"), null=True, blank=True)
    note = models.OneToOneField(
        JournalNote, verbose_name=_("note"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["entry", "paused_at"]
        verbose_name = _("meal pause")
        verbose_name_plural = _("meal pauses")

    def __str__(self) -> str:
        return (
            f"{self.paused_at:%H:%M}–{self.resumed_at:%H:%M}"
            if self.resumed_at
            else f"{self.paused_at:%H:%M}–"
        )


class Malfunction(_NoDelete):
    """A failure of the recorder or card (point 20), reported at once to the head and the responsible
    person."""

    class Outcome(models.TextChoices):
        REMOVED = "removed", _("Cause removed")
        REPLACED = "replaced", _("Recorder replaced")

    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("row"), on_delete=models.PROTECT, related_name="malfunctions"
    )
    cause = models.TextField(_("cause of the failure"))
    failed_at = models.DateTimeField(_("failed at"))
    reported_at = models.DateTimeField(_("head and responsible person notified at"))
    reported_by = _user_fk(_("reported by"), null=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    replacement = models.OneToOneField(
        JournalEntry,
        verbose_name=_("replacement row"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.OneToOneField(
        JournalNote, verbose_name=_("note"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["entry", "reported_at"]
        verbose_name = _("failure")
        verbose_name_plural = _("failures")

    def __str__(self) -> str:
        return self.cause


class Correction(_NoDelete):
    """A correction (point 10): the wrong value stays, struck through; the note «Түзетілді» gives the date and
    time, the responsible person's full name and the reason."""

    COLUMNS = (2, 3, 4, 5, 6, 7, 8)

    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("row"), on_delete=models.PROTECT, related_name="corrections"
    )
    column = models.PositiveSmallIntegerField(_("column"), choices=[(n, str(n)) for n in COLUMNS])
    note = models.ForeignKey(
        JournalNote,
        verbose_name=_("corrected note"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    old_value = models.TextField(_("old value"))
    new_value = models.TextField(_("new value"))
    reason = models.TextField(_("reason"))
    corrected_at = models.DateTimeField(_("corrected at"))
    corrected_by = _user_fk(_("corrected by"), null=False)
    corrected_by_name = models.CharField(_("corrected by"), max_length=255)

    class Meta:
        ordering = ["entry", "corrected_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.column}: {self.old_value} → {self.new_value}"
