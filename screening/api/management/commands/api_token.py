"""`manage.py api_token`: create, list and revoke personal API tokens from the command line."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from screening.api.models import ApiToken
from screening.api.tokens import token_create, token_revoke


class Command(BaseCommand):
    help = (
        "Create a token for a user (printed once: store it), list a user's tokens, or revoke "
        "one by its id or prefix. Tokens authenticate with `Authorization: Bearer <token>`."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print it.")
        create.add_argument("username")
        create.add_argument("--name", default="command line", help="What the token is for.")
        listing = actions.add_parser("list", help="List a user's tokens (never the secrets).")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="Revoke a token by id or prefix (rf_...).")
        revoke.add_argument("token", help="The token's id or its prefix.")

    def handle(self, *args, action: str, **options) -> None:
        if action == "create":
            issued = token_create(user=self._user(options["username"]), name=options["name"])
            self.stderr.write(f"token {issued.token.pk} ({issued.token.prefix}) created:")
            self.stdout.write(issued.key)
        elif action == "list":
            for token in ApiToken.objects.filter(user=self._user(options["username"])):
                state = "revoked" if token.revoked_at else "active"
                used = token.last_used_at.isoformat() if token.last_used_at else "never"
                self.stdout.write(
                    f"{token.pk:>5}  {token.prefix}  {state:7}  last used {used}  {token.name}"
                )
        else:
            key = options["token"]
            found = ApiToken.objects.filter(
                Q(prefix=key) | Q(pk=int(key)) if key.isdigit() else Q(prefix=key)
            )
            if found.count() != 1:
                raise CommandError(f"No single token with id or prefix {key!r}.")
            token = token_revoke(token=found.get())
            self.stdout.write(f"revoked token {token.pk} ({token.prefix})")

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user
