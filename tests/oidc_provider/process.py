"""The test identity provider as a real process (tests/oidc_provider), and the environment that
points a Bear Cave server at it: what a deployment sets (docs/deployment.md)."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.servers import ROOT, RunningServer, free_port, wait_until_healthy

CLIENT_ID = "bearcave"
CLIENT_SECRET = "a-client-secret-for-the-tests"
PASSWORD = "provider pass phrase"
# The groups of the tests' people, as a company's directory would name them.
GROUP_ROLES = "bearcave-admins=admin,trainers=facilitator,coaches=observer"
PEOPLE = [
    {"username": "ada", "email": "ada@example.com", "first_name": "Ada", "last_name": "Lind",
     "groups": ["staff-all", "trainers", "bearcave-admins"]},
    {"username": "oscar", "email": "oscar@example.com", "first_name": "Oscar",
     "groups": ["coaches"]},
    {"username": "nell", "email": "nell@example.com", "groups": ["kitchen"]},
]  # fmt: skip


def private_key_pem() -> str:
    """A fresh RSA key for the provider's ID tokens, made for this test run."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@dataclass
class OIDCProvider:
    """django-oauth-toolkit's OpenID Connect provider on a free port, with `people` and one
    confidential client (Bear Cave) allowed to return to Bear Cave on `bearcave_port`."""

    workdir: Path
    # The Bear Cave server's port, chosen first: the client's one redirect URI names it, so the
    # servers of a module's tests take it in turn while one provider serves them all.
    bearcave_port: int = field(default_factory=free_port)
    people: list[dict[str, Any]] = field(default_factory=lambda: list(PEOPLE))
    server: RunningServer = field(
        default_factory=lambda: RunningServer(host="127.0.0.1", port=free_port())
    )
    process: subprocess.Popen[bytes] | None = None

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.bearcave_port}/oidc/callback/"

    @property
    def issuer(self) -> str:
        return f"{self.server.http_url}/o"

    def relying_party_environment(self, *, organisation: str, name: str = "Test IdP") -> dict:
        """The OIDC_* variables that turn single sign-on on in Bear Cave, for this provider."""
        return {
            "OIDC_PROVIDER_NAME": name,
            "OIDC_ISSUER": self.issuer,
            "OIDC_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize/",
            "OIDC_TOKEN_ENDPOINT": f"{self.issuer}/token/",
            "OIDC_USERINFO_ENDPOINT": f"{self.issuer}/userinfo/",
            "OIDC_JWKS_ENDPOINT": f"{self.issuer}/.well-known/jwks.json",
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_SCOPES": "openid email profile groups",
            "OIDC_GROUPS_CLAIM": "groups",
            "OIDC_GROUP_ROLES": GROUP_ROLES,
            "OIDC_ORGANISATION": organisation,
        }

    def start(self) -> None:
        config = self.workdir / "provider.json"
        config.write_text(
            json.dumps(
                {
                    "port": self.server.port,
                    "client": {
                        "id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "redirect_uris": [self.redirect_uri],
                    },
                    "people": [{"password": PASSWORD, **person} for person in self.people],
                }
            ),
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider", str(config)],
            cwd=ROOT,
            env={
                **os.environ,
                "PROVIDER_DATABASE": str(self.workdir / "provider.sqlite3"),
                "PROVIDER_ISSUER": self.issuer,
                "PROVIDER_RSA_KEY": private_key_pem(),
            },
            stdout=(self.workdir / "provider.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until_healthy(self.server, self.process, name="the identity provider")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=5)


@contextmanager
def running(provider: OIDCProvider) -> Iterator[OIDCProvider]:
    """`provider` started, and stopped afterwards."""
    try:
        provider.start()
        yield provider
    finally:
        provider.stop()
