"""Recorders and memory cards (DOMAIN §1.8.2): inventory number, custody, the sealed card slot, faults,
repair, write-off and loss.

Nothing without an inventory number can be issued (point 7): a device is ``unregistered`` until the number
is assigned, and only a device ``in_custody`` can be issued.  ``issue``, ``take_back`` and ``report_lost``
are performed by the journal (``records.recorders.journal``), never on their own.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from catalogue.roles import Role
from records import clock

from .fsm import Condition, step
from .units import TerritorialUnit

RP, HEAD = Role.RESPONSIBLE_PERSON, Role.HEAD


class EquipmentQuerySet(models.QuerySet):
    def delete(self):
        raise models.ProtectedError(_("Inventory is never deleted; write a device off instead."), set())


class Equipment(ConcurrentTransitionMixin, models.Model):
    class Kind(models.TextChoices):
        RECORDER = "recorder", _("Recorder")
        MEMORY_CARD = "memory_card", _("Memory card")

    class State(models.TextChoices):
        UNREGISTERED = "unregistered", _("No inventory number")
        IN_CUSTODY = "in_custody", _("In custody")
        ISSUED = "issued", _("Issued")
        FAULTY = "faulty", _("Faulty")
        WRITTEN_OFF = "written_off", _("Written off")
        LOST = "lost", _("Lost")

    class Data(models.TextChoices):
        """What a memory card holds (DOMAIN §1.8.2): it may be wiped only once uploaded (points 5, 18)."""

        EMPTY = "empty", _("Empty")
        HOLDS_DATA = "holds_data", _("Holds recordings not yet uploaded")
        UPLOADED = "uploaded", _("Uploaded, not yet wiped")

    unit = models.ForeignKey(
        TerritorialUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="equipment"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    model_name = models.CharField(_("make and model"), max_length=120, blank=True)
    serial_number = models.CharField(_("manufacturer's serial number"), max_length=80, blank=True)
    # Assigned under MinFin Order No. 393 of 3 Aug 2010 (point 7); NULL until then (unique only when set).
    inventory_number = models.CharField(
        _("inventory number"), max_length=40, null=True, blank=True, unique=True
    )
    state = FSMField(
        _("state"), max_length=20, choices=State.choices, default=State.UNREGISTERED, protected=True
    )
    installed_card = models.OneToOneField(
        "self",
        verbose_name=_("installed memory card"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="installed_in",
    )
    seal_number = models.CharField(_("seal number of the card slot"), max_length=40, blank=True)
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)
    data_state = models.CharField(_("card contents"), max_length=20, choices=Data.choices, default=Data.EMPTY)
    registered_at = models.DateTimeField(_("registered at"))
    remark = models.TextField(_("last fault, repair or write-off"), blank=True)

    objects = EquipmentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "inventory_number", "pk"]
        verbose_name = _("recorder or memory card")
        verbose_name_plural = _("recorders and memory cards")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.inventory_number or '—'}"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Inventory is never deleted; write a device off instead."), {self})

    @property
    def is_recorder(self) -> bool:
        return self.kind == self.Kind.RECORDER

    @property
    def is_prepared(self) -> bool:
        """A recorder with a card installed and its slot sealed (point 9)."""
        return self.is_recorder and self.installed_card_id is not None and bool(self.seal_number)

    # -- transitions ----------------------------------------------------------------------------------

    @step(
        source=State.UNREGISTERED,
        target=State.IN_CUSTODY,
        roles=(RP,),
        label=_("Assign the inventory number"),
    )
    def assign_inventory_number(self, number: str) -> None:
        self.inventory_number = number

    @step(
        source=State.IN_CUSTODY,
        target=State.IN_CUSTODY,
        roles=(RP,),
        label=_("Install the card and seal the slot"),
        conditions=[Condition(lambda e: e.is_recorder, _("Only a recorder has a card slot to seal."))],
    )
    def install_card_and_seal(self, card: Equipment, seal_number: str) -> None:
        self.installed_card = card
        self.seal_number = seal_number
        self.sealed_at = clock.now()

    @step(
        source=State.IN_CUSTODY,
        target=State.IN_CUSTODY,
        roles=(RP,),
        label=_("Take the card out (breaks the seal)"),
        conditions=[Condition(lambda e: e.installed_card_id is not None, _("No card is installed."))],
    )
    def remove_card(self) -> None:
        self._unseal()

    @step(source=State.IN_CUSTODY, target=State.ISSUED, roles=(RP,), label=_("Issue"))
    def issue(self) -> None:
        pass

    @step(source=State.ISSUED, target=State.IN_CUSTODY, roles=(RP,), label=_("Take back"))
    def take_back(self) -> None:
        pass

    @step(
        source=(State.IN_CUSTODY, State.ISSUED),
        target=State.FAULTY,
        roles=(RP,),
        label=_("Mark as faulty"),
    )
    def mark_faulty(self, remark: str) -> None:
        # A broken recorder is opened for repair: its card comes out and the seal is broken.
        self._unseal()
        self.remark = remark

    @step(source=State.FAULTY, target=State.IN_CUSTODY, roles=(RP, HEAD), label=_("Repaired"))
    def repair(self, remark: str) -> None:
        self.remark = remark

    @step(
        source=(State.FAULTY, State.IN_CUSTODY),
        target=State.WRITTEN_OFF,
        roles=(HEAD,),
        label=_("Write off"),
        conditions=[
            Condition(
                lambda e: e.data_state != Equipment.Data.HOLDS_DATA,
                _("The card holds recordings that were not uploaded; upload them first (point 18)."),
            )
        ],
    )
    def write_off(self, remark: str) -> None:
        self._unseal()
        self.remark = remark

    @step(source=State.ISSUED, target=State.LOST, roles=(RP,), label=_("Lost"))
    def report_lost(self, remark: str) -> None:
        self._unseal()
        self.remark = remark

    def _unseal(self) -> None:
        self.installed_card = None
        self.seal_number = ""
        self.sealed_at = None
