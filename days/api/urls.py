"""The training-day API's URLs: every resource of a day lives under /api/v1/days/<code>/."""

from django.urls import path

from days.api import views

DAY = "days/<str:code>"

urlpatterns = [
    path("days/", views.DayListView.as_view(), name="day-list"),
    path(f"{DAY}/", views.DayDetailView.as_view(), name="day-detail"),
    path(f"{DAY}/join/", views.DayJoinView.as_view(), name="day-api-join"),
    path(f"{DAY}/me/", views.MemberStatusView.as_view(), name="day-member-status"),
    path(f"{DAY}/tables/", views.ProposeView.as_view(), name="day-tables-propose"),
    path(f"{DAY}/members/<int:member>/table/", views.MoveView.as_view(), name="day-member-move"),
    path(f"{DAY}/open/", views.OpenView.as_view(), name="day-open"),
    *(
        path(f"{DAY}/{route}", view.as_view(), name=f"day-{route.strip('/').replace('/', '-')}")
        for route, view in views.COMMAND_VIEWS.items()
    ),
    path(f"{DAY}/shares/", views.ShareView.as_view(), name="day-shares"),
    path(f"{DAY}/comparison/", views.ComparisonView.as_view(), name="day-comparison"),
    path(f"{DAY}/report.csv", views.ReportCsvView.as_view(), name="day-report-csv"),
    path(f"{DAY}/report.pdf", views.ReportPdfView.as_view(), name="day-report-pdf"),
]
