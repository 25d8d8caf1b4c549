from django.urls import path, re_path

from . import views

app_name = "records_api"

urlpatterns = [
    path("applications/", views.create_application, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/transitions/", views.transitions, name="transitions"),
    path("applications/<int:pk>/transitions/<str:name>/", views.perform, name="perform"),
    path("schema/", views.schema, name="schema"),
    re_path(r"^(?P<path>.*)$", views.unknown),
]
