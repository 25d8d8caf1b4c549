"""The words people read: every state reads differently from every other state in Kazakh and in Russian
(an applicant told «Берілді» cannot tell a filed application from an issued one), every field label of the
project's models and forms is Kazakh and Russian, and the admin's own messages follow the staff member's
language.

The state machines, models and forms are found, not listed, so that a new one is checked too.
"""

from __future__ import annotations

import html
import importlib
import inspect
import pkgutil
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from tests.search.test_state_labels import state_machines

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PROJECT_PACKAGES = ("portal", "records", "certificates", "search", "catalogue")
# Labels that read the same in every language (a standard's name).
NEUTRAL = {"SHA-256", "SMS"}  # the same word in Kazakh and Russian


def shown(label, language: str) -> str:
    with translation.override(language):
        return str(label)


# -- states ------------------------------------------------------------------------------------------------


def test_the_applicant_can_tell_a_filed_application_from_an_issued_one():
    from records.states import STATE_LABELS

    words = {lang: {s: shown(STATE_LABELS[s], lang) for s in ("submitted", "issued")} for lang in LANGUAGES}
    assert words == {
        "kk": {"submitted": "Өтініш берілді", "issued": "Нәтиже берілді"},
        "ru": {"submitted": "Подано", "issued": "Результат выдан"},
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_different_states_never_share_a_label_in_any_machine(language):
    """Across every state machine: two states may read the same only when they say the same in English
    (a journal book and an application are both "Registered"); a recorder "Released" to an inspector is not
    an application's "Result issued"."""
    english_by_label: dict[str, set[str]] = defaultdict(set)
    where: dict[str, list[str]] = defaultdict(list)
    for machine, states in state_machines().items():
        for state, label in states.items():
            text = shown(label, language)
            english_by_label[text].add(shown(label, "en"))
            where[text].append(f"{machine}:{state}")
    shared = {text: sorted(where[text]) for text, english in english_by_label.items() if len(english) > 1}
    assert not shared, f"different states share a {language} label: {shared}"
    untranslated = {text: where[text] for text, english in english_by_label.items() if text in english}
    assert not untranslated, f"states left in English in {language}: {untranslated}"


# -- field labels ------------------------------------------------------------------------------------------


def _is_project_app(app_config) -> bool:
    path = Path(app_config.path)
    return path.is_relative_to(settings.BASE_DIR) and not path.is_relative_to(settings.BASE_DIR / ".venv")


def form_fields_of(model) -> list:
    """The fields a model form can show: concrete and many-to-many ones, not the automatic primary key nor a
    generic relation (revisions)."""
    return [
        field
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many) and not field.auto_created
    ]


def model_labels() -> list[tuple[str, object]]:
    """(where, label) of every model, field and choice the project declares (not those it inherits from
    Wagtail or Django, nor the automatic primary keys)."""
    found = []
    for model in apps.get_models():
        if not _is_project_app(model._meta.app_config):
            continue
        found += [(f"{model._meta.label}.Meta", model._meta.verbose_name)]
        found += [(f"{model._meta.label}.Meta (plural)", model._meta.verbose_name_plural)]
        for field in form_fields_of(model):
            if field.model is not model:  # inherited from Wagtail's Page
                continue
            found.append((f"{model._meta.label}.{field.name}", field.verbose_name))
            found += [
                (f"{model._meta.label}.{field.name}={value}", label)
                for value, label in getattr(field, "flatchoices", None) or []
                if not isinstance(value, int)  # numbered columns are their own label
            ]
    return found


