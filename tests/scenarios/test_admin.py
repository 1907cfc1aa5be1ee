"""The admin lays a scenario out for reading, escapes its texts and lists its versions."""

import pytest
from django.test import Client

from tests.factories import UserFactory, scenario_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for_facilitator() -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_a_version_page_shows_briefs_parameters_and_rubric(admin_client_for_facilitator):
    version = scenario_version(summary="<script>alert('x')</script> Half an order arrived.")

    page = admin_client_for_facilitator.get(
        f"/admin/scenarios/scenarioversion/{version.pk}/change/"
    ).content.decode()

    assert "Dana Whitlock" in page
    assert "Night courier" in page
    assert "Head of Sales" in page
    assert "Names the fair and the client." in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script>alert('x')</script>" not in page


def test_the_scenario_page_lists_every_version(admin_client_for_facilitator):
    first = scenario_version()
    scenario_version(title="Second edition")

    page = admin_client_for_facilitator.get(
        f"/admin/scenarios/scenario/{first.scenario.pk}/change/"
    ).content.decode()

    assert "Second edition" in page
    assert "The short shipment" in page
