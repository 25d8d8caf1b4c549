"""GET /acts/… of the JSON API: the published acts, read-only and public (no token), as a django-ninja Router.

The API of records (records.api.main) mounts this router, as it mounts search's: portal sits below records and
never imports it.  The answers come from portal.act_tree, the same tree as the Akoma Ntoso XML and the PDF,
so a point's ``eid`` is its anchor on the act page and in the XML.  Errors are raised as ``HttpError`` with a
``code``, which the mounting API answers in its error shape (the OpenAPI document calls it ``Error``).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from portal.act_tree import ActTree, Division, Document, Item, act_tree, all_items
from portal.akn import frbr_uri
from portal.models import STATUS_CHOICES, LegalActPage

router = Router(tags=["acts"])
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
INVALID = {"description": _("A parameter is not valid (invalid_input)."), "content": ERROR}
StatusCode = Literal["in_force", "repealed"]
CODE_PATTERN = r"^[0-9A-Za-z_-]{1,20}$"
EID_PATTERN = r"^[0-9A-Za-z_-]{1,80}$"


class NotFound(HttpError):
    code = "not_found"

    def __init__(self, message) -> None:
        super().__init__(404, message)


# ------------------------------------------------------------------------------------------ schemas


class PointOut(Schema):
    eid: str = Field(description=_("The point's anchor: «#eid» on the act page, eId in the Akoma Ntoso XML."))
    kind: Literal["point", "subpoint", "paragraph"]
    number: str = Field(description=_("As printed, without punctuation; numbers may repeat in an act."))
    marker: str = Field(description=_("The printed number with its punctuation: «7.», «3)»."))
    text: str
    children: list[PointOut]


class DivisionOut(Schema):
    eid: str
    number: str
    title: str
    points: list[PointOut]


class AppendixOut(Schema):
    eid: str
    number: str
    title: str
    url: str
    missing_in_source: bool


class DocumentOut(Schema):
    eid: str
    seq: int
    kind: str
    title: str
    url: str
    divisions: list[DivisionOut]
    points: list[PointOut] = Field(description=_("Points outside any chapter."))
    appendices: list[AppendixOut]


class ActSummary(Schema):
    code: str
    title: str
    act_type: str
    issuing_body: str
    number: str
    act_date: date | None
    registration_number: str
    registration_date: date | None
    status: StatusCode
    repealed_by: str
    repealed_date: date | None
    url: str = Field(description=_("The act's page."))
    akn_uri: str = Field(description=_("FRBR URI of the act's Kazakh expression (Akoma Ntoso)."))
    akn_url: str = Field(description=_("The Akoma Ntoso XML of the act."))
    pdf_url: str = Field(description=_("The PDF of the act."))
    api_url: str


class ActDetail(ActSummary):
    intro: list[str] = Field(description=_("Header, the source's status line and editorial notes."))
    preamble: str
    points: list[PointOut]
    signature: str
    documents: list[DocumentOut]


class PointDetail(PointOut):
    act: str = Field(description=_("The code of the act."))
    document: str | None = Field(description=_("The eid of the approved document holding the point."))
    url: str = Field(description=_("The permalink of the point."))


PointOut.model_rebuild()


# ----------------------------------------------------------------------------------------- building


def _point(item: Item) -> dict:
    return {
        "eid": item.anchor,
        "kind": item.kind,
        "number": item.number,
        "marker": item.marker,
        "text": item.text,
        "children": [_point(child) for child in item.children],
    }


def _document(request: HttpRequest, document: Document) -> dict:
    divisions = [p for p in document.parts if isinstance(p, Division)]
    return {
        "eid": document.anchor,
        "seq": document.seq,
        "kind": document.kind,
        "title": document.title,
        "url": _absolute(request, document.url),
        "divisions": [
            {"eid": d.anchor, "number": d.number, "title": d.title, "points": [_point(i) for i in d.items]}
            for d in divisions
        ],
        "points": [_point(p) for p in document.parts if isinstance(p, Item)],
        "appendices": [
            {
                "eid": a.anchor,
                "number": a.number,
                "title": a.title,
                "url": _absolute(request, a.url),
                "missing_in_source": a.missing_in_source,
            }
            for a in document.appendices
        ],
    }


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url) if url else ""


def akn_path(act: LegalActPage) -> str:
    """The address of the act's Akoma Ntoso XML: its FRBR expression URI (see portal.akn_views)."""
    return frbr_uri(act).expression_uri(work_component=False)


