"""The new pages of a batch, written in bulk.

Why: through Wagtail's API an imported page costs three saves (add_child, save_revision, publish), each
with its validation, its signals and its search indexing, and one query or more for every revision and
history entry: 60–70 ms a page, 15–25 items/s.  Here the new pages of a batch take a fixed number of
statements whatever their number (pages, specific rows, revisions, history, pointers, parents), and are
indexed once.  An item imported before (a changed one) still goes through pages.write_page.

What add_child, save_revision and publish would have done, kept here by hand:

* Tree (treebeard's materialised path, Page.steplen characters a level): a page's path is its parent's
  path and the step after the parent's last child (siblings in the order of the export), depth is the
  parent's plus one, numchild of each parent is raised by the children it got (a new parent is written
  with its count), url_path is the parent's url_path + slug + "/", and the slug (the Plone id) is free
  among the siblings.  Page.find_problems() finds nothing after an import (tested).
* Multi-table inheritance: the wagtailcore_page rows first (bulk_create returns their ids), then the rows
  of the specific table with the same ids; content_type is the specific type, translation_key a new UUID,
  locale the item's language or the parent's.
* Revisions: one per exported version and one for the current item, content = the page serialised as
  save_revision makes it (before publishing), base content type Page, created_at and user from Plone; then
  latest_revision (the current one) and, when published, live_revision, in one bulk update.
* State: a published item is live, without unpublished changes, its row holding the current version; any
  other state is a draft (never live) whose row holds the first version, as add_child left it, with
  draft_title the current title.  Dates are Plone's (pages.plone_dates).
* History: "wagtail.create" at the creation time by the owner, a "portal.plone_version" entry beside each
  revision and the "portal.plone_workflow" entries (built by pages.py for both paths).
* What the signals would have done: the search index (Wagtail's backends, add_bulk once per batch and
  model: the archive search finds the pages once the command ends), the reference index (one bulk insert
  for the pages whose links were rewritten; pages without links have no references) and page_published,
  sent once per batch for each live page that got new live children rather than for every page: its
  receivers (the outbox of the acts' search, page caches) look at the page's subtree and ancestors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.search.index import class_is_indexed
from wagtail.signals import page_published

from portal.plone.items import PloneItem
from portal.plone.mapping import INDEX
from portal.plone.models import ArchiveIndexPage, ArchivePage
from portal.plone.pages import (
    TITLE_MAX,
    Users,
    first_free,
    plone_dates,
    slug_base,
    version_entry,
    workflow_entries,
)
from portal.plone.richtext import sanitize
from portal.plone.translations import locale_for

# Revision content of a page before it is published, whatever the page's final state.
_UNPUBLISHED = {
    "live": False,
    "has_unpublished_changes": True,
    "first_published_at": None,
    "last_published_at": None,
    "live_revision": None,
    "latest_revision": None,
    "latest_revision_created_at": None,
}


@dataclass
class Text:
    """One version of the page (an exported version or the current item)."""

    number: str
    title: str
    description: str
    html: str  # sanitised
    when: datetime | None
    note: str
    actor: str


@dataclass(eq=False)
class PagePlan:
    """A new page of the batch: the importer fills the first fields, the writer the others."""

    key: int  # the item's place in the batch
    item: PloneItem
    kind: str
    live: bool
    parent_pk: int | None = None  # an existing page …
    parent_uid: str = ""  # … or a new page of this batch
    page: Page | None = None
    texts: list[Text] = field(default_factory=list)
    links_pending: bool = False
    raw: object = None  # the importer's RawItem (a deferred page is read again)

    @property
    def row_text(self) -> Text:
        return self.texts[-1] if self.live else self.texts[0]


@dataclass
class _Parent:
    path: str
    depth: int
    url_path: str
    locale_id: int
    next_step: int
    slugs: set[str]
    pk: int | None = None  # an existing page (its numchild is raised after the insert)
    page: Page | None = None  # a new page (written with its numchild)
    live: bool = False
    added: int = 0
    added_live: int = 0


def texts_of(item: PloneItem, kind: str) -> list[Text]:
    current = Text(
        "current", item.title, item.description, item.html, item.modified, item.change_note, item.actor
    )
    versions = [
        Text(v.number, v.title, v.description, v.html, v.modified, v.change_note, v.actor)
        for v in item.versions
    ]
    texts = [*versions, current]
    for text in texts:
        text.title = (text.title or item.plone_id)[:TITLE_MAX]
        # A folder has no text field: its links are nothing to rewrite.
        text.html = sanitize(text.html) if kind != INDEX else ""
    return texts


class PageWriter:
    """Writes the new pages of one batch: place, insert, then finish once their texts are final."""

    def __init__(self, users: Users, locales: dict[str, Locale | None]):
        self.users = users
        self.locales = locales  # the importer's, kept over the batches
        self.parents: dict[int, _Parent] = {}
        self.new_parents: dict[str, _Parent] = {}
        self.page_type = ContentType.objects.get_for_model(Page)

    # --------------------------------------------------------------------------------------- placing

    def place(self, plans: list[PagePlan]) -> list[PagePlan]:
        """Give each page its place in the tree; returns the plans whose parent is not there (deferred)."""
        self._load_parents({plan.parent_pk for plan in plans if plan.parent_pk})
        pending, placed_any = list(plans), True
        while pending and placed_any:
            placed_any, rest = False, []
            for plan in pending:
                parent = (
                    self.parents.get(plan.parent_pk)
                    if plan.parent_pk
                    else self.new_parents.get(plan.parent_uid)
                )
                if parent is None:
                    rest.append(plan)
                    continue
                self._place(plan, parent)
                placed_any = True
            pending = rest
        for parent in self.new_parents.values():
            parent.page.numchild = parent.added
        return pending

    def _load_parents(self, pks: set[int]) -> None:
        fields = ("pk", "path", "depth", "url_path", "locale_id", "live")
        for pk, path, depth, url_path, locale_id, live in Page.objects.filter(pk__in=pks).values_list(
            *fields
        ):
            # A range of the path index (LIKE 'path%' is a scan on SQLite).
            last_step = Page.alphabet[-1] * Page.steplen
            children = Page.objects.filter(path__range=(path, path + last_step), depth=depth + 1)
            slugs, last = set(), ""
            for child_path, slug in children.values_list("path", "slug"):
                slugs.add(slug)
                last = max(last, child_path)
            step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
            self.parents[pk] = _Parent(path, depth, url_path, locale_id, step, slugs, pk=pk, live=live)

    def _place(self, plan: PagePlan, parent: _Parent) -> None:
        item = plan.item
        depth = parent.depth + 1
        path = Page._get_path(parent.path, depth, parent.next_step)
        if len(path) != depth * Page.steplen:
            raise PathOverflow(f"more children than a path step holds under {parent.path}")
        parent.next_step += 1
        parent.added += 1
        parent.added_live += plan.live
        slug = first_free(slug_base(item.plone_id), parent.slugs)
        parent.slugs.add(slug)
        plan.texts = texts_of(item, plan.kind)
        model = ArchiveIndexPage if plan.kind == INDEX else ArchivePage
        page = model(
            title=plan.row_text.title,
            draft_title=plan.texts[-1].title,
            slug=slug,
            path=path,
            depth=depth,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            locale_id=self._locale_id(item.language) or parent.locale_id,
            owner=self.users.get(item.creators[0] if item.creators else ""),
            live=plan.live,
            has_unpublished_changes=not plan.live,
            intro=plan.row_text.description,
            **plone_dates(item, plan.live),
        )
        # No comments yet: serialising the page for its revisions then needs no query.
        for relation in get_all_child_relations(model):
            setattr(page, relation.get_accessor_name(), [])
        plan.page = page
        self.new_parents[item.uid] = _Parent(
            path, depth, page.url_path, page.locale_id, 1, set(), page=page, live=plan.live
        )

    def _locale_id(self, language: str) -> int | None:
        if language not in self.locales:
            self.locales[language] = locale_for(language)
        locale = self.locales[language]
        return locale.pk if locale else None

    # ------------------------------------------------------------------------------------- inserting

    def insert(self, plans: list[PagePlan]) -> None:
        """The wagtailcore_page rows: afterwards each plan's page has its id (its texts are not final)."""
        fields = Page._meta.concrete_fields
        rows = [Page(**{f.attname: getattr(plan.page, f.attname) for f in fields}) for plan in plans]
        Page.objects.bulk_create(rows)
        for plan, row in zip(plans, rows, strict=True):
            if row.pk is None:
                raise RuntimeError("the database returned no ids from a bulk insert")
            plan.page.id = plan.page.page_ptr_id = row.pk
            plan.page._state.adding, plan.page._state.db = False, row._state.db

    def finish(self, plans: list[PagePlan]) -> None:
        """Specific rows, revisions, history, revision pointers, the parents' numchild and the indexes."""
        for plan in plans:
            if plan.kind != INDEX:
                plan.page.body = plan.row_text.html
        self._insert_specific(plans)
        revisions = self._revisions(plans)
        Revision.objects.bulk_create([revision for _plan, group in revisions for revision in group])
        self._history(revisions)
        for plan, group in revisions:
            plan.page.latest_revision_id = group[-1].pk
            plan.page.live_revision_id = group[-1].pk if plan.live else None
        _set_revision_pointers([plan.page for plan in plans])
        for parent in self.parents.values():
            if parent.added:
                Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + parent.added)
        self._references(plans)
        for model in (ArchiveIndexPage, ArchivePage):
            index_objects(model, [plan.page for plan in plans if type(plan.page) is model])

    def announce(self) -> None:
        """page_published, once for each live page that got new live children (see the docstring)."""
        pks = [pk for pk, parent in self.parents.items() if parent.added_live and parent.live]
        for page in Page.objects.filter(pk__in=pks).specific():
            page_published.send(sender=type(page), instance=page, revision=page.live_revision)

    def _insert_specific(self, plans: list[PagePlan]) -> None:
        # QuerySet.bulk_create refuses a model with a parent table; _insert is what Model.save calls for
        # each table of the chain, here with the batch's rows in one statement.
        for model in (ArchiveIndexPage, ArchivePage):
            objs = [plan.page for plan in plans if type(plan.page) is model]
            fields = model._meta.local_concrete_fields
            size = connection.ops.bulk_batch_size(fields, objs) or len(objs) or 1
            for start in range(0, len(objs), size):
                model._base_manager._insert(objs[start : start + size], fields=fields, using=connection.alias)

    def _revisions(self, plans: list[PagePlan]) -> list[tuple[PagePlan, list[Revision]]]:
        out = []
        for plan in plans:
            page = plan.page
            content_type = ContentType.objects.get_for_model(page)
            base = {**page.serializable_data(), **_UNPUBLISHED}
            group = []
            for text in plan.texts:
                content = {**base, "title": text.title, "draft_title": text.title, "intro": text.description}
                if plan.kind != INDEX:
                    content["body"] = text.html
                group.append(
                    Revision(
                        content_type=content_type,
                        base_content_type=self.page_type,
                        object_id=str(page.pk),
                        created_at=text.when or timezone.now(),
                        user=self.users.get(text.actor),
                        object_str=text.title,
                        content=content,
                    )
                )
            out.append((plan, group))
        return out

    def _history(self, revisions: list[tuple[PagePlan, list[Revision]]]) -> None:
        entries = []
        for plan, group in revisions:
            page, item = plan.page, plan.item
            content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
            entries.append(
                PageLogEntry(
                    content_type=content_type,
                    label=plan.texts[0].title,
                    action="wagtail.create",
                    page_id=page.pk,
                    user=page.owner,
                    timestamp=item.created or timezone.now(),
                    content_changed=True,
                    data={},
                )
            )
            for text, revision in zip(plan.texts, group, strict=True):
                user = self.users.get(text.actor)
                entries.append(
                    version_entry(
                        page.pk, content_type, text.title, revision, user, revision.created_at, text.number,
                        text.note, text.actor,
                    )
                )  # fmt: skip
            entries += workflow_entries(page.pk, content_type, page.draft_title, item, self.users)
        PageLogEntry.objects.bulk_create(entries)

    def _references(self, plans: list[PagePlan]) -> None:
        rows = []
        for plan in plans:
            page = plan.page
            body = getattr(page, "body", "") or ""
            if plan.links_pending or ("linktype=" not in body and "embedtype=" not in body):
                continue  # nothing to point at yet (a pending page is indexed by the links pass)
            content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
            for to_type, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            ):
                rows.append(
                    ReferenceIndex(
                        content_type=content_type,
                        base_content_type=self.page_type,
                        object_id=page.pk,
                        to_content_type_id=to_type,
                        to_object_id=to_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                    )
                )
        ReferenceIndex.objects.bulk_create(
            rows, ignore_conflicts=connection.features.supports_ignore_conflicts
        )


def _set_revision_pointers(pages: list[Page]) -> None:
    # One statement run for each page: QuerySet.bulk_update builds a CASE over the whole batch, which
    # costs more to compile than the update itself.
    opts, quote = Page._meta, connection.ops.quote_name
    latest, live = (quote(opts.get_field(name).column) for name in ("latest_revision", "live_revision"))
    sql = f"UPDATE {quote(opts.db_table)} SET {latest} = %s, {live} = %s WHERE {quote(opts.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(p.latest_revision_id, p.live_revision_id, p.pk) for p in pages])


def index_objects(model: type, objs: list) -> None:
    """What Wagtail's post_save handler does for each object, once for the batch."""
    if not objs or not class_is_indexed(model) or not getattr(model, "search_auto_update", True):
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objs)
