"""Public pages of the records app, under /kk/ and /ru/ (portal/urls.py includes them in i18n_patterns)."""

from django.urls import path

from .public import apply, signin, tracker

app_name = "records"

urlpatterns = [
    path("track/", tracker.track, name="track"),
    path("track/documents/<str:token>/", tracker.download, name="track_download"),
    path("apply/", apply.apply, name="apply"),
    path("apply/done/", apply.apply_done, name="apply_done"),
    path("login/", signin.login, name="login"),
    path("logout/", signin.logout, name="logout"),
]
