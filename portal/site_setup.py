"""``manage.py setup_portal`` and ``manage.py seed_demo`` are assembled from the apps, so that the portal (the
lowest app) never imports the apps built on it (docs/architecture.md).

An app takes part by defining any of these methods on its ``AppConfig``:

* ``set_up(self) -> None``: idempotent set-up of the site (its role groups' permissions, …);
* ``add_demo_arguments(self, parser) -> None``: its options of ``seed_demo``;
* ``seed_demo(self, options: dict) -> list[str]``: its demo data (idempotent), returning the lines to print;
* ``demo_applicant_lines(self) -> list[str]``: how the demo applicants sign in (``portal_urls`` prints it).

They are called in ``INSTALLED_APPS`` order (portal, records, records.recorders, …), so each app finds what
the apps before it made; the demo users exist before any ``seed_demo`` runs.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.apps import AppConfig, apps
from django.db import transaction

from portal.staff import setup_portal


def _taking_part(hook: str) -> list[AppConfig]:
    return [config for config in apps.get_app_configs() if callable(getattr(config, hook, None))]


@transaction.atomic
def set_up_site() -> dict[str, Any]:
    """The portal's site, groups and workflow, then every app's ``set_up``; returns the portal's ids."""
    result = setup_portal()
    for config in _taking_part("set_up"):
        config.set_up()
    return result


def add_demo_arguments(parser: ArgumentParser) -> None:
    for config in _taking_part("add_demo_arguments"):
        config.add_demo_arguments(parser)


def seed_demo(options: dict[str, Any]) -> list[str]:
    """Every app's demo data, in ``INSTALLED_APPS`` order; the lines they report."""
    lines: list[str] = []
    for config in _taking_part("seed_demo"):
        lines += config.seed_demo(options)
    return lines


def demo_applicant_lines() -> list[str]:
    """What ``portal_urls`` prints about the demo applicants: every app's ``demo_applicant_lines(self)``."""
    lines: list[str] = []
    for config in _taking_part("demo_applicant_lines"):
        lines += config.demo_applicant_lines()
    return lines
