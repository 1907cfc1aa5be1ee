"""deploy/nginx/bearcave.conf agrees with the app it fronts and with the docs that fill it in."""

import re

from django.conf import settings

from scenarios.loader import MAX_FILE_BYTES
from tests.deploy.proxy import TEMPLATE
from tests.servers import ROOT

UNITS = {"": 1, "k": 1024, "m": 1024 * 1024}
# What a multipart upload adds around the file: boundaries, part headers, the other fields.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def body_limits() -> dict[str, int]:
    """client_max_body_size in bytes: "server" for the TLS server's, else by location."""
    limits: dict[str, int] = {}
    place = "server"
    for line in TEMPLATE.read_text().splitlines():
        if re.match(r"\s*server \{", line):
            place = "server"
        location = re.match(r"\s*location (.+) \{", line)
        if location:
            place = location[1]
        size = re.match(r"\s*client_max_body_size (\d+)([km]?);", line)
        if size:
            limits[place] = int(size[1]) * UNITS[size[2]]
    return limits


def test_nginx_takes_the_bodies_the_app_reads_and_refuses_bigger_ones():
    limits = body_limits()

    assert limits["server"] == settings.MAX_REQUEST_BYTES
    assert limits["= /api/v1/games/import/"] == settings.MAX_IMPORT_BYTES
    assert limits["server"] >= MAX_FILE_BYTES + MULTIPART_OVERHEAD_BYTES, "a scenario upload fits"


def test_the_deployment_guide_fills_in_every_variable_of_the_template():
    variables = set(re.findall(r"\$\{(BEARCAVE_[A-Z_]+)\}", TEMPLATE.read_text()))
    guide = (ROOT / "docs" / "deployment.md").read_text()
    envsubst = re.search(r"envsubst '([^']+)'", guide)

    assert envsubst is not None, "docs/deployment.md fills the template with envsubst"
    assert set(re.findall(r"\$\{(BEARCAVE_[A-Z_]+)\}", envsubst[1])) == variables
    assert all(f"export {name}=" in guide for name in variables)
