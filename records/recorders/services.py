"""The public API of the recorders app (act 000).  Other code (screens, demo data, commands) calls these
functions only.  Errors are ``records.errors.RecordsError`` subclasses with a stable ``code`` and a message in
the user's language: ``forbidden_transition``, ``permission_denied``, ``guard_failed``, ``conflict``,
``invalid_input`` (with ``field_errors``), ``not_found``; whatever fails, nothing is written.

    device = register_device(unit, "recorder", by=rp); assign_inventory_number(device, "БТ-0001", by=rp)
    install_card_and_seal(recorder, card, "М-1001", by=rp)
    entry = issue_recorder(unit, recorder=recorder, inspector=insp, by=rp, inspector_password="…",
                           clock_set=True)                                  # columns 1-4
    pause_for_meal(entry, by=insp, spoken_at=…); resume_after_meal(entry, by=insp, spoken_at=…)
    return_equipment(entry, by=rp, inspector_password="…")                  # column 5, upload clock starts
    upload_recordings(entry, [IncomingFile("REC_0001.MP4", stream)], by=rp) # column 6, retention 1 year
    verify_upload(entry, by=rp); clear_card(entry, by=rp); close_entry(entry, by=rp)   # column 7
    correct_entry(entry, column=2, new_value="…", reason="…", by=rp)        # struck through, «Түзетілді»
    journal_pdf(book, by=rp)                                                # the printed journal
"""

from .access import (
    approve_release,
    open_recording,
    own_recordings,
    reject_release,
    release,
    release_requests,
    released_media,
    request_release,
    storage_units,
    visible_media,
)
from .entries import (
    add_note,
    close_entry,
    column_value,
    correct_entry,
    issue_recorder,
    pause_for_meal,
    replace_recorder,
    report_loss_or_damage,
    report_malfunction,
    resolve_malfunction,
    resume_after_meal,
    return_equipment,
    start_recording,
    write_pause_note,
)
from .evidence import (
    IncomingFile,
    approve_disposal,
    check_files,
    clear_card,
    disposal_list,
    expire_due_media,
    extend_retention,
    propose_disposal,
    reject_disposal,
    upload_recordings,
    verify_upload,
)
from .flags import FLAG_LABELS, entry_flags, worklist
from .inventory import (
    assign_inventory_number,
    close_book,
    create_book,
    install_card_and_seal,
    mark_faulty,
    open_book,
    open_book_of,
    register_book,
    register_device,
    remove_card,
    repair,
    write_off,
)
from .printing import journal_pdf
from .units import full_name, is_member, units_of

__all__ = [
    "FLAG_LABELS",
    "IncomingFile",
    "add_note",
    "approve_disposal",
    "approve_release",
    "assign_inventory_number",
    "check_files",
    "clear_card",
    "close_book",
    "close_entry",
    "column_value",
    "correct_entry",
    "create_book",
    "disposal_list",
    "entry_flags",
    "expire_due_media",
    "extend_retention",
    "full_name",
    "install_card_and_seal",
    "is_member",
    "issue_recorder",
    "journal_pdf",
    "mark_faulty",
    "open_book",
    "open_book_of",
    "open_recording",
    "own_recordings",
    "pause_for_meal",
    "propose_disposal",
    "register_book",
    "register_device",
    "reject_disposal",
    "reject_release",
    "release",
    "release_requests",
    "released_media",
    "remove_card",
    "repair",
    "replace_recorder",
    "report_loss_or_damage",
    "report_malfunction",
    "request_release",
    "resolve_malfunction",
    "resume_after_meal",
    "return_equipment",
    "start_recording",
    "storage_units",
    "units_of",
    "upload_recordings",
    "verify_upload",
    "visible_media",
    "worklist",
    "write_off",
    "write_pause_note",
]
