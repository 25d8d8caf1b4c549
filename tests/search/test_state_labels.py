"""Every state of a record type reads differently in Kazakh and Russian, and none is left in English.

A label shared by two states («Берілді» for both "submitted" and "issued") makes the state filter, the
timeline and a search result's badge ambiguous.  The state machines are found, not listed: the project's
FSM fields and state/status fields with choices, and the state labels of the search record types.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django_fsm import FSMField

from search.registry import record_types

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _is_project_app(app_config) -> bool:
    path = Path(app_config.path)
    return path.is_relative_to(settings.BASE_DIR) and not path.is_relative_to(settings.BASE_DIR / ".venv")


def state_machines() -> dict[str, dict[str, object]]:
    """{"app.Model.field" or "search:record type": {state: lazy label}}."""
    machines = {}
    for model in apps.get_models():
        if not _is_project_app(model._meta.app_config):
            continue
        for field in model._meta.concrete_fields:
            if field.choices and (isinstance(field, FSMField) or field.name in ("state", "status")):
                machines[f"{model._meta.label}.{field.name}"] = dict(field.flatchoices)
    for record_type in record_types():
        if record_type.state_labels:
            machines[f"search:{record_type.name}"] = dict(record_type.state_labels)
    return machines


MACHINES = state_machines()


def test_the_known_state_machines_are_found():
    assert {
        "records.Application.state",
        "records.Licence.state",
        "certificates.IssuedDocument.status",
        "recorders.JournalEntry.state",
        "recorders.MediaRecord.state",
        "search:application",
        "search:recording",
    } <= set(MACHINES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("machine", sorted(MACHINES))
def test_states_have_distinct_translated_labels(machine, language):
    states = MACHINES[machine]
    with translation.override("en"):
        english = {state: str(label) for state, label in states.items()}
    with translation.override(language):
        shown = {state: str(label) for state, label in states.items()}
    untranslated = [state for state in states if shown[state] == english[state]]
    assert not untranslated, f"{machine}: no {language} label for {untranslated}"
    by_label = defaultdict(list)
    for state, label in shown.items():
        by_label[label].append(state)
    shared = {label: names for label, names in by_label.items() if len(names) > 1}
    assert not shared, f"{machine}: states share a {language} label: {shared}"
