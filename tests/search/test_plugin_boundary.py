"""Search plugs in: it imports no other app of the project (only ``catalogue``), and a record type that an
app registers is indexed, found, labelled and guarded by what the registration says, with no line of search
naming it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

import search
from catalogue.roles import Role
from search import outbox, registry
from search.registry import Record, RecordType, register_record_type
from search.services import Criteria, record_detail, search_records

from .conftest import make_user

FOREIGN_APPS = {"portal", "records", "certificates"}  # every app above search (docs/architecture.md)
SEARCH_DIR = Path(search.__file__).parent
SEARCH_FILES = sorted(str(path.relative_to(SEARCH_DIR)) for path in SEARCH_DIR.rglob("*.py"))
# Calls that reach an app through a string rather than an import statement.
STRING_LOOKUPS = {"get_model", "import_module", "is_installed"}


def foreign_references(source: str) -> list[str]:
    """The modules of other apps that ``source`` imports, or looks up by name ("records.Application")."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and _called(node) in STRING_LOOKUPS:
            names = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
        else:
            continue
        found += [name for name in names if isinstance(name, str) and name.split(".")[0] in FOREIGN_APPS]
    return found


def _called(call: ast.Call) -> str:
    return getattr(call.func, "attr", getattr(call.func, "id", ""))


def test_the_detector_finds_imports_and_lookups_of_other_apps():
    source = (
        "import portal.models\n"
        "from records.licences import Licence\n"
        "from certificates import layouts\n"
        "apps.get_model('records.Application')\n"
        "from catalogue import SERVICE_CHOICES\n"
        "from .registry import Record\n"
        "import recordsx\n"
    )
    assert foreign_references(source) == [
        "portal.models",
        "records.licences",
        "certificates",
        "records.Application",
    ]


@pytest.mark.parametrize("relative", SEARCH_FILES)
def test_search_imports_no_other_app(relative):
    source = (SEARCH_DIR / relative).read_text(encoding="utf-8")
    assert foreign_references(source) == [], f"search/{relative} reaches into another app"


# -- a record type search has never heard of ---------------------------------------------------------------


LAB_UNIT = "lab-7"


def describe_team(group: Group) -> Record:
    return Record(
        title=group.name,
        text=[group.name],
        date=None,
        state="working",
        unit="Тараз",
        units_acl=[LAB_UNIT],
        fields={"members": str(group.user_set.count())},
    )


@pytest.fixture
def teams(embedded, users, monkeypatch):
    """Django's auth groups registered as "team" records, the way an app registers its own in ready():
    seen by archivists, and only by those the registration's unit rule lets into unit LAB_UNIT."""
    monkeypatch.setattr(registry, "_record_types", dict(registry._record_types))
    monkeypatch.setattr(registry, "_sources", dict(registry._sources))
    monkeypatch.setattr(registry, "_triggers", None)
    allowed: set[int] = {users[Role.ARCHIVIST].pk}
    register_record_type(
        RecordType(
            name="team",
            label="Laboratory team",
            model="auth.Group",
            describe=describe_team,
            roles=frozenset({Role.ARCHIVIST}),
            state_labels={"working": "Working team"},
            fields={"members": "Members"},
            unit_scoped=True,
            user_units=lambda user: [LAB_UNIT] if user.pk in allowed else [],
        )
    )
    return allowed


def team_hits(user, text: str = "зертхана") -> list[str]:
    return [
        hit.id for hit in search_records(user, Criteria(text=text, filters={"record_type": ["team"]})).hits
    ]


def test_a_registered_record_type_is_indexed_and_found(teams, users):
    group = Group.objects.create(name="Зертхана тобы")  # saving it queues it: the registration's model
    outbox.drain()
    results = search_records(users[Role.ARCHIVIST], Criteria(text="зертхана"))
    hit = next(hit for hit in results.hits if hit.id == f"team:{group.pk}")
    assert (hit.type_label, hit.state_label, hit.title) == ("Laboratory team", "Working team", group.name)
    assert hit.fields == [("Members", "0")]
    facet = {option.value: option.label for option in results.facets["record_type"]}
    assert facet["team"] == "Laboratory team"
    detail = record_detail(users[Role.ARCHIVIST], "team", str(group.pk))
    assert detail is not None and detail.state_label == "Working team"

    group.delete()
    outbox.drain()
    assert team_hits(users[Role.ARCHIVIST]) == []


def test_the_registered_roles_and_unit_rule_decide_who_sees_it(teams, users, django_user_model):
    group = Group.objects.create(name="Зертхана тобы")
    outbox.drain()
    assert team_hits(users[Role.ARCHIVIST]) == [f"team:{group.pk}"]
    other_archivist = make_user(django_user_model, "archivist2", Role.ARCHIVIST)  # not in LAB_UNIT
    assert team_hits(other_archivist) == []
    assert record_detail(other_archivist, "team", str(group.pk)) is None
    assert team_hits(users[Role.OFFICE]) == []  # a role the registration did not name
    teams.add(other_archivist.pk)  # the rule is asked at query time: nothing is re-indexed
    assert team_hits(other_archivist) == [f"team:{group.pk}"]
