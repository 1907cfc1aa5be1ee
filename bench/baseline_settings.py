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
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": _REDIS_URL, "max_connections": 1000}],
                "capacity": 1500,
                "expiry": 30,
            },
        }
    }
    if _REDIS_URL
    else {"default": {"BACKEND": "bearcave.layers.InMemoryChannelLayer"}}
)
