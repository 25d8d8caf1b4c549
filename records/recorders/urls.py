"""Admin URLs of the recorders section (mounted under /admin/recorders/ by wagtail_hooks)."""

from django.urls import path
from django.views.decorators.http import require_POST

from .views import inventory, journal, storage

app_name = "recorders"

urlpatterns = [
    path("", journal.IndexView.as_view(), name="index"),
    path("journal/", journal.JournalView.as_view(), name="journal"),
    path("journal/<int:pk>/pdf/", journal.journal_pdf, name="journal_pdf"),
    path("issue/", journal.IssueView.as_view(), name="issue"),
    path("worklist/", journal.WorklistView.as_view(), name="worklist"),
    path("my/", journal.MyRecorderView.as_view(), name="my_recorder"),
    path("row/<int:pk>/", journal.EntryView.as_view(), name="entry"),
    path("row/<int:pk>/<slug:name>/", journal.EntryActionView.as_view(), name="entry_action"),
    path("pause/<int:pk>/note/", require_POST(journal.pause_note), name="pause_note"),
    path("inventory/", inventory.InventoryView.as_view(), name="inventory"),
    path(
        "inventory/<int:unit_id>/register/", require_POST(inventory.register_device), name="register_device"
    ),
    path("device/<int:pk>/<slug:name>/", inventory.DeviceActionView.as_view(), name="device_action"),
    path("books/", inventory.BooksView.as_view(), name="books"),
    path("books/<int:unit_id>/create/", require_POST(inventory.create_book), name="create_book"),
    path("book/<int:pk>/<slug:name>/", inventory.BookActionView.as_view(), name="book_action"),
    path("storage/", storage.StorageView.as_view(), name="storage"),
    path("storage/log/", storage.AccessLogView.as_view(), name="access_log"),
    path("recording/<int:pk>/<slug:action>/", storage.recording, name="recording"),
    path("media/<int:pk>/<slug:name>/", storage.MediaActionView.as_view(), name="media_action"),
    path("disposal/", storage.DisposalView.as_view(), name="disposal"),
    path("disposal/<int:unit_id>/propose/", require_POST(storage.propose_disposal), name="propose_disposal"),
    path("disposal-act/<int:pk>/<slug:name>/", storage.DisposalActionView.as_view(), name="disposal_action"),
    path("releases/", storage.ReleasesView.as_view(), name="releases"),
    path("releases/<int:unit_id>/request/", require_POST(storage.request_release), name="request_release"),
    path("release/<int:pk>/<slug:name>/", storage.ReleaseActionView.as_view(), name="release_action"),
]
