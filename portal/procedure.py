"""The procedure of a regulation page: the `procedure` StreamField block and reading the live steps back.

The six services' steps and limits are data in the service catalogue (``catalogue``); at import they seed
the `procedure` StreamField of every regulation page (`ApprovedDocumentPage`).  After import the *published
page* is the source of truth, so an editor who fixes a limit through the moderated workflow changes the
deadlines of future applications (`procedure_steps`; records.definitions snapshots them at filing).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from catalogue import service
from catalogue.steps import (
    ACTOR_CHOICES,
    LIMIT_KIND_CHOICES,
    SUBCASE_CHOICES,
    VALUED_LIMIT_KINDS,
    ProcedureStep,
    steps_from_stream,
)


class ProcedureStepBlock(blocks.StructBlock):
    """One step of a regulation's procedure: who, what, and the longest time allowed."""

    code = blocks.CharBlock(
        max_length=64,
        label=_("Step code"),
        help_text=_("Stable code used by the application workflow, e.g. register, assign, hand_over."),
    )
    order = blocks.IntegerBlock(min_value=1, label=_("Order"))
    subcase = blocks.ChoiceBlock(choices=SUBCASE_CHOICES, required=False, label=_("Sub-case"))
    actor = blocks.ChoiceBlock(choices=ACTOR_CHOICES, label=_("Actor"))
    actor_label = blocks.CharBlock(label=_("Actor as named in the act"))
    action = blocks.TextBlock(label=_("Action"))
    limit_kind = blocks.ChoiceBlock(choices=LIMIT_KIND_CHOICES, label=_("Kind of time limit"))
    limit_value = blocks.IntegerBlock(required=False, min_value=0, label=_("Time limit"))
    limit_text = blocks.CharBlock(label=_("Time limit as printed"))
    point_anchor = blocks.CharBlock(required=False, label=_("Anchor of the point"))

    class Meta:
        icon = "list-ol"
        label = _("Procedure step")
        form_classname = "struct-block procedure-step-block"

    def clean(self, value):
        value = super().clean(value)
        kind, amount = value.get("limit_kind"), value.get("limit_value")
        if kind in VALUED_LIMIT_KINDS and not amount:
            raise StructBlockValidationError(
                block_errors={
                    "limit_value": ValidationError(_("Enter the number of minutes, hours or working days.")),
                }
            )
        if kind not in VALUED_LIMIT_KINDS and amount is not None:
            raise StructBlockValidationError(
                block_errors={
                    "limit_value": ValidationError(
                        _("Leave this empty for a same-day or externally set limit.")
                    ),
                }
            )
        return value


PROCEDURE_BLOCKS = [("step", ProcedureStepBlock())]

_BLOCK_ID_NAMESPACE = uuid.UUID("5b0e6f8a-3c1d-4f7e-9a52-0d3f1c2b7a90")


def default_procedure(service_code: str) -> list[dict]:
    """The StreamField raw data of a regulation page's procedure, as seeded at import from the catalogue.

    Block ids are derived from (service, sub-case, code), so re-seeding yields the same data.
    """
    return [
        {
            "type": "step",
            "value": step.as_block_value(),
            "id": str(uuid.uuid5(_BLOCK_ID_NAMESPACE, f"{service_code}/{step.subcase}/{step.code}")),
        }
        for step in service(service_code).steps
    ]


def _live_regulation_page(service_code: str):
    from portal.models import ApprovedDocumentPage  # lazy: models import this module for their blocks

    return (
        ApprovedDocumentPage.objects.live()
        .filter(service_code=service_code)
        .order_by("-last_published_at", "-pk")
        .first()
    )


def regulation_point_url(service_code: str, anchor: str = "") -> str:
    """The address of the service's published regulation page in the current interface language, at the point
    `anchor` (e.g. "d1-p5-s4"); "" when no regulation page of the service is published."""
    service(service_code)
    page = _live_regulation_page(service_code)
    url = (page.get_url() or "") if page is not None else ""
    return f"{url}#{anchor}" if url and anchor else url


def procedure_steps(service_code: str, *, page=None) -> list[ProcedureStep]:
    """The steps of a service as the public reads them: from `page` if given, otherwise from the most
    recently published regulation page of the service.  The catalogue's steps are used only when no such
    page is published or its procedure is still empty (a page imported before its procedure was seeded).
    """
    info = service(service_code)
    if page is None:
        page = _live_regulation_page(service_code)
    elif getattr(page, "service_code", service_code) != service_code:
        raise ValueError(f"Page {page.pk} is the regulation of {page.service_code!r}, not {service_code!r}")
    if page is not None:
        steps = steps_from_stream(page.procedure.raw_data)
        if steps:
            return steps
    return list(info.steps)
