from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordersConfig(AppConfig):
    name = "records.recorders"
    label = "recorders"
    verbose_name = _("Body-camera recorders")
    default_auto_field = "django.db.models.BigAutoField"
