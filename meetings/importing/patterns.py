"""The pattern fragments every reader of the importer shares, defined once.

Persian is typed with a space or a zero-width non-joiner between the parts of a word
(«سازمان‌ها», «سازمان ها», «سازمانها»): ``SPACE`` requires one of them, ``SPACE0`` allows none.
"""

from __future__ import annotations

import re

from resolutions.models import DECISION_VERBS as COMMON_DECISION_VERBS

SPACE = r"[\s\u200c]+"  # a space, or a zero-width non-joiner where people write one
SPACE0 = r"[\s\u200c]*"
WORD = r"[\w\u200c]+"  # a word, with its zero-width non-joiners

# What minutes call a session.
SESSION_WORD = r"(?:نشست|جلسه|اجلاسیه|اجلاس|گردهمایی|همایش)"


def squeeze(text: str) -> str:
    """``text`` with its spaces and zero-width non-joiners taken out, to compare spellings."""
    return re.sub(SPACE, "", text)


# -- the wording the parser reads -----------------------------------------------------------


def phrase(text: str) -> str:
    """A pattern for a phrase whose words may be written apart, with ZWNJ, or together."""
    return SPACE0.join(re.escape(part) for part in text.split())


# The verbs of ``resolutions.models.DECISION_VERBS`` and their other forms.
DECISION_VERBS = [
    *COMMON_DECISION_VERBS,
    "مصوب می گردد",
    "مصوب گردیده",
    "مقرر می گردد",
    "مقرر می شود",
    "مقرر است",
    "قرار شد",
    "تصویب شد",
    "تصویب گردید",
    "تصویب نمودند",
    "تصویب کرد",
    "تصویب کردند",
    "به تصویب رسید",
    "مورد تصویب قرار گرفت",
    "موافقت گردید",
    "موافقت نمودند",
    "موافقت کرد",
    "موافقت کردند",
    "مورد موافقت قرار گرفت",
    "تاکید شد",
    "تأکید شد",
    "تاکید گردید",
    "تأکید گردید",
    "تصمیم گرفته شد",
]
VERB = "(?:" + "|".join(phrase(v) for v in sorted(DECISION_VERBS, key=len, reverse=True)) + r")(?!\w)"
VERB_AT_START = re.compile(
    r"^(?:(?:در\s+این\s+(?:جلسه|نشست)|همچنین|ضمنا|ضمناً|نیز)\s*[،,]?\s*)?(?P<verb>" + VERB + r")\s*[،,:]?\s*"
)
VERB_ANYWHERE = re.compile(r"(?<!\w)(?P<verb>" + VERB + ")")

NUMBERED = re.compile(
    r"^\s*(?:(?:ماده|بند)\s+)?\(?\s*(?P<num>\d{1,3})(?:\s*[-ـ.]\s*(?P<sub>\d{1,3}))?\s*(?:[-–—ـ.)\]]|(?<=\d)\s(?=\D))\s*(?=\S)"
)
LETTERED = re.compile(r"^\s*\(?\s*(?P<letter>الف|[بپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])\s*[-–—ـ).]\s*(?=\S)")
BULLET = re.compile(r"^\s*[•●○◦▪■□►▸*·\-–—]\s+(?=\S)")

HEADINGS = {
    "بسمهتعالی": None,
    "باسمهتعالی": None,
    "بسمهتعالیشانه": None,
    "بهنامخدا": None,
    "بنامخدا": None,
    "بسماللهالرحمنالرحیم": None,
    "صورتجلسه": None,
    "صورتجلسات": None,
    "صورتجلسهنشست": None,
    "مصوبات": "resolutions",
    "مصوباتجلسه": "resolutions",
    "مصوباتنشست": "resolutions",
    "تصمیمات": "resolutions",
    "تصمیماتمتخذه": "resolutions",
    "تصمیماتجلسه": "resolutions",
    "دستورجلسه": "agenda",
    "دستورکار": "agenda",
    "دستورکارجلسه": "agenda",
    "دستورکارنشست": "agenda",
    "دستوراتجلسه": "agenda",
    "موضوعجلسه": "agenda",
    "حاضرین": "attendance:present",
    "حاضران": "attendance:present",
    "حاضرینجلسه": "attendance:present",
    "اعضایحاضر": "attendance:present",
    "غایبین": "attendance:absent",
    "غائبین": "attendance:absent",
    "مدعوین": "attendance:guest",
    "امضاها": "signatures",
    "امضاء": "signatures",
    "امضا": "signatures",
    "امضایحاضرین": "signatures",
    "امضاءحاضرین": "signatures",
    "محلامضا": "signatures",
    "خلاصهمذاکرات": "discussion",
    "شرحمذاکرات": "discussion",
}

