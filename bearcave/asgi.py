"""ASGI entry point: Django for HTTP, Channels for WebSockets, both served by one Daphne process."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bearcave.settings")
# Django must be set up before anything imports models (the consumers do).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from bearcave.checks import refuse_to_start_on_serious_problems  # noqa: E402
from bearcave.limits import BodyLimit  # noqa: E402
from bearcave.origins import SameOriginValidator  # noqa: E402
from games.realtime.routing import websocket_urlpatterns  # noqa: E402

# Daphne runs no system checks, so the ones that protect a live server are enforced here.
refuse_to_start_on_serious_problems()

application = ProtocolTypeRouter(
    {
        "http": BodyLimit(django_asgi_app),
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
