"""Bear Cave: the Django project (settings, ASGI entry point, URL map, platform checks)."""
