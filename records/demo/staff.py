"""The demo staff's profiles (issue 16): real-looking Kazakh and Russian full names and positions, so that
the demo documents name their signatories as real ones would.  Idempotent: an existing profile is reset to
these values; users that do not exist (yet) are skipped.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from ..staff_profiles import StaffProfile

_HEAD = ("Ветеринария бөлімінің басшысы", "Руководитель отдела ветеринарии")
_EXECUTOR = ("Бөлімнің бас маманы", "Главный специалист отдела")
_VET_DOCTOR = ("Мемлекеттік ветеринариялық дәрігер", "Государственный ветеринарный врач")
_OFFICE = ("Кеңсе маманы", "Специалист канцелярии")

# username -> (full name kk, full name ru, position kk, position ru)
DEMO_PROFILES: dict[str, tuple[str, str, str, str]] = {
    "admin": (
        "Нұрпейісов Арман Ғаниұлы",
        "Нурпеисов Арман Ганиевич",
        "Жүйе әкімшісі",
        "Системный администратор",
    ),
    "editor": (
        "Әбдірахманова Мадина Асқарқызы",
        "Абдрахманова Мадина Аскаровна",
        "Интернет-ресурс редакторы",
        "Редактор интернет-ресурса",
    ),
    "head": ("Ахметов Ерлан Бақытжанұлы", "Ахметов Ерлан Бакытжанович", *_HEAD),
    "office_clerk": ("Байжанова Әйгерім Нұрланқызы", "Байжанова Айгерим Нурлановна", *_OFFICE),
    "executor": ("Сейітқали Динара Маратқызы", "Сейткали Динара Маратовна", *_EXECUTOR),
    "state_vet_doctor": ("Исаев Нұрлан Қайратұлы", "Исаев Нурлан Кайратович", *_VET_DOCTOR),
    "oblast_inspection": (
        "Тілеубаев Асқар Серікұлы",
        "Тлеубаев Аскар Серикович",
        "Облыстық инспекция бөлімінің бас маманы",
        "Главный специалист отдела областной инспекции",
    ),
    "attestation_commission": (
        "Қасымова Сәуле Ержанқызы",
        "Касымова Сауле Ержановна",
        "Аттестаттау комиссиясының хатшысы",
        "Секретарь аттестационной комиссии",
    ),
    "archivist": ("Мұқанова Жанар Болатқызы", "Муканова Жанар Болатовна", "Мұрағатшы", "Архивариус"),
    "responsible_person": (
        "Ермеков Бауыржан Талғатұлы",
        "Ермеков Бауыржан Талгатович",
        "Бейнетіркегіштерді есепке алуға жауапты адам",
        "Лицо, ответственное за учёт видеорегистраторов",
    ),
    "inspector": (
        "Серікбаев Данияр Әлібекұлы",
        "Серикбаев Данияр Алибекович",
        "Мемлекеттік ветеринариялық-санитариялық инспектор",
        "Государственный ветеринарно-санитарный инспектор",
    ),
    # The staff of the Merke demo unit (records.demo.units): the names their accounts carry.
    "merke_office_clerk": ("Байменова Әсем Нұрланқызы", "Байменова Асем Нурлановна", *_OFFICE),
    "merke_head": (
        "Жандосов Серік Болатұлы",
        "Жандосов Серик Болатович",
        "Меркі ауданы әкімдігінің ветеринария бөлімінің басшысы",
        "Руководитель отдела ветеринарии акимата Меркенского района",
    ),
    "merke_executor": ("Қожахметов Марат Ерланұлы", "Кожахметов Марат Ерланович", *_EXECUTOR),
    "merke_vet_doctor": ("Омарова Айдана Сәкенқызы", "Омарова Айдана Сакеновна", *_VET_DOCTOR),
}


def ensure_demo_staff_profiles() -> int:
    """Give every existing demo staff user their profile; returns how many were written."""
    users = get_user_model().objects.filter(username__in=DEMO_PROFILES)
    for user in users:
        full_kk, full_ru, position_kk, position_ru = DEMO_PROFILES[user.get_username()]
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "full_name_kk": full_kk,
                "full_name_ru": full_ru,
                "position_kk": position_kk,
                "position_ru": position_ru,
            },
        )
    return len(users)
