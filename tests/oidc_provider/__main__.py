"""`python -m tests.oidc_provider CONFIG.json`: migrate the provider's own database, register the
client and the people CONFIG names, then serve on CONFIG's port until stopped.

CONFIG: {"port": int, "client": {"id", "secret", "redirect_uris": [...]},
"people": [{"username", "password", "email", "first_name", "last_name", "groups": [...]}]}.
The environment names the database, the issuer and the RSA key (tests/oidc_provider/process.py).
"""

import json
import os
import sys
from pathlib import Path
from typing import Any


def seed(config: dict[str, Any]) -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    client = config["client"]
    Application.objects.create(
        name="Bear Cave",
        client_id=client["id"],
        client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,  # no consent screen: the company's own application
    )
    for person in config["people"]:
        user = User.objects.create_user(
            person["username"],
            email=person.get("email", ""),
            password=person["password"],
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
        )
        for name in person.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    seed(config)
    call_command("runserver", f"127.0.0.1:{config['port']}", use_reloader=False)


if __name__ == "__main__":
    main(sys.argv[1])
