"""Screens of the journal: the section's start page, the journal of the open book, one row with its
actions, issuing, the worklist, and the printed journal."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.journal import COLUMN_HEADINGS
from records import clock
from records.errors import RecordsError

from .. import evidence, flags, fsm, printing, services
from ..equipment import Equipment
from ..evidence import IncomingFile
from ..forms import (
    CorrectionForm,
    IssueForm,
    LossForm,
    MalfunctionForm,
    NoteForm,
    RemarkForm,
    ReplaceForm,
    ReturnForm,
    SpokenTimeForm,
    UploadForm,
)
from ..journal import JournalBook, JournalEntry, MealPause
from ..storage import DisposalAct, ReleaseRequest
from ..units import is_member
from .base import ALL_ROLES, HEAD, INSP, RP, Action, ActionView, RecordersPage, run_action

ROW_TRANSITIONS = (
    "start_recording",
    "pause_for_meal",
    "resume_after_meal",
    "report_malfunction",
    "resolve_malfunction",
    "replace_recorder",
    "return_equipment",
    "upload",
    "verify_upload",
    "clear_card",
    "close",
    "report_loss_or_damage",
)


class IndexView(RecordersPage):
    roles = ALL_ROLES
    page_title = _("Body-camera recorders")
    template_name = "recorders/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = clock.now()
        if context["is_rp"] or context["is_head"]:
            context["worklist"] = flags.worklist(self.unit, now)
            context["book"] = services.open_book_of(self.unit.pk)
        if context["is_head"]:  # what waits for the head's decision
            unit = self.unit
            context["pending_disposals"] = DisposalAct.objects.filter(unit=unit, state="proposed").count()
            context["pending_releases"] = ReleaseRequest.objects.filter(unit=unit, state="requested").count()
            context["faulty"] = Equipment.objects.filter(unit=unit, state="faulty").count()
        return context


class JournalView(RecordersPage):
    page_title = _("Accounting journal")
    template_name = "recorders/journal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        books = list(JournalBook.objects.filter(unit=self.unit).order_by("-created_at"))
        wanted = self.request.GET.get("book")
        book = next((b for b in books if str(b.pk) == wanted), None) or services.open_book_of(self.unit.pk)
        book = book or (books[0] if books else None)
        now = clock.now()
        entries = list(book.entries.order_by("-serial").prefetch_related("pauses")[:200]) if book else []
        context.update(
            headings=COLUMN_HEADINGS[:7],
            books=books,
            book=book,
            rows=[(e, [flags.FLAG_LABELS[f] for f in e.flags(now)]) for e in entries],
        )
        return context


class EntryView(RecordersPage):
    roles = ALL_ROLES
    template_name = "recorders/entry.html"

    def dispatch(self, request, *args, **kwargs):
        self.entry = get_object_or_404(JournalEntry, pk=kwargs["pk"])
        if not can_see_entry(request.user, self.entry):
            raise Http404
        request.GET = request.GET.copy()
        request.GET["unit"] = str(self.entry.unit_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Journal row № %(serial)s") % {"serial": self.entry.serial}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry, user = self.entry, self.request.user
        allowed = set(fsm.available(entry, ROW_TRANSITIONS, user))
        notes = list(entry.notes.order_by("written_at", "pk"))
        context.update(
            entry=entry,
            allowed=allowed,
            columns=_columns(entry),
            notes=[(n, services.column_value(entry, 8, n)) for n in notes],
            corrections=list(entry.corrections.order_by("corrected_at", "pk")),
            pauses=list(entry.pauses.order_by("paused_at")),
            failures=list(entry.malfunctions.order_by("reported_at")),
            media=list(entry.media.order_by("recorded_from", "pk"))
            if context["is_rp"] or context["is_head"]
            else [],
            flags=[flags.FLAG_LABELS[f] for f in entry.flags(clock.now())],
            forms={
                "spoken": SpokenTimeForm(),
                "malfunction": MalfunctionForm(),
                "remark": RemarkForm(),
                "replace": ReplaceForm(unit=entry.unit),
                "return": ReturnForm(),
                "upload": UploadForm(),
                "loss": LossForm(),
                "note": NoteForm(),
                "correction": CorrectionForm(),
            },
        )
        return context


def can_see_entry(user, entry: JournalEntry) -> bool:
    """The unit's responsible person and head, and the row's own inspector."""
    own = entry.inspector_id == user.pk and is_member(user, entry.unit_id, INSP)
    return own or is_member(user, entry.unit_id, RP, HEAD)


def _columns(entry: JournalEntry) -> list[tuple[int, str, str, list]]:
    """(number, heading, value now, corrections) for columns 2-7."""
    by_column: dict[int, list] = {}
    for correction in entry.corrections.filter(note=None).order_by("corrected_at", "pk"):
        by_column.setdefault(correction.column, []).append(correction)
    return [
        (n, COLUMN_HEADINGS[n - 1], services.column_value(entry, n), by_column.get(n, []))
        for n in range(2, 8)
    ]


class IssueView(RecordersPage):
    roles = (RP,)
    page_title = _("Issue a recorder")
    template_name = "recorders/issue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or IssueForm(unit=self.unit)
        context["book"] = services.open_book_of(self.unit.pk)
        return context

    def post(self, request, *args, **kwargs):
        form = IssueForm(request.POST, unit=self.unit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.issue_recorder(
                    self.unit,
                    recorder=data["recorder"],
                    inspector=data["inspector"],
                    by=request.user,
                    inspector_password=data["inspector_password"],
                    clock_set=data["clock_set"],
                    request=request,
                )
            except RecordsError as error:
                form.add_error(None, error.message)
                for field, errors in error.field_errors.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Row № %(serial)s: issued.") % {"serial": entry.serial})
                return redirect("recorders:entry", pk=entry.pk)
        return self.render_to_response(self.get_context_data(form=form))


class WorklistView(RecordersPage):
    page_title = _("Worklist")
    template_name = "recorders/worklist.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["worklist"] = flags.worklist(self.unit, clock.now())
        return context


class MyRecorderView(RecordersPage):
    roles = (INSP,)
    page_title = _("My recorder")
    template_name = "recorders/my_recorder.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = list(
            JournalEntry.objects.filter(inspector=self.request.user, unit=self.unit).order_by("-issued_at")[
                :20
            ]
        )
        return context


def journal_pdf(request, pk: int) -> HttpResponse:
    book = get_object_or_404(JournalBook, pk=pk)
    try:
        pdf = printing.journal_pdf(book, by=request.user)
    except RecordsError as error:
        raise Http404(error.message) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="journal-{book.unit.code}-{book.number}.pdf"'
    return response


# -- row actions -------------------------------------------------------------------------------------------


def _upload(request, entry, data):
    incoming = [IncomingFile(f.name, f) for f in data["files"]]
    return evidence.upload_recordings(entry, incoming, by=request.user)


ROW_ACTIONS = {
    "start_recording": Action(
        None, lambda r, e, d: services.start_recording(e, by=r.user), _("Recording started.")
    ),
    "pause_for_meal": Action(
        SpokenTimeForm,
        lambda r, e, d: services.pause_for_meal(e, by=r.user, spoken_at=d["spoken_at"]),
        _("Meal pause recorded."),
    ),
    "resume_after_meal": Action(
        SpokenTimeForm,
        lambda r, e, d: services.resume_after_meal(e, by=r.user, spoken_at=d["spoken_at"]),
        _("Recording resumed."),
    ),
    "report_malfunction": Action(
        MalfunctionForm,
        lambda r, e, d: services.report_malfunction(e, by=r.user, cause=d["cause"], failed_at=d["failed_at"]),
        _("The failure is reported to the head and the responsible person."),
    ),
    "resolve_malfunction": Action(
        RemarkForm,
        lambda r, e, d: services.resolve_malfunction(e, by=r.user, remark=d["remark"]),
        _("Failure removed; recording continues."),
    ),
    "replace_recorder": Action(
        ReplaceForm,
        lambda r, e, d: services.replace_recorder(
            e,
            new_recorder=d["new_recorder"],
            by=r.user,
            inspector_password=d["inspector_password"],
            clock_set=d["clock_set"],
            request=r,
        ),
        _("Recorder replaced; a new row was opened."),
    ),
    "return_equipment": Action(
        ReturnForm,
        lambda r, e, d: services.return_equipment(
            e,
            by=r.user,
            inspector_password=d["inspector_password"],
            seal_intact=d["seal_intact"],
            seal_remark=d["seal_remark"],
            request=r,
        ),
        _("Taken back; upload within 1 working day."),
    ),
    "upload": Action(UploadForm, _upload, _("Recordings stored."), files=True),
    "verify_upload": Action(
        None, lambda r, e, d: services.verify_upload(e, by=r.user), _("Upload verified.")
    ),
    "clear_card": Action(None, lambda r, e, d: services.clear_card(e, by=r.user), _("Card wiped.")),
    "close": Action(None, lambda r, e, d: services.close_entry(e, by=r.user), _("Row signed and closed.")),
    "report_loss_or_damage": Action(
        LossForm,
        lambda r, e, d: services.report_loss_or_damage(
            e, by=r.user, kind=d["kind"], description=d["description"]
        ),
        _("Loss or damage recorded; the head is informed."),
    ),
    "note": Action(NoteForm, lambda r, e, d: services.add_note(e, d["text"], by=r.user), _("Note added.")),
    "correct": Action(CorrectionForm, lambda r, e, d: _correct(r, e, d), _("Correction entered.")),
}


def _correct(request, entry, data):
    note = entry.notes.filter(pk=data.get("note")).first() if data.get("note") else None
    return services.correct_entry(
        entry,
        column=data["column"],
        new_value=data["new_value"],
        reason=data["reason"],
        by=request.user,
        note=note,
    )


class EntryActionView(ActionView):
    actions = ROW_ACTIONS

    def get_target(self, request, pk):
        entry = get_object_or_404(JournalEntry, pk=pk)
        if not can_see_entry(request.user, entry):
            raise Http404
        return entry

    def back_url(self, target):
        return reverse("recorders:entry", args=[target.pk])

    def form_kwargs(self, target):
        return {"unit": target.unit} if self.kwargs["name"] == "replace_recorder" else {}


def pause_note(request, pk: int):
    pause = get_object_or_404(MealPause, pk=pk)
    if not can_see_entry(request.user, pause.entry):
        raise Http404
    action = Action(
        RemarkForm,
        lambda r, p, d: services.write_pause_note(p, by=r.user, remark=d["remark"]),
        _("Pause note written in column 8."),
    )
    return run_action(request, action, pause, reverse("recorders:entry", args=[pause.entry_id]))
