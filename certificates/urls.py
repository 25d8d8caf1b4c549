from django.urls import path

from certificates import acts_views, views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/pdf/", views.download, name="download"),
    path("pdf/acts/<str:code>.pdf", acts_views.act_pdf, name="act_pdf"),  # the PDF of a published act
]