HONORIFIC = r"(?P<honorific>جناب" + SPACE0 + r"آقای|سرکار" + SPACE0 + r"خانم|جناب|آقای|خانم)(?!\w)"
HONORIFIC_RE = re.compile(HONORIFIC)
TITLE_RE = re.compile(
    r"^\s*(?P<title>مهندس|دکتر|حجت"
    + SPACE0
    + r"الاسلام(?:"
    + SPACE
    + r"و"
    + SPACE0
    + r"المسلمین)?|حاج|استاد|سردار|سرهنگ)(?!\w)\s*"
)
CONNECTOR = re.compile(
    r"(?:^|[\s.:؛،,])(?:ابتدا|در\s+ابتدا|سپس|در\s+ادامه|آنگاه|پس\s+از\s+آن|بعد\s+از\s+آن|همچنین|در\s+پایان|"
    r"پس\s+از\s+ایشان|در\s+ادامه\s+جلسه|بعد|و)\s*[،,]?\s*$"
)
POSITION_HEADS = (
    "مدیر عامل|مدیرعامل|مدیر کل|مدیرکل|مدیر|عضو|دبیر|رئیس|رییس|نایب رئیس|معاون|نماینده|کارشناس|مشاور|"
    "سرپرست|مسئول|مسوول|مسؤول|شهردار|استاندار|فرماندار|بخشدار|فرمانده|قائم مقام|قائم‌مقام|دادستان|"
    "امام جمعه|مدیر روابط عمومی|هماهنگ کننده"
)
POSITION_HEAD_RE = re.compile(r"(?<!\w)(?:" + POSITION_HEADS + r")(?!\w)")
SAID = (
    r"(?:عنوان|بیان|اظهار|اشاره|تاکید|تأکید|خاطرنشان|خاطر\s+نشان)\s+(?:کرد|کردند|نمود|نمودند|داشت|داشتند)"
    r"|گفت|گفتند|افزود|افزودند|یادآور\s+شد|یادآور\s+شدند|توضیح\s+داد|توضیح\s+دادند|گزارش\s+داد|گزارش\s+دادند"
)
SPEECH_MARKER = re.compile(
    r"(?<!\w)(?:ضمن|با\s+بیان|با\s+اشاره|با\s+تشکر|با\s+ارائه|با\s+قرائت|طی\s+سخنانی|در\s+سخنانی|"
    + SAID
    + r")(?!\w)|:"
)
LEADING_SAID = re.compile(r"^(?:" + SAID + r")(?!\w)(?:\s+که)?\s*:?\s*")

