"""Changes to indexed objects → outbox rows, in the transaction of the change (a decoupled side effect, the
one use of signals in the portal): post_save / post_delete for every model a source watches, and Wagtail's
page_published / page_unpublished for pages (unpublishing a page hides its descendants too)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from . import registry
from .outbox import enqueue


def _queue(instance) -> None:
    meta = type(instance)._meta
    labels = {meta.label, meta.concrete_model._meta.label}
    for label in labels:
        for source, ids_of in registry.triggers().get(label, ()):
            object_ids = list(ids_of(instance))
            if object_ids:
                enqueue(source.name, object_ids)


def on_save(sender, instance, created=False, update_fields=None, raw=False, **kwargs) -> None:
    if raw:  # fixtures being loaded
        return
    # Wagtail saves a page partially for a draft, a lock or a workflow step: the published content, which
    # is what the index holds, did not change.
    if isinstance(instance, Page) and update_fields is not None and "live" not in update_fields:
        return
    _queue(instance)


def on_delete(sender, instance, **kwargs) -> None:
    _queue(instance)


def on_page_change(sender, instance, **kwargs) -> None:
    for source in registry.sources():
        if source.page_changes is not None:
            ids = list(source.page_changes(instance))
            if ids:
                enqueue(source.name, ids)


def connect() -> None:
    post_save.connect(on_save, dispatch_uid="search.on_save")
    post_delete.connect(on_delete, dispatch_uid="search.on_delete")
    page_published.connect(on_page_change, dispatch_uid="search.on_page_published")
    page_unpublished.connect(on_page_change, dispatch_uid="search.on_page_unpublished")
