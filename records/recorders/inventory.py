"""Services for the inventory (recorders, memory cards) and the journal books."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from records.errors import GuardFailed, InvalidInput

from . import fsm
from .common import locked, now, require_member
from .equipment import Equipment
from .journal import JournalBook
from .units import TerritorialUnit

RP, HEAD, OFFICE = Role.RESPONSIBLE_PERSON, Role.HEAD, Role.OFFICE


# -- devices -----------------------------------------------------------------------------------------------


def register_device(
    unit: TerritorialUnit, kind: str, *, by: Any, model_name: str = "", serial_number: str = ""
) -> Equipment:
    """A device received by the unit, not yet numbered (it cannot be issued before, point 7)."""
    require_member(by, unit.pk, RP)
    if kind not in Equipment.Kind.values:
        raise InvalidInput(field_errors={"kind": [_("Choose a recorder or a memory card.")]})
    with transaction.atomic():
        device = Equipment.objects.create(
            unit=unit,
            kind=kind,
            model_name=model_name.strip(),
            serial_number=serial_number.strip(),
            registered_at=now(),
        )
        fsm.log_created(device, "register_device", by, data={"kind": kind, "serial_number": serial_number})
    return device


def assign_inventory_number(device: Equipment, number: str, *, by: Any) -> Equipment:
    """Point 7: the inventory number under MinFin Order No. 393; unique, and never changed afterwards."""
    number = (number or "").strip()
    if not number:
        raise InvalidInput(field_errors={"inventory_number": [_("Enter the inventory number.")]})
    holder = Equipment.objects.filter(inventory_number__iexact=number).exclude(pk=device.pk).first()
    if holder is not None:
        raise GuardFailed(
            _("The inventory number %(number)s is already used by %(device)s."),
            params={"number": number, "device": str(holder)},
        )
    try:
        with transaction.atomic():
            device = locked(Equipment, device.pk)
            fsm.run(device, "assign_inventory_number", by, number, data={"inventory_number": number})
    except IntegrityError as error:  # the same number taken at the same moment by someone else
        raise GuardFailed(
            _("The inventory number %(number)s is already used."), params={"number": number}
        ) from error
    return device


def install_card_and_seal(recorder: Equipment, card: Equipment, seal_number: str, *, by: Any) -> Equipment:
    """Point 9: the card goes into the recorder and the slot is sealed (the seal's number is kept)."""
    seal_number = (seal_number or "").strip()
    if not seal_number:
        raise InvalidInput(
            field_errors={"seal_number": [_("Enter the number of the seal on the card slot.")]}
        )
    with transaction.atomic():
        recorder = locked(Equipment, recorder.pk)
        card = locked(Equipment, card.pk)
        _check_card_installable(recorder, card)
        fsm.run(
            recorder,
            "install_card_and_seal",
            by,
            card,
            seal_number,
            data={"card": card.inventory_number, "seal_number": seal_number},
        )
    return recorder


def _check_card_installable(recorder: Equipment, card: Equipment) -> None:
    if card.kind != Equipment.Kind.MEMORY_CARD or card.unit_id != recorder.unit_id:
        raise GuardFailed(_("Choose a memory card of the same unit."))
    if not card.inventory_number:
        raise GuardFailed(
            _("The memory card has no inventory number; it cannot be used (point 7)."),
        )
    if card.state != Equipment.State.IN_CUSTODY:
        raise GuardFailed(
            _("The memory card %(number)s is «%(state)s», not in custody."),
            params={"number": card.inventory_number, "state": card.get_state_display()},
        )
    other = Equipment.objects.filter(installed_card=card).exclude(pk=recorder.pk).first()
    if other is not None:
        raise GuardFailed(_("The memory card is installed in %(recorder)s."), params={"recorder": str(other)})
    if card.data_state != Equipment.Data.EMPTY:
        raise GuardFailed(_("The memory card holds recordings: upload them and wipe the card first."))


def remove_card(recorder: Equipment, *, by: Any) -> Equipment:
    with transaction.atomic():
        recorder = locked(Equipment, recorder.pk)
        fsm.run(recorder, "remove_card", by, data={"seal_number": recorder.seal_number})
    return recorder


def mark_faulty(device: Equipment, remark: str, *, by: Any) -> Equipment:
    return _with_remark(device, "mark_faulty", remark, by)


def repair(device: Equipment, remark: str, *, by: Any) -> Equipment:
    return _with_remark(device, "repair", remark, by)


def write_off(device: Equipment, remark: str, *, by: Any) -> Equipment:
    """The head writes a device off (faulty or unused); the row stays in the inventory."""
    return _with_remark(device, "write_off", remark, by)


def _with_remark(device: Equipment, name: str, remark: str, by: Any) -> Equipment:
    remark = (remark or "").strip()
    if not remark:
        raise InvalidInput(field_errors={"remark": [_("Say what happened.")]})
    with transaction.atomic():
        device = locked(Equipment, device.pk)
        fsm.run(device, name, by, remark, reason=remark)
    return device


# -- journal books -----------------------------------------------------------------------------------------


def create_book(unit: TerritorialUnit, number: str, *, by: Any) -> JournalBook:
    require_member(by, unit.pk, RP)
    number = (number or "").strip()
    if not number:
        raise InvalidInput(field_errors={"number": [_("Enter the book number.")]})
    if JournalBook.objects.filter(unit=unit, number=number).exists():
        raise GuardFailed(_("The unit already has a book № %(number)s."), params={"number": number})
    with transaction.atomic():
        book = JournalBook.objects.create(unit=unit, number=number, created_at=now())
        fsm.log_created(book, "create_book", by, data={"number": number})
    return book


def register_book(book: JournalBook, *, page_count: int, registration_number: str, by: Any) -> JournalBook:
    """Point 10: registered at the unit's office; pages numbered, stitched and sealed, and the responsible
    person's certification «Осы журналда N парақ …» on the last page (N > 0)."""
    errors = {}
    if not isinstance(page_count, int) or isinstance(page_count, bool) or page_count < 1:
        errors["page_count"] = [_("Enter how many pages were numbered, stitched and sealed.")]
    registration_number = (registration_number or "").strip()
    if not registration_number:
        errors["registration_number"] = [_("Enter the office registration number.")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        book = locked(JournalBook, book.pk)
        at = now()
        fsm.run(
            book,
            "register_in_office",
            by,
            page_count=page_count,
            registration_number=registration_number,
            now=at,
            user=by,
            data={"page_count": page_count, "registration_number": registration_number},
        )
    return book


def open_book(book: JournalBook, *, by: Any) -> JournalBook:
    with transaction.atomic():
        book = locked(JournalBook, book.pk)
        if JournalBook.objects.filter(unit_id=book.unit_id, state=JournalBook.State.OPEN).exists():
            raise GuardFailed(_("The unit already has an open journal book; close it first."))
        fsm.run(book, "open", by, now=now(), user=by)
    return book


def close_book(book: JournalBook, *, by: Any) -> JournalBook:
    with transaction.atomic():
        book = locked(JournalBook, book.pk)
        fsm.run(book, "close", by, now=now(), user=by)
    return book


def open_book_of(unit_id: int) -> JournalBook | None:
    return JournalBook.objects.filter(unit_id=unit_id, state=JournalBook.State.OPEN).first()
