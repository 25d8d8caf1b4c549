"""Public pages of the records app, under /kk/ and /ru/ (portal/urls.py includes them in i18n_patterns)."""

from django.urls import path

from .cabinet import views as cabinet
from .public import apply, signin, tracker
from .public import fee as public_fee

app_name = "records"

urlpatterns = [
    path("track/", tracker.track, name="track"),
    path("track/documents/<str:token>/", tracker.download, name="track_download"),
    path("apply/", apply.apply, name="apply"),
    path("apply/done/", apply.apply_done, name="apply_done"),
    path("apply/pay/", public_fee.apply_pay, name="apply_pay"),
    path("cabinet/", cabinet.cabinet, name="cabinet"),
    path("cabinet/<str:key>/", cabinet.detail, name="cabinet_detail"),
    path("cabinet/<str:key>/documents/<str:code>/", cabinet.download, name="cabinet_download"),
    path("cabinet/<str:key>/add-documents/", cabinet.upload, name="cabinet_upload"),
    path("cabinet/<str:key>/withdraw/", cabinet.withdraw, name="cabinet_withdraw"),
    path("login/", signin.login, name="login"),
    path("logout/", signin.logout, name="logout"),
]
