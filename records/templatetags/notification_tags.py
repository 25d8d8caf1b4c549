"""``{% application_notifications app %}``: the notifications of an application on its staff page."""

from __future__ import annotations

from django import template

from ..notifications.admin_views import can_read_log, notifications_of

register = template.Library()


@register.inclusion_tag("records/notifications/admin/application_notifications.html", takes_context=True)
def application_notifications(context, app) -> dict:
    user = context["request"].user
    return {"notifications": notifications_of(user, app), "shown": can_read_log(user)}
