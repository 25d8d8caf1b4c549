"""Screens of the inventory (recorders and memory cards) and of the journal books."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import services
from ..equipment import Equipment
from ..forms import BookForm, DeviceForm, InventoryNumberForm, RegisterBookForm, RemarkForm, SealForm
from ..journal import JournalBook
from ..units import TerritorialUnit, is_member
from .base import HEAD, OFFICE, RP, Action, ActionView, RecordersPage, run_action


class InventoryView(RecordersPage):
    page_title = _("Recorders and memory cards")
    template_name = "recorders/inventory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        devices = Equipment.objects.filter(unit=self.unit).select_related("installed_card")
        context.update(
            recorders=[d for d in devices if d.kind == Equipment.Kind.RECORDER],
            cards=[d for d in devices if d.kind == Equipment.Kind.MEMORY_CARD],
            device_form=DeviceForm(),
            number_form=InventoryNumberForm(),
            seal_form=SealForm(unit=self.unit),
            remark_form=RemarkForm(),
        )
        return context


class BooksView(RecordersPage):
    roles = (RP, HEAD, OFFICE)  # the office registers the book (point 10)
    page_title = _("Journal books")
    template_name = "recorders/books.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            books=JournalBook.objects.filter(unit=self.unit).order_by("-created_at"),
            book_form=BookForm(),
            register_form=RegisterBookForm(),
        )
        return context


def _remark(name: str):
    return lambda r, d, data: getattr(services, name)(d, data["remark"], by=r.user)


DEVICE_ACTIONS = {
    "assign_inventory_number": Action(
        InventoryNumberForm,
        lambda r, d, data: services.assign_inventory_number(d, data["inventory_number"], by=r.user),
        _("Inventory number assigned."),
    ),
    "install_card_and_seal": Action(
        SealForm,
        lambda r, d, data: services.install_card_and_seal(d, data["card"], data["seal_number"], by=r.user),
        _("Card installed and the slot sealed."),
    ),
    "remove_card": Action(None, lambda r, d, data: services.remove_card(d, by=r.user), _("Card taken out.")),
    "mark_faulty": Action(RemarkForm, _remark("mark_faulty"), _("Marked as faulty.")),
    "repair": Action(RemarkForm, _remark("repair"), _("Back in custody after repair.")),
    "write_off": Action(RemarkForm, _remark("write_off"), _("Written off.")),
}


class DeviceActionView(ActionView):
    actions = DEVICE_ACTIONS

    def get_target(self, request, pk):
        device = get_object_or_404(Equipment, pk=pk)
        if not is_member(request.user, device.unit_id, RP, HEAD):
            raise Http404
        return device

    def back_url(self, target):
        return reverse("recorders:inventory") + f"?unit={target.unit_id}"

    def form_kwargs(self, target):
        return {"unit": target.unit} if self.kwargs["name"] == "install_card_and_seal" else {}


def register_device(request, unit_id: int):
    unit = get_object_or_404(TerritorialUnit, pk=unit_id)
    action = Action(
        DeviceForm,
        lambda r, u, d: services.register_device(
            u, d["kind"], by=r.user, model_name=d["model_name"], serial_number=d["serial_number"]
        ),
        _("Device registered; assign its inventory number."),
    )
    return run_action(request, action, unit, reverse("recorders:inventory") + f"?unit={unit.pk}")


def create_book(request, unit_id: int):
    unit = get_object_or_404(TerritorialUnit, pk=unit_id)
    action = Action(
        BookForm, lambda r, u, d: services.create_book(u, d["number"], by=r.user), _("Book created.")
    )
    return run_action(request, action, unit, reverse("recorders:books") + f"?unit={unit.pk}")


BOOK_ACTIONS = {
    "register": Action(
        RegisterBookForm,
        lambda r, b, d: services.register_book(
            b, page_count=d["page_count"], registration_number=d["registration_number"], by=r.user
        ),
        _("Book registered at the office."),
    ),
    "open": Action(None, lambda r, b, d: services.open_book(b, by=r.user), _("Book opened.")),
    "close": Action(None, lambda r, b, d: services.close_book(b, by=r.user), _("Book closed.")),
}


class BookActionView(ActionView):
    actions = BOOK_ACTIONS

    def get_target(self, request, pk):
        book = get_object_or_404(JournalBook, pk=pk)
        if not is_member(request.user, book.unit_id, RP, HEAD, OFFICE):
            raise Http404
        return book

    def back_url(self, target):
        return reverse("recorders:books") + f"?unit={target.unit_id}"
