"""`export_discussion.json` → the old public comments, kept read-only under their page.

The export holds, per item, `{"uuid", "conversation": {"items": [...]}}`, the plone.restapi serialisation
of its conversation: each comment has `comment_id`, `in_reply_to`, `author_name`, `author_username`,
`creation_date` and `text` (`{"data", "mime-type"}`; plain text unless the site allowed HTML).  Each
becomes an ArchiveComment (author's name, date, text cleaned with nh3), keyed by page and comment id so a
re-run updates rather than doubles them.  Nothing lets anyone add or edit one: the page shows them as an
archive.  A comment still waiting for moderation (a `review_state` other than published) stays out.
"""

from __future__ import annotations

import html

from portal.plone.extra_models import ArchiveComment, clean_comment_html
from portal.plone.models import ArchivePage
from portal.plone.postpass import problem, targets
from portal.plone.times import TimeFormatError, parse_time

TEXT_TYPES = {"", "text/plain", "text/x-web-intelligent"}


def clean_text(data: str, mime_type: str = "text/plain") -> str:
    """The comment as safe HTML: plain text becomes paragraphs; HTML keeps only a few harmless tags."""
    if mime_type in TEXT_TYPES:
        paragraphs = [p.strip() for p in data.replace("\r\n", "\n").split("\n\n") if p.strip()]
        data = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return clean_comment_html(data)


def apply(entries: list[dict]) -> dict:
    found = targets(str(entry.get("uuid") or "") for entry in entries)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "not_public": 0}
    problems: list[dict] = []
    for entry in entries:
        uid = str(entry.get("uuid") or "")
        items = ((entry.get("conversation") or {}).get("items")) or []
        page = found[uid].page if uid in found else None
        if not isinstance(page, ArchivePage):
            reason = "not an archive page" if uid in found else "the item was not imported"
            problems.append(problem(uid, reason, comments=len(items)))
            continue
        for item in items:
            status = _keep(page, item)
            if status in counts:
                counts[status] += 1
            else:
                problems.append(problem(uid, status, comment_id=str(item.get("comment_id") or "")))
    return {**counts, "problems": problems}


def _keep(page: ArchivePage, item: dict) -> str:
    if item.get("review_state") not in (None, "", "published"):
        return "not_public"
    comment_id = str(item.get("comment_id") or "")
    if not comment_id:
        return "a comment without comment_id"
    text = item.get("text")
    data, mime = (
        (text.get("data") or "", text.get("mime-type") or "") if isinstance(text, dict) else (text or "", "")
    )
    try:
        created = parse_time(item.get("creation_date"))
    except TimeFormatError as exc:
        return f"comment {comment_id}: {exc}"
    values = {
        "in_reply_to": str(item.get("in_reply_to") or ""),
        "author_name": str(item.get("author_name") or item.get("author_username") or "")[:255],
        "created": created,
        "text": clean_text(str(data), str(mime)),
    }
    comment = ArchiveComment.objects.filter(page_id=page.pk, comment_id=comment_id).first()
    if comment is None:
        ArchiveComment.objects.create(page_id=page.pk, comment_id=comment_id, **values)
        return "created"
    if all(getattr(comment, key) == value for key, value in values.items()):
        return "unchanged"
    for key, value in values.items():
        setattr(comment, key, value)
    comment.save()
    return "updated"
