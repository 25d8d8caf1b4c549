"""Versioned service definitions: an application keeps the procedure in force when it was filed; publishing a
changed limit on the regulation page affects only applications filed afterwards."""

from __future__ import annotations

import pytest
from wagtail.models import Page

import catalogue
import catalogue.attestation
import catalogue.vet_sanitary_conclusion
from catalogue.roles import Role
from portal import procedure as proc
from portal.models import ApprovedDocumentPage
from records.definitions import ServiceDefinition, canonical_steps

from .paths import d


def _edited(service: str, changes: dict[str, int]) -> list[dict]:
    raw = proc.default_procedure(service)
    for item in raw:
        minutes = changes.get(item["value"]["code"])
        if minutes is not None:
            item["value"]["limit_value"] = minutes
            item["value"]["limit_text"] = f"{minutes} минут"
    return raw


@pytest.fixture
def publish():
    """publish(service, {step code: minutes}) publishes the regulation page with those limits."""
    root = Page.get_first_root_node()
    pages = {}

    def _publish(service: str, changes: dict[str, int]):
        page = pages.get(service)
        if page is None:
            page = root.add_child(
                instance=ApprovedDocumentPage(
                    title=f"Reg {service}",
                    slug=f"reg-{service}".replace("_", "-"),
                    document_kind="regulation",
                    seq=catalogue.SERVICES[service].document_seq,
                    service_code=service,
                    procedure=_edited(service, changes),
                )
            )
            pages[service] = page
        else:
            page.procedure = _edited(service, changes)
        page.save_revision().publish()
        return page

    return _publish


def test_a_changed_limit_applies_to_new_applications_only(file, step, publish, clock):
    old = file("vet_certificate")
    assert old.due_at == d(12, 10, 15) and old.definition.version == 1

    publish("vet_certificate", {"register": 20, "issue_certificate": 25})
    new = file("vet_certificate")
    assert new.due_at == d(12, 10, 20)
    assert new.definition.version == 2 and new.definition_id != old.definition_id

    old.refresh_from_db()
    assert old.due_at == d(12, 10, 15)  # filed under version 1: unchanged
    for app in (old, new):
        clock.set(d(12, 11))
        app = step(app, "register", Role.EXECUTOR)
        clock.set(d(12, 12))
        app = step(
            app, "examine", Role.EXECUTOR, {"identification_checked": True, "epizootic_situation": "тұрақты"}
        )
        expected = d(12, 12, 15) if app.pk == old.pk else d(12, 12, 25)
        assert app.due_at == expected, app.definition.version


def test_identical_procedures_share_one_definition(file, publish):
    first = file("attestation")
    second = file("attestation")
    assert first.definition_id == second.definition_id
    publish("attestation", {"register": 45})
    changed = file("attestation")
    publish("attestation", {})  # back to the printed limits
    back = file("attestation")
    assert changed.definition.version == 2
    assert back.definition_id == first.definition_id
    assert ServiceDefinition.objects.filter(service_code="attestation").count() == 2


def test_the_snapshot_is_the_published_steps_and_their_hash(file, publish):
    publish("licence", {"register": 40})
    app = file("licence", "issue")
    values, sha = canonical_steps(proc.procedure_steps("licence"))
    assert app.definition.steps == values and app.definition.steps_sha256 == sha
    register = next(s for s in app.definition.procedure() if s.code == "register" and s.subcase == "issue")
    assert (register.limit_value, register.limit_text) == (40, "40 минут")


def test_definitions_are_per_service(file):
    a = file("vet_certificate")
    b = file("attestation")
    assert a.definition.service_code == "vet_certificate" and b.definition.service_code == "attestation"
    assert a.definition_id != b.definition_id
