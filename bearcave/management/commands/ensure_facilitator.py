"""Make sure a fresh install has someone to sign in: the local account `facilitator`, the owner
of a default organisation, created once. Never a superuser nor staff (the Django admin is for
staff accounts made with `createsuperuser`); an older install's superuser `facilitator` is
demoted here."""

import secrets
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandParser

from organisations.models import Membership, Organisation
from organisations.services import organisation_create

LOCAL_FACILITATOR = "facilitator"
DEFAULT_ORGANISATION = ("Default organisation", "default")


class Command(BaseCommand):
    help = (
        "Create the local facilitator account, owner of a default organisation, if nobody can "
        "sign in yet, and say how to sign in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where Bear Cave is served."
        )

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        sign_in = f"{url.rstrip('/')}/login/"
        local = User.objects.filter(username=LOCAL_FACILITATOR).first()
        if local is not None and (local.is_superuser or local.is_staff):
            User.objects.filter(pk=local.pk).update(is_superuser=False, is_staff=False)
            self.stdout.write(
                f"'{LOCAL_FACILITATOR}' is no longer a superuser: facilitators never are. For "
                "the Django admin make a staff account: .venv/bin/python manage.py "
                "createsuperuser"
            )
        if local is not None and not Organisation.objects.exists():
            name, slug = DEFAULT_ORGANISATION
            organisation_create(name=name, slug=slug, owner=local)
        if User.objects.filter(is_active=True, membership__isnull=False).exists():
            self.stdout.write(
                f"Facilitators sign in at {sign_in}. Forgot the password of '{LOCAL_FACILITATOR}'? "
                f"Run: .venv/bin/python manage.py changepassword {LOCAL_FACILITATOR}"
            )
            return
        password = secrets.token_urlsafe(12)
        if local is None:
            local = User.objects.create_user(username=LOCAL_FACILITATOR, password=password)
        else:
            local.set_password(password)
            local.is_active = True
            local.save()
        if not Membership.objects.filter(user=local).exists():
            name, slug = DEFAULT_ORGANISATION
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                organisation_create(name=name, slug=slug, owner=local)
            else:
                Membership.objects.create(organisation=organisation, user=local, role="owner")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the facilitator account, owner of the default organisation. Sign in "
                f"at {sign_in}\n"
                f"  user:     {LOCAL_FACILITATOR}\n"
                f"  password: {password}\n"
                "This password is shown once; keep it. Invite other facilitators from "
                "Organisation in the facilitator's pages."
            )
        )
