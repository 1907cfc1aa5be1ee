"""A real OpenID Connect provider for the single sign-on tests: a second, small Django project
running django-oauth-toolkit with OpenID Connect on (tests/oidc_provider/process.py starts it as
its own process). Nothing in Bear Cave imports it."""
