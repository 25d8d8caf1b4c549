"""API tokens for the JSON API: create (the token is printed once), list, revoke."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalogue import SERVICES
from catalogue.roles import Role, user_roles
from records.api_tokens import ApiToken


class Command(BaseCommand):
    # Operator help stays English, like Django's own commands.
    help = "Create, list or revoke API tokens of the JSON API (/api/v1/)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for a user and print it (shown only once).")
        create.add_argument("username")
        create.add_argument("--name", default="", help="What the token is for (e.g. e-gov intake).")
        create.add_argument(
            "--service",
            action="append",
            default=[],
            choices=sorted(SERVICES),
            metavar="CODE",
            help="A service an integration (portal_system) token files and reads; repeat for several. "
            "A token of that account without any reads nothing; staff tokens act with their owner's units.",
        )
        listing = sub.add_parser("list", help="List the tokens (prefix, user, created, last used, revoked).")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Revoke a token given its prefix (as listed).")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _create(self, username: str, name: str, service: list[str], **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is not active.")
        if service and Role.PORTAL not in user_roles(user):
            raise CommandError("--service scopes integration (portal_system) tokens; staff read their units.")
        _token, key = ApiToken.issue(user, name, services=service)
        self.stdout.write(key)
        self.stderr.write("Keep this token now: it is not stored and cannot be shown again.")

    def _list(self, username: str | None = None, **options) -> None:
        tokens = ApiToken.objects.select_related("user")
        if username:
            tokens = tokens.filter(user__username=username)
        for token in tokens:
            used = token.last_used.isoformat(timespec="seconds") if token.last_used else "never"
            state = f"revoked {token.revoked.isoformat(timespec='seconds')}" if token.revoked else "active"
            services = ",".join(token.services) or "-"
            self.stdout.write(
                f"{token.key_prefix}…  {token.user.get_username():20} {token.name:20} "
                f"created {token.created.isoformat(timespec='seconds')}  last used {used}  {state}  "
                f"services {services}"
            )

    def _revoke(self, prefix: str, **options) -> None:
        matches = list(
            ApiToken.objects.filter(key_prefix__startswith=prefix.rstrip("…"), revoked__isnull=True)
        )
        if len(matches) != 1:
            raise CommandError(f"{len(matches)} active tokens start with {prefix!r}; give a longer prefix.")
        matches[0].revoke()
        self.stdout.write(f"Revoked {matches[0].key_prefix}… of {matches[0].user.get_username()}.")