def project_forms() -> list[type[forms.BaseForm]]:
    modules = []
    for package in PROJECT_PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if not re.search(r"\.(migrations|management|settings|wsgi)(\.|$)", info.name):
                modules.append(importlib.import_module(info.name))
    found = {
        cls
        for module in modules
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__.split(".")[0] in PROJECT_PACKAGES
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def form_labels() -> list[tuple[str, object]]:
    found = []
    for form in project_forms():
        for name, field in form.base_fields.items():
            if not isinstance(field.widget, forms.HiddenInput):
                found.append((f"{form.__module__}.{form.__qualname__}.{name}", field.label))
    return found


def untranslated(labels: list[tuple[str, object]], language: str) -> list[str]:
    missing = []
    for where, label in labels:
        if label is None:  # Django would make one from the field's name, in English
            missing.append(f"{where}: no label")
            continue
        text, english = shown(label, language), shown(label, "en")
        if not text.strip() or (text == english and english not in NEUTRAL):
            missing.append(f"{where}: {english!r}")
    return missing


def test_the_walks_find_the_models_and_forms():
    models = {where.split(".Meta")[0] for where, _label in model_labels() if ".Meta" in where}
    assert {"records.Application", "recorders.JournalEntry", "certificates.IssuedDocument"} <= models
    assert {"portal.LegalActPage", "search.SavedSearch"} <= models
    fields = {where for where, _label in model_labels()}
    assert {"portal.LegalActPage.act_type", "records.Application.state=issued"} <= fields
    assert "portal.LegalActPage.title" not in fields  # Wagtail's, not ours
    names = {f"{form.__module__}.{form.__qualname__}" for form in project_forms()}
    assert {"records.machines.common.AssignForm", "search.forms.RecordSearchForm"} <= names
    assert any(name.startswith("records.public.") for name in names)
    assert any(name.startswith("records.recorders.forms.") for name in names)
    assert len(form_labels()) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_model_field_label_is_translated(language):
    assert untranslated(model_labels(), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_form_field_label_is_translated(language):
    assert untranslated(form_labels(), language) == []


def test_the_page_editor_fields_wagtail_translates_into_russian_are_kazakh_too():
    """Wagtail ships no Kazakh: the labels of the fields our pages inherit (title, slug, go live date/time…)
    and of its moderation states come from locale/wagtail/kk, at least wherever Wagtail has Russian."""
    from wagtail.models import TaskState, WorkflowState

    from portal.models import LegalActPage

    inherited = [field for field in form_fields_of(LegalActPage) if field.model is not LegalActPage]
    labels = [(f"Page.{field.name}", field.verbose_name) for field in inherited]
    for model in (WorkflowState, TaskState):
        labels += [(f"{model.__name__}={value}", label) for value, label in model.STATUS_CHOICES]
    russian = [(where, label) for where, label in labels if shown(label, "ru") != shown(label, "en")]
    assert len(russian) > 15
    assert untranslated(russian, "kk") == []


# -- the catalogues -----------------------------------------------------------------------------------------

# The names `makemessages` reads as translation calls: a string given to any other alias (`_g`, `_gettext`)
# never reaches the catalogue and is shown in English.
KEYWORDS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext"}
KEYWORDS |= {"pgettext_lazy", "npgettext", "npgettext_lazy"}
ALIAS = re.compile(r"\b(\w*gettext\w*) as (\w+)")


def project_sources() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [
        path
        for package in PROJECT_PACKAGES
        for path in (base / package).rglob("*.py")
        if "migrations" not in path.parts
    ]


def test_translations_are_called_by_names_makemessages_reads():
    aliases = [
        f"{path.relative_to(settings.BASE_DIR)}: {function} as {alias}"
        for path in project_sources()
        if "django.utils.translation" in (text := path.read_text(encoding="utf-8"))
        for function, alias in ALIAS.findall(text)
        if alias not in KEYWORDS
    ]
    assert len(project_sources()) > 100
    assert aliases == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    polib = pytest.importorskip("polib")
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert len(catalogue) > 1000
    assert missing == []


# -- Wagtail's own messages --------------------------------------------------------------------------------

MESSAGES = re.compile(r'<div class="messages"[^>]*>.*?</div>', re.DOTALL)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_saving_a_page_is_reported_in_the_editors_language(client, django_user_model, language):
    from portal.publishing import ensure_site

    home = ensure_site()
    editor = django_user_model.objects.create_superuser(f"editor-{language}", password="x-editor-pass-1")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "Басты бет",
            "slug": home.slug,
            "intro": rich_text("<p>Кіріспе</p>"),
            "comments": inline_formset([]),
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), data, follow=True)
    told = " ".join(html.unescape(m) for m in MESSAGES.findall(response.content.decode()))
    with translation.override(language):
        expected = translation.gettext("Page '%(page_title)s' has been updated.") % {
            "page_title": "Басты бет"
        }
    assert expected != "Page 'Басты бет' has been updated."
    assert expected in told
