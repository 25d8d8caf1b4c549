"""Plone Files and Images as Wagtail documents and images, in an «Мұрағат / Архив» collection.

Their SHA-256 is kept in the provenance (Wagtail's own file_hash is SHA-1).  Every file written is
journalled, so that a batch rolled back (or a dry run) leaves no stray file in the storage.

The new files of a batch take `create_media`: each file stored once with its hash and size already known,
then one INSERT per model for the batch (`write_media`, for an item imported before, saves twice and
indexes at each save).  Nothing else happens at save for these models: renditions are made when a page
first shows an image, and the search index is written once per batch by the caller (bulk.index_objects).
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from portal.plone.blobs import Blob
from portal.plone.items import PloneItem
from portal.plone.mapping import IMAGE

COLLECTION_NAME = "Мұрағат / Архив"


class FileJournal:
    """Names of the files saved since the last commit, to delete when the database forgets them."""

    def __init__(self, dry_run: bool = False) -> None:
        self.names: list[tuple[object, str]] = []
        self.dry_run = dry_run  # a dry run's batches are never committed: keep every name to the end

    def saved(self, field_file) -> None:
        self.names.append((field_file.storage, field_file.name))

    def commit(self) -> None:
        if not self.dry_run:
            self.names.clear()

    def mark(self) -> int:
        return len(self.names)

    def discard_since(self, mark: int) -> None:
        """Delete the files saved since `mark` (a savepoint rolled back)."""
        for storage, name in self.names[mark:]:
            storage.delete(name)
        del self.names[mark:]

    def discard(self) -> None:
        for storage, name in self.names:
            storage.delete(name)
        self.names.clear()


def ensure_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def write_media(
    item: PloneItem, kind: str, blob: Blob, existing, collection: Collection, journal: FileJournal
):
    """Create the document or image, or replace its title and file; returns (object, created)."""
    model = get_image_model() if kind == IMAGE else get_document_model()
    obj = existing or model(collection=collection)
    old_name = obj.file.name if existing is not None and obj.file else ""
    obj.title = (item.title or blob.filename)[:255]
    stream = (
        ImageFile(BytesIO(blob.data), name=blob.filename)
        if kind == IMAGE
        else ContentFile(blob.data, name=blob.filename)
    )
    obj.file = stream
    if kind != IMAGE:
        obj.file_size = len(blob.data)
    obj.save()
    journal.saved(obj.file)
    obj._set_file_hash()
    if kind != IMAGE:
        obj.file_size = len(blob.data)
    obj.save(update_fields=["file_hash"] + ([] if kind == IMAGE else ["file_size"]))
    if old_name and old_name != obj.file.name:
        storage = obj.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return obj, existing is None


def create_media(
    new: Iterable[tuple[PloneItem, str, Blob]], collection: Collection, journal: FileJournal
) -> list[object]:
    """The documents and images of a batch's new files, in the order given (their ids set)."""
    created: list[object] = []
    by_model: dict[type, list[object]] = {}
    for item, kind, blob in new:
        model = get_image_model() if kind == IMAGE else get_document_model()
        obj = model(collection=collection, title=(item.title or blob.filename)[:255])
        content = (
            ImageFile(BytesIO(blob.data), name=blob.filename)
            if kind == IMAGE
            else ContentFile(blob.data, name=blob.filename)
        )
        obj.file.save(blob.filename, content, save=False)  # an image's width and height are read here
        journal.saved(obj.file)
        obj.file_hash = hash_filelike(BytesIO(blob.data))  # what _set_file_hash would read back (SHA-1)
        if kind != IMAGE:
            obj.file_size = len(blob.data)  # as write_media (an image's is read when first asked for)
        by_model.setdefault(model, []).append(obj)
        created.append(obj)
    for model, objs in by_model.items():
        model.objects.bulk_create(objs)
    return created
