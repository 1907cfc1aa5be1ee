"""The Django admin (staff only) lists API tokens by name and prefix: never a key, never a digest.

Staff may revoke (delete) a token here; tokens are made by their owners (/facilitate/tokens),
who alone see the key, once.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from organisations.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "user", "token_key", "created", "expiry", "last_used")
    list_filter = ("expiry",)
    search_fields = ("name", "user__username")
    # Only these are shown; the digest is left out even read-only.
    fields = ("name", "user", "token_key", "created", "expiry", "last_used")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
