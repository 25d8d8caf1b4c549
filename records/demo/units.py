"""The demo's units and who works in them, so that the data scope (records.scope) shows.

* the oblast department (services 3 and 6, and some attestations) and Taraz (the everyday services): the
  demo logins of the unit-bound staff (office_clerk, head, executor, state_vet_doctor) work in both;
* Merke district: its own staff, who signed their steps but do not log in.  Logged in as a Taraz clerk or
  head, Merke's applications are not there; the oblast inspection and the attestation commission see their
  service in every unit, the archivist everything.

The recorder journal's demo (records.recorders.demo) keeps its month in the Taraz unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalogue.roles import UNIT_DATA_ROLES, Role

from ..units import DISTRICT, OBLAST, SERVICE_LEVELS, TerritorialUnit, join


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str  # Kazakh, as printed (content, not translated)
    level: str


OBLAST_UNIT = DemoUnit("zhambyl-oblast", "Жамбыл облысы әкімдігінің ветеринария басқармасы", OBLAST)
TARAZ_UNIT = DemoUnit("taraz-demo", "Тараз қалалық аумақтық инспекциясы", DISTRICT)
MERKE_UNIT = DemoUnit("merke-demo", "Меркі ауданы әкімдігінің ветеринария бөлімі", DISTRICT)
DEMO_UNITS = (OBLAST_UNIT, TARAZ_UNIT, MERKE_UNIT)
# Merke's staff: (username, role, first name and patronymic, surname); they do not log in.
MERKE_STAFF = [
    ("merke_office_clerk", Role.OFFICE, "Әсем Нұрланқызы", "Байменова"),
    ("merke_head", Role.HEAD, "Серік Болатұлы", "Жандосов"),
    ("merke_executor", Role.EXECUTOR, "Марат Ерланұлы", "Қожахметов"),
    ("merke_vet_doctor", Role.STATE_VET_DOCTOR, "Айдана Сәкенқызы", "Омарова"),
]
MERKE_SHARE = 0.3  # of the district applications


def ensure_demo_units(users: dict[Role, object]) -> dict[str, dict[Role, object]]:
    """The demo units and memberships (idempotent); unit code -> the staff acting there, by role."""
    units = {
        demo.code: TerritorialUnit.objects.get_or_create(
            code=demo.code, defaults={"name": demo.name, "level": demo.level}
        )[0]
        for demo in DEMO_UNITS
    }
    staff = {code: dict(users) for code in units}
    for code in (OBLAST_UNIT.code, TARAZ_UNIT.code):
        for role in UNIT_DATA_ROLES:
            join(users[role], units[code], role)
    merke = staff[MERKE_UNIT.code]
    model = get_user_model()
    for username, role, first, last in MERKE_STAFF:
        user, created = model.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()  # they signed their steps; they do not log in
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role.value))
        join(user, units[MERKE_UNIT.code], role)
        merke[role] = user
    return staff


def pick_unit(service: str, draw: float) -> str:
    """The unit that handles a demo application of ``service``, from a draw in [0, 1)."""
    levels = SERVICE_LEVELS[service]
    if DISTRICT not in levels:
        return OBLAST_UNIT.code
    if OBLAST in levels and draw < 0.5:  # attestation: half at the oblast department
        return OBLAST_UNIT.code
    district = draw * 2 % 1  # the draw again spread over [0, 1)
    return MERKE_UNIT.code if district < MERKE_SHARE else TARAZ_UNIT.code
