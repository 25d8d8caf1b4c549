"""The second pass: once every item of the export exists, the links of the imported texts (in every
revision, so that an old version links as well as the current one) become Wagtail's own links."""

from __future__ import annotations

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Revision

from portal.plone.models import PloneProvenance
from portal.plone.richtext import Target, rewrite_links


class _Targets:
    """Old references (UID or path) → the imported page, document or image."""

    def __init__(self, site_path: str):
        self.site_path = site_path.rstrip("/")
        self.cache: dict[tuple[str, str], Target | None] = {}
        self.kinds = {
            get_document_model(): "document",
            get_image_model(): "image",
        }

    def __call__(self, ref: tuple[str, str]) -> Target | None:
        if ref not in self.cache:
            self.cache[ref] = self._find(ref)
        return self.cache[ref]

    def _find(self, ref: tuple[str, str]) -> Target | None:
        how, value = ref
        if how == "uid":
            rows = PloneProvenance.objects.filter(uid=value)
        else:
            paths = {value, self.site_path + value} if self.site_path else {value}
            rows = PloneProvenance.objects.filter(old_path__in=paths)
        row = rows.exclude(target_id=None).select_related("target_type").first()
        if row is None:
            return None
        model = row.target_type.model_class()
        if model is None:
            return None
        kind = "page" if issubclass(model, Page) else self.kinds.get(model)
        return Target(kind, row.target_id) if kind else None


def rewrite_pending_links(site_path: str, site_hosts: tuple[str, ...] = ()) -> list[dict]:
    """Rewrite the texts of the pages whose links are pending; the links that found no target."""
    resolve = _Targets(site_path)
    unresolved: list[dict] = []
    for row in PloneProvenance.objects.filter(links_pending=True).exclude(target_id=None):
        page = Page.objects.filter(pk=row.target_id).first()
        if page is None:
            continue
        page = page.specific
        base = row.old_path
        missing: list[str] = []
        if hasattr(page, "body"):
            page.body, lost = rewrite_links(page.body, base, resolve, site_hosts)
            missing += lost
            type(page).objects.filter(pk=page.pk).update(body=page.body)
        for revision in Revision.objects.filter(
            object_id=str(page.pk), base_content_type=page.get_base_content_type()
        ):
            body = revision.content.get("body")
            if not body:
                continue
            revision.content["body"], lost = rewrite_links(body, base, resolve, site_hosts)
            missing += lost
            revision.save(update_fields=["content"])
        PloneProvenance.objects.filter(pk=row.pk).update(links_pending=False)
        ReferenceIndex.create_or_update_for_object(page)  # the new links: document and page usage
        if missing:
            unresolved.append({"uid": row.uid, "path": row.old_path, "links": sorted(set(missing))})
    return unresolved
