"""How the page history shows what came from Plone (imported by portal.wagtail_hooks)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from portal.plone.pages import VERSION_ACTION, WORKFLOW_ACTION


@hooks.register("register_log_actions")
def register_plone_actions(actions) -> None:
    @actions.register_action(VERSION_ACTION)
    class PloneVersion(LogFormatter):
        label = gettext_lazy("Plone version")

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            return _("Version from Plone by %(actor)s") % {"actor": data.get("actor") or "—"}

        def format_comment(self, log_entry) -> str:
            return (log_entry.data or {}).get("change_note", "")

    @actions.register_action(WORKFLOW_ACTION)
    class PloneWorkflow(LogFormatter):
        label = gettext_lazy("Plone workflow")

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            return _("Plone: %(transition)s by %(actor)s, state %(state)s") % {
                "transition": data.get("transition") or _("created"),
                "actor": data.get("actor") or "—",
                "state": data.get("review_state") or "—",
            }

        def format_comment(self, log_entry) -> str:
            return (log_entry.data or {}).get("comments", "")
