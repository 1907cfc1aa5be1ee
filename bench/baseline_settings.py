"""Settings of the baseline server: nothing but the channel layer Bear Cave would use."""

import os

SECRET_KEY = "bench-baseline-has-no-secrets"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS: list[str] = []
USE_TZ = True

_REDIS_URL = os.environ.get("REDIS_URL", "")
# The same layers, with the same limits, as bearcave/settings.py.
CHANNEL_LAYERS = (
    {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {"address": _REDIS_URL, "socket_timeout": 5, "socket_connect_timeout": 5}
                ],
            },
        }
    }
    if _REDIS_URL
    else {"default": {"BACKEND": "bearcave.layers.InMemoryChannelLayer"}}
)
