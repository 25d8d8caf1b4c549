"""Month names that locale/kk overrides for Kazakh dates («2021 жылғы 14 сәуір»).

Django's own kk catalogue capitalises month names («Сәуір»), but in a Kazakh date the month is written in
lower case, in the nominative. locale/kk therefore translates Django's month msgids again, and LOCALE_PATHS
take precedence over Django's catalogue. No project code renders these strings itself, so without this
module `makemessages --no-obsolete` would drop the entries. The msgids and contexts must stay exactly those
of django/utils/dates.py (MONTHS, MONTHS_3, MONTHS_AP, MONTHS_ALT); tests/portal/test_locale.py checks it.
Nothing needs to import this module at run time.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Date format "F" (used by portal/formats/kk/formats.py).
MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)

# Date format "b".
MONTHS_3 = (
    _("jan"),
    _("feb"),
    _("mar"),
    _("apr"),
    _("may"),
    _("jun"),
    _("jul"),
    _("aug"),
    _("sep"),
    _("oct"),
    _("nov"),
    _("dec"),
)

# Date format "N".
MONTHS_AP = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)

# Date format "E".
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
