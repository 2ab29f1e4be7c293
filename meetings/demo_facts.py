"""What the demo needs beyond the 12th session's minutes (Shiraz, 31 Khordad and 1 Tir 1391).

This module is data, not code: ``meetings.demo`` imports the minutes
(``fixtures/minutes-12th-session-shiraz-1391.txt``) through the minutes importer and takes from
here only what the minutes do not say: the working group, its organizations and people (referred
to by a key), the demo logins, and who attended.

What the minutes do not say at all is marked ``DEMO ONLY``: the full names of the member
organizations are written in the group's own naming pattern, and two member-user representatives
(Tehran, Isfahan) are added so that the member pages can be tried. The tests' own record of what
the minutes say is ``tests/seed_facts.py``.
"""

from typing import Any

WORKING_GROUP: dict[str, Any] = {
    "slug": "meydan",
    "name": "کارگروه تخصصی سازمان‌های میادین و ساماندهی مشاغل کلان‌شهرهای کشور",
    "secretariat_name": "دبیرخانه کلان‌شهرها",
    "secretary": "jafari",
}

# The twelve metropolises whose organizations are members, in the order the DESIGN lists them.
MEMBER_CITIES = {
    "tehran": "تهران",
    "karaj": "کرج",
    "mashhad": "مشهد",
    "tabriz": "تبریز",
    "shiraz": "شیراز",
    "isfahan": "اصفهان",
    "qom": "قم",
    "hamedan": "همدان",
    "rasht": "رشت",
    "kermanshah": "کرمانشاه",
    "ahvaz": "اهواز",
    "zahedan": "زاهدان",
}

ORGANIZATIONS: dict[str, dict[str, Any]] = {
    **{
        key: {
            "name": f"سازمان میادین و ساماندهی مشاغل شهرداری {city}",
            "short_name": f"سازمان میادین {city}",
            "city": city,
            "kind": "market",
            "member": True,
        }
        for key, city in MEMBER_CITIES.items()
    },
    "shiraz_council": {
        "name": "شورای اسلامی شهر شیراز",
        "short_name": "شورای اسلامی شهر شیراز",
        "city": "شیراز",
        "kind": "council",
        "member": False,
    },
    "deputies_committee": {
        "name": "کمیته معاونین خدمات شهری کلان‌شهرها",
        "short_name": "کمیته معاونین خدمات شهری",
        "city": "",
        "kind": "municipal",
        "member": False,
    },
}

PEOPLE: dict[str, dict[str, Any]] = {
    "dabiri": {
        "honorific": "mr",
        "title": "",
        "last_name": "دبیری",
        "position": "مدیر عامل سازمان میادین و ساماندهی مشاغل شهرداری شیراز",
        "organization": "shiraz",
    },
    "khani": {
        "honorific": "mr",
        "title": "",
        "last_name": "خانی",
        "position": "عضو شورای اسلامی شهر شیراز",
        "organization": "shiraz_council",
    },
    "moradi": {
        "honorific": "mr",
        "title": "eng",
        "last_name": "مرادی",
        "position": "دبیر کمیته معاونین خدمات شهری کلان شهر ها",
        "organization": "deputies_committee",
    },
    "jafari": {
        "honorific": "mr",
        "title": "eng",
        "last_name": "جعفری",
        "position": "دبیر کارگروه تخصصی سازمانهای میادین و ساماندهی مشاغل کلانشهر های کشور",
        "organization": None,
        "user": "dabir",
    },
    # DEMO ONLY: the minutes name no representatives of Tehran and Isfahan.
    "tehran_representative": {
        "honorific": "",
        "title": "",
        "last_name": "نماینده سازمان میادین تهران",
        "position": "نماینده سازمان",
        "organization": "tehran",
        "user": "tehran",
    },
    "isfahan_representative": {
        "honorific": "",
        "title": "",
        "last_name": "نماینده سازمان میادین اصفهان",
        "position": "نماینده سازمان",
        "organization": "isfahan",
        "user": "esfahan",
    },
}

DEMO_PASSWORD = "demo-pass-1391"

# username → (person key, is secretariat staff)
USERS = {
    "dabir": ("jafari", True),
    "tehran": ("tehran_representative", False),
    "esfahan": ("isfahan_representative", False),
}

# DEMO ONLY: API tokens with published secrets, for trying the API against ``make run`` (README)
# and for the schema's outside test in CI. {secret: (username, name, scope, shared by the organization)}
API_TOKENS = {
    "sk_demo_tehran_read_write": ("tehran", "سامانه اتوماسیون تهران", "read_write", True),
    "sk_demo_tehran_read": ("tehran", "داشبورد مدیریت تهران", "read", False),
    "sk_demo_esfahan_read_write": ("esfahan", "سامانه پروژه اصفهان", "read_write", True),
    "sk_demo_dabir_read": ("dabir", "گزارش‌های دبیرخانه", "read", False),
}

SEED_SESSION_NUMBER = 12

# Who took part in the 12th session: the four speakers, and (DEMO ONLY) the two member-user
# representatives. The minutes list no attendance; the demo records this one.
ATTENDANCE: list[dict[str, Any]] = [
    {"person": "jafari", "kind": "present", "organization": None},
    {"person": "dabiri", "kind": "present", "organization": "shiraz"},
    {"person": "tehran_representative", "kind": "present", "organization": "tehran"},
    {"person": "isfahan_representative", "kind": "present", "organization": "isfahan"},
    {"person": "khani", "kind": "guest", "organization": "shiraz_council"},
    {"person": "moradi", "kind": "guest", "organization": "deputies_committee"},
]
