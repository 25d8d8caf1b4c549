"""Template helpers of the act versions (issue 17): the repeal of an act with its effective date."""

from __future__ import annotations

from django import template

from portal.version_models import KIND_REPEALS, ActRelation

register = template.Library()


@register.simple_tag
def act_repeal(act) -> ActRelation | None:
    """The recorded repeal of the act (the latest when several were recorded), or None."""
    if act is None or not getattr(act, "pk", None):
        return None
    return (
        ActRelation.objects.filter(target_act_id=act.pk, kind=KIND_REPEALS)
        .select_related("source_act")
        .order_by("-effective_date", "-id")
        .first()
    )
