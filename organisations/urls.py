from django.urls import path

from organisations import api

urlpatterns = [
    path("organisation/", api.OrganisationView.as_view(), name="organisation"),
    path(
        "organisation/invitations/",
        api.InvitationListView.as_view(),
        name="invitation-list",
    ),
    path(
        "organisation/invitations/<int:invitation>/",
        api.InvitationDetailView.as_view(),
        name="invitation-detail",
    ),
    path("organisation/members/<int:user>/", api.MemberDetailView.as_view(), name="member-detail"),
    path(
        "organisation/tokens/",
        api.OrganisationTokenListView.as_view(),
        name="organisation-token-list",
    ),
    path("tokens/", api.ApiTokenListView.as_view(), name="api-token-list"),
    path("tokens/<int:token>/", api.ApiTokenDetailView.as_view(), name="api-token-detail"),
]