HELD = re.compile(r"(?<!\w)(?:برگزار|تشکیل|منعقد|برپا)(?!\w)")
HOST = re.compile(r"به\s+میزبانی\s+")
CITY = re.compile(r"(?<!\w)در\s+(?:شهر\s+)?(?P<city>[\w\u200c]+(?:\s+[\w\u200c]+)?)\s+(?:برگزار|تشکیل|منعقد)")
TIME = re.compile(
    r"(?:ساعت|ساعت\s+شروع|زمان\s+شروع|ساعت\s+پایان|زمان\s+پایان)\s*[:：]?\s*(?P<h>\d{1,2})"
    r"(?:\s*[:/.٫]\s*(?P<m>\d{1,2})|\s+و\s+(?P<m2>\d{1,2})\s+دقیقه)?(?!\d)"
    r"(?:\s*(?P<part>صبح|ظهر|بعد\s*از\s*ظهر|بعدازظهر|بعد\s*ازظهر|عصر|شب))?"
)
START_WORDS = re.compile(r"(?<!\w)(?:آغاز|شروع|افتتاح)")
END_WORDS = re.compile(r"(?<!\w)(?:پایان|خاتمه|ختم|اتمام)\s*(?:یافت|پذیرفت|رسید|یافته|می\s*یابد|شد)?")
OPENING = re.compile(r"(?<!\w)با\s+(?P<programme>(?:تلاوت|قرائت|پخش|اجرای|ذکر)\s.+?)\s+(?:آغاز|شروع)")
PROCEEDINGS = re.compile(r"دستور\s*(?:کار|جلسه)")
APPROVED = re.compile(r"(?:تصویب|تأیید|تایید|به\s+شرح\s+(?:ذیل|زیر)|مصوبات|تصمیمات\s+(?:زیر|ذیل)|اتخاذ)")
SITTINGS = {
    "صبح": "morning",
    "عصر": "afternoon",
    "بعدازظهر": "afternoon",
    "بعد از ظهر": "afternoon",
    "شب": "evening",
}
NEXT_SESSION = re.compile(r"(?<!\w)" + SESSION_WORD + r"\s+(?:آتی|آینده|بعدی|بعد)(?!\w)")

RESPONSIBLE_PHRASE = re.compile(r"(?:با|به)\s+(?:مسوولیت|مسئولیت|مسؤولیت|محوریت|راهبری)\s+")
BY = re.compile(r"(?<!\w)توسط\s+")
OBLIGED = re.compile(
    r"(?<!\w)(?:موظف|مکلف)\s*(?:است|اند|ند|هستند|شد|شدند|گردید|گردیدند|می\s*باشد|می\s*باشند|گردد|شود)?(?!\w)"
)
COLLABORATION = re.compile(r"(?:(?<!\w)و\s+|(?<!\w)با\s+|،\s*)(?:با\s+)?همکاری\s+")
COMMITTEE = re.compile(
    r"(?<!\w)(?P<name>(?:کمیته|کارگروه|گروه\s+کاری|کمیسیون)\s+[^،,:()؛.]{2,80}?)\s+(?=(?:با|به)\s+(?:مسوولیت|مسئولیت|مسؤولیت|محوریت|ریاست)\s)"
)
PLURAL_ORGANIZATIONS = re.compile(r"\s*سازمان" + SPACE0 + r"(?:های|ها)(?!\w)\s*")
SECRETARIAT = re.compile(r"(?<!\w)دبیر" + SPACE0 + r"خانه(?!\w)")
SECRETARY = re.compile(r"(?<!\w)دبیر\s+(?:محترم\s+)?(?:کار" + SPACE0 + r"گروه|گروه|جلسه|نشست)(?!\w)")
ANAPHORA = re.compile(r"^(?:آن|این)\s+سازمان(?!\w)|^سازمان\s+(?:مذکور|یاد\s*شده|مزبور)")
TERMINATORS = {
    "در", "جهت", "نسبت", "تشکیل", "برای", "به", "تا", "اقدام", "موظف", "مکلف", "را", "ظرف", "طی", "حداکثر",
    "که", "از", "با", "پس", "نیز", "هم", "همچنین", "و",
}  # fmt: skip
DELIVERY = re.compile(
    r"(?:ارسال|ارائه|تحویل|اطلاع"
    + SPACE0
    + r"رسانی|اعلام|منعکس|مطرح|ابلاغ)(?:"
    + SPACE
    + r"(?:شود|گردد|نمایند|نماید|کنند|کند|"
    r"شوند|گردند|شده|گردیده|دهند|دهد))?$"
)
# "تبصره ۱- ..." of a decision: part of the item before it.
NOTE = re.compile(r"^تبصره(?:\s*(?:\d{1,2}|[\w\u200c]+))?\s*[-–ـ:.)]")
PRODUCTION = re.compile(r"(?:تهیه|تنظیم|تدوین)(?:" + SPACE + r"(?:شده|گردیده|شود|گردد))?$")
