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
]
