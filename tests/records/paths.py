"""Scripted paths through the six state machines, written out by hand from DOMAIN §3.3–§3.9.

Each step says who acts, at what time (Asia/Almaty, March 2025: Sat/Sun off, 10 March off for 8 March,
21-25 March off for Nauryz), the state expected afterwards and the due time expected for that state — so
the same table checks the transitions and the deadlines.  Working hours are 09:00-18:30.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from catalogue.roles import Role

from .conftest import at, doc, filing_data

EXECUTOR = "<assigned executor>"  # replaced by the executor user's id when the step runs
HEAD = "<head>"  # replaced by the head user's id
COMMISSION = {
    "commission_chair": "Омаров Серік",
    "commission_members": "Ахметова Гүлжан\nБекова Айнұр",
    "commission_secretary": "Нұрланова Дана",
}

OF, H, E, V, OB, C, P = (
    Role.OFFICE,
    Role.HEAD,
    Role.EXECUTOR,
    Role.STATE_VET_DOCTOR,
    Role.OBLAST_INSPECTION,
    Role.COMMISSION,
    Role.PORTAL,
)
A = Role.APPLICANT  # the owner, in the cabinet (run_path links the applicant to this role's user)

DATA = {
    "assign": {"executor": EXECUTOR, "resolution_text": "Қарап, заңға сәйкес орындауға."},
    "confirm_complete": {"documents_complete": True},
    "accept_complete": {"documents_complete": True},
    "refuse_incomplete": {"reason": "Стандарттың 9-тармағындағы құжаттар толық емес.", "ground": "p9"},
    "refuse": {
        "reason": "Стандарттың 10-тармағы бойынша негіз бар.",
        "ground": "p10-1",
        "refusal_signed_by": HEAD,
    },
    "return_incomplete": {"reason": "Құжаттар толық емес."},
    "draft_refusal": {"reason": "Біліктілік талаптарына сәйкес емес.", "ground": "p10-2"},
    "reject_at_portal": {"message": "signature_refused"},
    "inspect": {"findings": "Объект құжаттарға және ережелерге сәйкес."},
    "submit_act": {"act_number": "17"},
    "decide_noncompliant": {"recommendations": "Дезинфекциялық тосқауыл орнату."},
    "examine": {"identification_checked": True, "epizootic_situation": "Аудан бойынша тұрақты."},
    "issue_confirmation": {"delivery": "printout"},
    "identify": {
        "animal_number": "KZ770001",
        "identification_method": "сырға",
        "sex": "female",
        "birth_date": "2024-04-02",
    },
    "reidentify": {
        "animal_number": "KZ770099",
        "identification_method": "сырға",
        "sex": "male",
        "birth_date": "2023-05-20",
    },
    "await_tags": {"tag_condition": "lost"},
    "pass_test": {"test_score": 85},
    "fail_test": {"test_score": 20, **COMMISSION},
    "decide": {"decision": "attested", **COMMISSION},
    "draft_license": {"qualification_met": True},
    "draft_reissue": {"changes": "Заңды мекенжай өзгерді."},
    "request_documents": {"documents_missing": "Мал иесінің жеке басын куәландыратын құжаттың көшірмесі."},
    "withdraw": {"reason": "Қызмет енді қажет емес."},
}
ATTACHMENTS = {
    "submit_act": (doc("тексеру-актісі.pdf"),),
    "add_documents": (doc("жетіспейтін-құжат.pdf"),),
}


@dataclass(frozen=True)
class Step:
    name: str
    role: Role
    at: datetime
    state: str
    due: datetime | None
    data: dict = field(default_factory=dict)

    def payload(self, executor_id: int, head_id: int | None = None) -> dict:
        merged = {**DATA.get(self.name, {}), **self.data}
        ids = {EXECUTOR: executor_id, HEAD: head_id}
        return {k: ids[v] if isinstance(v, str) and v in ids else v for k, v in merged.items()}


@dataclass(frozen=True)
class Path:
    key: str
    service: str
    subcase: str
    filed_at: datetime
    filed_due: datetime | None
    steps: tuple[Step, ...]
    channel: str = "office"
    extra_data: dict = field(default_factory=dict)
    needs_licence: bool = False  # re-issue / duplicate: the applicant's licence is issued first
    needs_passport: bool = False  # duplicate passport: the animal is identified (its passport issued) first

    def data(self) -> dict:
        return {**filing_data(self.service, self.subcase), **self.extra_data}


def d(day: int, hour: int = 10, minute: int = 0, month: int = 3) -> datetime:
    return at(2025, month, day, hour, minute)


CLOSE = 18, 30


def close(day: int, month: int = 3) -> datetime:
    return d(day, *CLOSE, month=month)


_S1_FRONT = (
    Step("register", OF, d(12, 10, 20), "registered", close(13)),
    Step("assign", H, d(12, 14), "assigned", close(12)),  # same day, counted from the receipt
)
_S1_TO_ACT = (
    *_S1_FRONT,
    Step("confirm_complete", E, d(12, 15), "complete", close(17)),  # 3 wd block: Thu, Fri, Mon
    Step(
        "notify_legal_statistics",
        E,
        d(12, 16),
        "stats_notified",
        close(17),
        {"planned_inspection_at": "2025-03-13T17:00"},
    ),
    Step("inspect", E, d(13, 17, 30), "inspected", close(17)),
    Step("submit_act", E, d(14, 10), "act_submitted", close(17)),  # 1 wd over the weekend
)
_S3_MAIN = (
    Step("register", OF, d(12, 10, 20), "registered", close(13)),
    Step("assign", H, d(13, 9, 30), "assigned", close(14)),
    Step("confirm_complete", E, d(14, 11), "complete", close(19)),  # 3 wd for the oblast step
    Step("forward_to_oblast", E, d(14, 12), "at_oblast_inspection", close(19)),
    Step("assign_number", OB, d(17, 10), "number_assigned", close(19)),
    Step("send_confirmation", OB, d(17, 11), "confirmation_received", close(18)),
    Step("issue_confirmation", E, d(18, 10), "confirmation_issued", d(18, 10, 30)),
    Step("hand_over", OF, d(18, 10, 15), "delivered", None),
)
_S5_FRONT = (
    Step("register", OF, d(12, 10, 10), "registered", d(12, 10, 40)),
    Step("assign", H, d(12, 10, 30), "assigned", close(12)),
    Step("confirm_complete", E, d(12, 11), "complete", None),
    Step("send_to_commission", E, d(12, 11, 30), "with_commission", None),
    Step(
        "schedule",
        C,
        d(12, 12),
        "scheduled",
        close(19),
        {"attestation_date": "2025-03-19", "attestation_place": "Тараз қ., Төле би к-сі 35"},
    ),
    Step("start_testing", C, d(19, 10), "testing", close(19)),
)
_S6_FRONT = (
    Step("register", OF, d(12, 10, 10), "registered", close(13)),
    Step("assign", H, d(13, 10), "assigned", close(14)),
    Step("accept_complete", E, d(14, 10), "under_review", close(2, month=4)),  # 10 wd across Nauryz
)

PATHS = [
    # -- 1: 30 min → 1 wd → same day → 3 wd (notice ≥ 1 day before the inspection) → 1 wd → 30 min
    Path(
        "s1-office",
        "vet_sanitary_conclusion",
        "",
        d(12),
        d(12, 10, 30),
        (
            *_S1_TO_ACT,
            Step("decide_compliant", V, d(17, 12), "conclusion_compliant", d(17, 12, 30)),
            Step("hand_over", OF, d(17, 12, 10), "issued", None),
        ),
    ),
    Path(
        "s1-portal-noncompliant",
        "vet_sanitary_conclusion",
        "",
        d(12),
        d(12, 10, 30),
        (
            *_S1_TO_ACT,
            Step("decide_noncompliant", H, d(17, 12), "conclusion_noncompliant", d(17, 12, 30)),
            Step(
                "notify_pickup",
                P,
                d(17, 12, 10),
                "notified_for_pickup",
                None,
                {"pickup_at": "2025-03-18T10:00", "pickup_place": "Тараз қ., ветеринария бөлімі, 5-кабинет"},
            ),
            Step("hand_over", OF, d(18, 10, 5), "issued", None),
        ),
        channel="portal",
    ),
    Path(
        "s1-refused",
        "vet_sanitary_conclusion",
        "",
        d(12),
        d(12, 10, 30),
        (
            *_S1_FRONT,
            Step("refuse_incomplete", E, d(12, 15), "refused_incomplete", None),
        ),
    ),
    Path(
        "s1-portal-rejected",
        "vet_sanitary_conclusion",
        "",
        d(12),
        d(12, 10, 30),
        (Step("reject_at_portal", P, d(12, 10, 1), "portal_rejected", None),),
        channel="portal",
    ),
    # -- 2: 15 min → same day → 15 min
    Path(
        "s2-office",
        "vet_certificate",
        "",
        d(12),
        d(12, 10, 15),
        (
            Step("register", E, d(12, 10, 10), "registered", close(12)),
            Step("examine", E, d(12, 15), "examined", d(12, 15, 15)),
            Step("issue_certificate", E, d(12, 15, 10), "issued", None),
        ),
    ),
    Path(
        "s2-refused",
        "vet_certificate",
        "",
        d(12),
        d(12, 10, 15),
        (
            Step("register", E, d(12, 10, 10), "registered", close(12)),
            Step("examine", E, d(12, 15), "examined", d(12, 15, 15)),
            Step("refuse", E, d(12, 15, 10), "refused", None),
        ),
    ),
    Path(
        "s2-portal-rejected",
        "vet_certificate",
        "",
        d(12),
        d(12, 10, 15),
        (Step("reject_at_portal", P, d(12, 10, 1), "portal_rejected", None, {"message": "auth_refused"}),),
        channel="portal",
    ),
    # -- 3: 30 min → 1 wd → 1 wd (refusal 1 wd) → 3 wd (oblast) → 1 wd → 30 min
    Path("s3-assign", "registration_number", "assign", d(12), d(12, 10, 30), _S3_MAIN),
    Path(
        "s3-reregister",
        "registration_number",
        "reregister_name_or_form",
        d(12),
        d(12, 10, 30),
        (
            *_S3_MAIN[:2],
            Step("confirm_complete", E, d(14, 11), "complete", close(19), {"state_data_received": True}),
            *_S3_MAIN[3:],
        ),
    ),
    Path(
        "s3-slaughter-site-portal",
        "registration_number",
        "confirm_slaughter_site",
        d(12),
        d(12, 10, 30),
        (
            *_S3_MAIN[:2],
            Step("confirm_complete", E, d(14, 11), "complete", close(19), {"state_data_received": True}),
            *_S3_MAIN[3:],
        ),
        channel="portal",
    ),
    Path(
        "s3-refused-incomplete",
        "registration_number",
        "assign",
        d(12),
        d(12, 10, 30),
        (
            *_S3_MAIN[:2],
            Step("refuse_incomplete", E, d(14, 11), "refused_incomplete", None),
        ),
    ),
    Path(
        "s3-refused-by-oblast",
        "registration_number",
        "assign",
        d(12),
        d(12, 10, 30),
        (
            *_S3_MAIN[:4],
            Step("refuse", OB, d(17, 10), "refused", None),
        ),
    ),
    Path(
        "s3-portal-rejected",
        "registration_number",
        "assign",
        d(12),
        d(12, 10, 30),
        (
            Step(
                "reject_at_portal",
                P,
                d(12, 10, 1),
                "portal_rejected",
                None,
                {"message": "data_violation_refused"},
            ),
        ),
        channel="portal",
    ),
    # -- 4: 15 min → plan date (re-identification: 2 wd from tag receipt) → 15 min
    Path(
        "s4-identify",
        "animal_identification",
        "identify_with_passport",
        d(12),
        d(12, 10, 15),
        (
            Step("register", E, d(12, 10, 5), "registered", None),
            Step("schedule", E, d(12, 10, 30), "scheduled_per_plan", close(20), {"plan_date": "2025-03-20"}),
            Step("identify", E, d(20, 11), "identified", d(20, 11, 15)),
            Step("hand_over", E, d(20, 11, 5), "issued", None),
        ),
    ),
    Path(
        "s4-lost-tag",
        "animal_identification",
        "reidentify_lost_tag",
        d(12),
        d(12, 10, 15),
        (
            Step("register", E, d(12, 10, 5), "registered", None),
            Step("await_tags", E, d(12, 10, 30), "awaiting_tags", None),
            Step(
                "receive_tags",
                E,
                d(17, 9, 30),
                "tags_received",
                close(18),
                {"tags_received_on": "2025-03-14"},
            ),
            Step("reidentify", E, d(18, 10), "identified", d(18, 10, 15)),
            Step("hand_over", E, d(18, 10, 10), "issued", None),
        ),
    ),
    Path(
        "s4-duplicate",
        "animal_identification",
        "duplicate_passport",
        d(12),
        d(12, 10, 15),
        (
            Step("register", E, d(12, 10, 5), "registered", close(12)),  # policy: same day
            Step("prepare_copy", E, d(12, 14), "document_ready", d(12, 14, 15)),
            Step("hand_over", E, d(12, 14, 5), "issued", None),
        ),
        needs_passport=True,
    ),
    Path(
        "s4-extract-portal",
        "animal_identification",
        "passport_extract",
        d(12),
        d(12, 10, 15),
        (
            Step("register", E, d(12, 10, 5), "registered", close(12)),
            Step(
                "prepare_copy",
                E,
                d(12, 14),
                "document_ready",
                d(12, 14, 15),
                {"passport_number": "ВП-2019-004411", "species": "жылқы"},
            ),
            Step("hand_over", E, d(12, 14, 5), "issued", None),
        ),
        channel="portal",
    ),
    Path(
        "s4-refused",
        "animal_identification",
        "identify_with_passport",
        d(12),
        d(12, 10, 15),
        (
            Step("register", E, d(12, 10, 5), "registered", None),
            Step("refuse", E, d(12, 11), "refused", None),
        ),
    ),
    Path(
        "s4-portal-rejected",
        "animal_identification",
        "passport_extract",
        d(12),
        d(12, 10, 15),
        (Step("reject_at_portal", P, d(12, 10, 1), "portal_rejected", None),),
        channel="portal",
    ),
    # -- 5: 30 min → 30 min → same day → attestation day (≤ 1 wd) → 30 min
    Path(
        "s5-attested",
        "attestation",
        "",
        d(12),
        d(12, 10, 30),
        (
            *_S5_FRONT,
            Step("pass_test", C, d(19, 11), "interview", close(19)),
            Step("decide", C, d(19, 12), "decided", d(19, 12, 30)),
            Step("deliver", OF, d(19, 12, 10), "delivered", None),
        ),
    ),
    Path(
        "s5-failed-test",
        "attestation",
        "",
        d(12),
        d(12, 10, 30),
        (
            *_S5_FRONT,
            Step("fail_test", C, d(19, 11), "decided", d(19, 11, 30)),
            Step("deliver", OF, d(19, 11, 10), "delivered", None),
        ),
    ),
    Path(
        "s5-reinterview",
        "attestation",
        "",
        d(12),
        d(12, 10, 30),
        (
            *_S5_FRONT,
            Step("pass_test", C, d(19, 11), "interview", close(19)),
            Step("decide", C, d(19, 12), "decided", None, {"decision": "re_attestation"}),  # waits a month
            Step("reinterview", C, d(21, 10, month=4), "interview", close(22, month=4)),
            Step("decide", C, d(21, 11, month=4), "decided", d(21, 11, 30, month=4)),
            Step("deliver", OF, d(21, 11, 10, month=4), "delivered", None),
        ),
    ),
    Path(
        "s5-returned",
        "attestation",
        "",
        d(12),
        d(12, 10, 30),
        (
            *_S5_FRONT[:2],
            Step("return_incomplete", E, d(12, 11), "refused", None),
        ),
    ),
    Path(
        "s5-portal-rejected",
        "attestation",
        "",
        d(12),
        d(12, 10, 30),
        (Step("reject_at_portal", P, d(12, 10, 1), "portal_rejected", None),),
        channel="portal",
    ),
    # -- 6-A: 30 min → 1 wd → 1 wd → 10 wd → 1 wd → 30 min
    Path(
        "s6-issue",
        "licence",
        "issue",
        d(12),
        d(12, 10, 30),
        (
            *_S6_FRONT,
            Step("draft_license", E, d(26, 10), "draft_ready", close(27)),
            Step("sign", H, d(27, 10), "signed", d(27, 10, 30)),
            Step("hand_over", OF, d(27, 10, 10), "issued", None),
        ),
    ),
    Path(
        "s6-issue-refused",
        "licence",
        "issue",
        d(12),
        d(12, 10, 30),
        (
            *_S6_FRONT,
            Step("draft_refusal", E, d(17, 10), "refusal_drafted", close(18)),
            Step("sign_refusal", H, d(18, 10), "refusal_signed", d(18, 10, 30)),
            Step("hand_over_refusal", OF, d(18, 10, 10), "refused", None),
        ),
    ),
    # -- 6-B: 30 min → 2 h → 1 wd → 1 wd → 30 min
    Path(
        "s6-reissue",
        "licence",
        "reissue",
        d(12),
        d(12, 10, 30),
        (
            Step("register", OF, d(12, 10, 10), "registered", d(12, 12, 10)),
            Step("assign", H, d(12, 11), "assigned", close(13)),
            Step("draft_reissue", E, d(13, 10), "draft_ready", close(14)),
            Step("sign", H, d(14, 17), "signed", d(14, 17, 30)),
            Step("hand_over", OF, d(14, 17, 10), "issued", None),
        ),
        needs_licence=True,
    ),
    # -- 6-C: 30 min → 4 h → 1 wd → 2 h → 30 min
    Path(
        "s6-duplicate",
        "licence",
        "duplicate",
        d(12),
        d(12, 10, 30),
        (
            Step("register", OF, d(12, 10, 10), "registered", d(12, 14, 10)),
            Step("assign", H, d(12, 17), "assigned", close(13)),
            Step(
                "draft_duplicate", E, d(13, 17), "draft_ready", d(14, 9, 30)
            ),  # 1.5 h Thursday, 0.5 h Friday
            Step("sign", H, d(14, 9), "signed", d(14, 9, 30)),
            Step("hand_over", OF, d(14, 9, 10), "issued", None),
        ),
        needs_licence=True,
    ),
    Path(
        "s6-reissue-refused",
        "licence",
        "reissue",
        d(12),
        d(12, 10, 30),
        (
            Step("register", OF, d(12, 10, 10), "registered", d(12, 12, 10)),
            Step("assign", H, d(12, 11), "assigned", close(13)),
            Step("draft_refusal", E, d(13, 10), "refusal_drafted", close(14)),
            Step("sign_refusal", H, d(14, 10), "refusal_signed", d(14, 10, 30)),
            Step("hand_over_refusal", OF, d(14, 10, 10), "refused", None),
        ),
        needs_licence=True,
    ),
    Path(
        "s6-portal-payment-missing",
        "licence",
        "issue",
        d(12),
        d(12, 10, 30),
        (Step("reject_at_portal", P, d(12, 10, 1), "portal_rejected", None, {"message": "payment_missing"}),),
        channel="portal",
    ),
]
# The cabinet ([proposal], docs/decisions.md): staff request documents, the clock stops; the applicant adds
# them, the due time is the paused one moved by the working time the request was open; then a withdrawal.
PATHS += [
    Path(
        "s1-documents-requested",
        "vet_sanitary_conclusion",
        "",
        d(12),
        d(12, 10, 30),
        (
            *_S1_FRONT,
            Step("request_documents", E, d(12, 15), "documents_requested", None),
            # paused 15:00-18:30 (210 min) + 09:00-11:00 (120 min): close(12) + 330 min → 13th 14:30
            Step("add_documents", A, d(13, 11), "assigned", d(13, 14, 30)),
            Step("withdraw", A, d(13, 12), "withdrawn", None),
        ),
    ),
    Path(
        "s2-documents-requested",
        "vet_certificate",
        "",
        d(12),
        d(12, 10, 15),
        (
            Step("register", E, d(12, 10, 10), "registered", close(12)),
            Step("request_documents", E, d(12, 11), "documents_requested", None),
            # paused 450 + 60 min: close(12) → 13th 09:00 + 510 min = 17:30
            Step("add_documents", A, d(13, 10), "registered", d(13, 17, 30)),
            Step("withdraw", A, d(13, 11), "withdrawn", None),
        ),
    ),
    Path(
        "s3-documents-requested",
        "registration_number",
        "assign",
        d(12),
        d(12, 10, 30),
        (
            *_S3_MAIN[:2],
            Step("request_documents", E, d(13, 10), "documents_requested", None),
            # paused Thu 10:00 → Mon 10:00: 510 + 570 + 60 = 1140 min (2 working days), Fri close → Tue close
            Step("add_documents", A, d(17, 10), "assigned", close(18)),
            Step("withdraw", A, d(17, 11), "withdrawn", None),
        ),
    ),
    Path(
        "s4-documents-requested",
        "animal_identification",
        "identify_with_passport",
        d(12),
        d(12, 10, 15),
        (
            Step("register", E, d(12, 10, 5), "registered", None),  # no limit ran: none resumes
            Step("request_documents", E, d(12, 11), "documents_requested", None),
            Step("add_documents", A, d(13, 10), "registered", None),
            Step("withdraw", A, d(13, 11), "withdrawn", None),
        ),
    ),
    Path(
        "s5-documents-requested",
        "attestation",
        "",
        d(12),
        d(12, 10, 30),
        (
            *_S5_FRONT[:2],
            Step("request_documents", E, d(12, 11), "documents_requested", None),
            # paused 11:00-16:00 (300 min): close(12) → 13th 14:00
            Step("add_documents", A, d(12, 16), "assigned", d(13, 14)),
            Step("withdraw", A, d(12, 17), "withdrawn", None),
        ),
    ),
    Path(
        "s6-documents-requested",
        "licence",
        "issue",
        d(12),
        d(12, 10, 30),
        (
            *_S6_FRONT[:2],
            Step("request_documents", E, d(13, 11), "documents_requested", None),
            # paused 450 + 120 = 570 min (one working day): Fri close → Mon close
            Step("add_documents", A, d(14, 11), "assigned", close(17)),
            Step("withdraw", A, d(14, 12), "withdrawn", None),
        ),
    ),
]
PATHS_BY_KEY = {path.key: path for path in PATHS}