def pdf_path(act: LegalActPage) -> str:
    try:  # certificates typesets the PDF; it sits above portal, so it is reached by URL name only
        return reverse("certificates:act_pdf", kwargs={"code": act.code})
    except NoReverseMatch:
        return ""


def _summary(request: HttpRequest, act: LegalActPage) -> dict:
    return {
        "code": act.code,
        "title": act.title,
        "act_type": act.act_type,
        "issuing_body": act.issuing_body,
        "number": act.number,
        "act_date": act.act_date,
        "registration_number": act.registration_number,
        "registration_date": act.registration_date,
        "status": act.status,
        "repealed_by": act.repealed_by,
        "repealed_date": act.repealed_date,
        "url": _absolute(request, act.get_url(request) or ""),
        "akn_uri": akn_path(act),
        "akn_url": _absolute(request, akn_path(act)),
        "pdf_url": _absolute(request, pdf_path(act)),
        "api_url": _absolute(request, f"/api/v1/acts/{act.code}/"),
    }


def _detail(request: HttpRequest, act: LegalActPage, tree: ActTree) -> dict:
    return {
        **_summary(request, act),
        "title": tree.title.replace("\n", " "),
        "intro": [text.text for text in tree.intro],
        "preamble": tree.preamble.text if tree.preamble else "",
        "points": [_point(item) for item in tree.items],
        "signature": tree.signature.text if tree.signature else "",
        "documents": [_document(request, d) for d in tree.documents],
    }


def _act(code: str) -> LegalActPage:
    act = LegalActPage.objects.live().public().filter(code=code).first()
    if act is None:
        raise NotFound(_("No published act has this code."))
    return act


# ---------------------------------------------------------------------------------------- endpoints


@router.get(
    "/acts/",
    response=list[ActSummary],
    auth=None,
    url_name="acts",
    operation_id="listActs",
    summary=_("The published legal acts"),
    openapi_extra={"responses": {400: INVALID}},
)
def list_acts(request: HttpRequest, status: StatusCode | None = None) -> list[dict]:
    acts = LegalActPage.objects.live().public().order_by("-act_date", "code")
    if status in dict(STATUS_CHOICES):
        acts = acts.filter(status=status)
    return [_summary(request, act) for act in acts]


@router.get(
    "/acts/{code}/",
    response=ActDetail,
    auth=None,
    url_name="act",
    operation_id="getAct",
    summary=_("One act with its points, approved documents and appendices"),
    openapi_extra={
        "responses": {
            400: INVALID,
            404: {"description": _("No published act has this code (not_found)."), "content": ERROR},
        },
    },
)
def get_act(request: HttpRequest, code: str = Path(..., pattern=CODE_PATTERN)) -> dict:
    act = _act(code)
    return _detail(request, act, act_tree(act))


@router.get(
    "/acts/{code}/points/{eid}/",
    response=PointDetail,
    auth=None,
    url_name="act_point",
    operation_id="getActPoint",
    summary=_("One point (or sub-point, or paragraph) of an act, by its eid"),
    openapi_extra={
        "responses": {
            400: INVALID,
            404: {"description": _("No such act, or no such point in it (not_found)."), "content": ERROR},
        },
    },
)
def get_point(
    request: HttpRequest,
    code: str = Path(..., pattern=CODE_PATTERN),
    eid: str = Path(..., pattern=EID_PATTERN),
) -> dict:
    act = _act(code)
    tree = act_tree(act)
    for document, item in all_items(tree):
        if item.anchor == eid:
            return {
                **_point(item),
                "act": act.code,
                "document": document.anchor if document else None,
                "url": _absolute(request, f"{tree.url}#{eid}"),
            }
    raise NotFound(_("The act has no point with this eid."))
