"""The page an invitation link opens: choose a user name and a password, and be signed in as a
member of the organisation with the role the admin gave."""

from django import forms
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from games.engine.errors import GameError
from organisations.services import invitation_accept, invitation_open


class AcceptForm(forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") != data.get("password_again"):
            raise forms.ValidationError("The two passwords differ.")
        return data


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_page(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_open(token)
    if invitation is None:
        return render(request, "organisations/invitation.html", {"gone": True}, status=404)
    form = AcceptForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except GameError as error:
            problem = error.message
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("/facilitate/")
    context = {"invitation": invitation, "form": form, "problem": problem}
    return render(request, "organisations/invitation.html", context)
