"""State names of the six application state machines (DOMAIN §3.3–§3.8) and their display labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STATE_LABELS = {
    "submitted": _("Submitted"),
    "registered": _("Registered"),
    "assigned": _("Executor assigned"),
    "complete": _("Documents complete"),
    "stats_notified": _("Legal statistics notified"),
    "inspected": _("Object inspected"),
    "act_submitted": _("Inspection act submitted"),
    "conclusion_compliant": _("Conclusion: complies"),
    "conclusion_noncompliant": _("Conclusion: does not comply"),
    "notified_for_pickup": _("Notified to collect the result"),
    "examined": _("Examined"),
    "at_oblast_inspection": _("At the oblast inspection"),
    "number_assigned": _("Accounting number assigned"),
    "confirmation_received": _("Confirmation received"),
    "confirmation_issued": _("Confirmation issued"),
    "scheduled_per_plan": _("Scheduled per the identification plan"),
    "awaiting_tags": _("Awaiting ear tags"),
    "tags_received": _("Ear tags received"),
    "identified": _("Identified"),
    "document_ready": _("Document ready"),
    "with_commission": _("With the commission"),
    "scheduled": _("Attestation scheduled"),
    "testing": _("Testing"),
    "interview": _("Interview"),
    "decided": _("Decision taken"),
    "under_review": _("Under review"),
    "draft_ready": _("Draft ready for signature"),
    "refusal_drafted": _("Refusal drafted"),
    "signed": _("Signed"),
    "refusal_signed": _("Refusal signed"),
    "issued": _("Result issued"),
    "delivered": _("Delivered"),
    "refused": _("Refused"),
    "refused_incomplete": _("Refused: incomplete documents"),
    "portal_rejected": _("Rejected at portal intake"),
    # [proposal] the applicant's cabinet (docs/decisions.md): a request to add documents, a withdrawal.
    "documents_requested": _("Documents requested from the applicant"),
    "withdrawn": _("Withdrawn by the applicant"),
}
STATE_CHOICES = list(STATE_LABELS.items())

# Terminal in every service that has them; no state is terminal in one service and open in another.
TERMINAL_STATES = frozenset(
    {"issued", "delivered", "refused", "refused_incomplete", "portal_rejected", "withdrawn"}
)
# States in which the limit clock stops (no due time; the running step is kept, records.document_requests).
PAUSED_STATES = frozenset({"documents_requested"})
# Terminal states that carry the service's result (a document handed over or a reasoned refusal).
RESULT_STATES = frozenset({"issued", "delivered", "refused", "refused_incomplete"})

OFFICE, PORTAL = "office", "portal"
CHANNEL_CHOICES = [(OFFICE, _("Office")), (PORTAL, _("Portal"))]

# DOMAIN §3.2: the refusal messages of the portal intake checks, by the condition that failed.
PORTAL_REFUSAL_CHOICES = [
    ("auth_refused", _("Authorization on the portal refused (violations in the applicant's data)")),
    ("payment_missing", _("Service refused: no payment received")),
    ("signature_refused", _("Service refused: the electronic digital signature could not be confirmed")),
    ("data_violation_refused", _("Service refused: violations in the applicant's data")),
]

ATTESTATION_DECISIONS = [
    ("attested", _("Attested")),
    ("re_attestation", _("Subject to re-attestation")),
    ("not_attested", _("Not attested")),
]
