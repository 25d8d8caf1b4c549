"""Demo users: one per role, with known passwords printed by `seed_demo` and `portal_urls`.

For the demo only (`make run`); production users are created by an administrator.  Later features add
their demo data to `seed_demo` through options, keeping this list as the single source of demo logins.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from catalogue.roles import ROLE_LABELS, Role, ensure_groups


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role | None  # None: the superuser
    admin_language: str = "kk"

    @property
    def password(self) -> str:
        return f"{self.username}-demo-2024"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self.role]) if self.role else gettext("Superuser")


def demo_users() -> list[DemoUser]:
    """admin, editor, head (Russian admin interface), then one user per remaining role."""
    users = [DemoUser("admin", None), DemoUser("editor", Role.EDITOR), DemoUser("head", Role.HEAD, "ru")]
    taken = {Role.EDITOR, Role.HEAD}
    users += [DemoUser(role.value, role) for role in Role if role not in taken]
    return users


@transaction.atomic
def ensure_demo_users() -> list[DemoUser]:
    """Create or reset the demo users (idempotent: same users, same passwords, same groups)."""
    ensure_groups()
    model = get_user_model()
    created = []
    for demo in demo_users():
        user, _ = model.objects.get_or_create(username=demo.username)
        user.is_active = True
        user.is_superuser = user.is_staff = demo.role is None
        user.set_password(demo.password)
        user.save()
        if demo.role is not None:
            user.groups.set([Group.objects.get(name=demo.role.value)])
        profile = UserProfile.get_for_user(user)
        if profile.preferred_language != demo.admin_language:
            profile.preferred_language = demo.admin_language
            profile.save(update_fields=["preferred_language"])
        created.append(demo)
    return created
