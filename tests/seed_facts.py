"""Hand-checked facts of the 12th session's minutes (Shiraz, 31 Khordad and 1 Tir 1391): what the
tests compare the import, the demo, the minutes page and the PDF with.

Texts are as written in the minutes, with the "**" emphasis marks removed: a committee's mandate is
the wording that follows its members, a deliverable the closing clause that sends or presents
something. In a speaker's position two slips of the typist are undone ("میداین" → "میادین",
"شیرازو" → "شیراز و"). Organizations and people are referred to by the keys of
``meetings.demo_facts``, but nothing here is read from it: a change to what the demo loads shows
as a difference from these facts, not as a round trip.
"""

# The seed names no attendance list: who was there is read from who spoke and in which role (the
# secretary, the host, a council member and the deputies' committee as guests). Tehran's and
# Isfahan's representatives are not named in the seed; the demo stands in a person for each, so that
# their organizations' users can sign.
ATTENDANCE = [
    {"person": "jafari", "kind": "present", "organization": None},
    {"person": "dabiri", "kind": "present", "organization": "shiraz"},
    {"person": "tehran_representative", "kind": "present", "organization": "tehran"},
    {"person": "isfahan_representative", "kind": "present", "organization": "isfahan"},
    {"person": "khani", "kind": "guest", "organization": "shiraz_council"},
    {"person": "moradi", "kind": "guest", "organization": "deputies_committee"},
]

SESSION = {
    "number": 12,
    "status": "published",
    "host": "shiraz",
    "city": "شیراز",
    "days": ["1391/03/31", "1391/04/01"],
    "start_time": "08:40",
    "sittings": ["morning", "afternoon"],
    "opening_programme": "تلاوت آیاتی از کلام ... مجید و پخش سرود جمهوری اسلامی ایران",
    "proceedings": (
        "سپس دستور کار جلسه در دو نوبت کاری صبح و عصر مطرح و پس از بحث و تبادل نظر به شرح ذیل"
        " مورد تأیید و تصویب اعضا قرار گرفت"
    ),
    "speeches": [
        {
            "speaker": "dabiri",
            "position": "مدیر عامل سازمان میادین و ساماندهی مشاغل شهرداری شیراز و میزبان جلسه",
            "occasion": "مراسم افتتاحیه",
            "summary": (
                "ضمن خوش آمدگویی به میهمانان و حاضرین در جلسه و عرض تبریک به مناسبت اعیاد شعبانیه ، عنوان کردند "
                "این نشست فرصتی مناسب در جهت تبادل دانش و تجربیات در زمینه ساماندهی مشاغل شهری می باشد که "
                "انشا... با افزایش همکاری سازمانهای میداین کلانشهر ها شاهد نتایج ارزشمند ، حاصل از عملکرد "
                "کارگروه تخصصی خواهیم بود ."
            ),
        },
        {
            "speaker": "khani",
            "position": "عضو شورای اسلامی شهر شیراز",
            "occasion": "مراسم افتتاحیه",
            "summary": (
                "با بیان این مطلب که : بررسی و تحلیل فرصتها و تهدیدها جزو ضروریات کاری کارگروه ها می باشد و باعث"
                " میشود با تبادل تجربیات ، بهترین وضعیت را در سازمان خود ایجاد کنید گفتند : سازمانهای میداین و "
                "ساماندهی مشاغل در ایجاد اشتغال و کاهش فقر در جامعه نقش به سزایی دارند و باعث نجات بسیاری از "
                "زندگی ها و برکت بخشیدن به جامعه میشوند ."
            ),
        },
        {
            "speaker": "moradi",
            "position": "دبیر کمیته معاونین خدمات شهری کلان شهر ها",
            "occasion": "",
            "summary": (
                "اعضای کار گروه های تخصصی شهرداری های کلانشهر ها از متخصص ترین و کارشناسانه ترین نظریات در زمینه"
                " ها و مسائل مختلف شهری برخوردار می باشند که همین امر موجب گردیده تا امروز کلانشهر ها در مجامع "
                "قانونگذاری کشور از جمله مجلس شورای اسلامی و مجمع تشخیص مصلحت نظام ، جایگاه ویژه ای داشته باشند "
                "."
            ),
        },
        {
            "speaker": "jafari",
            "position": "دبیر کارگروه تخصصی سازمانهای میادین و ساماندهی مشاغل کلانشهر های کشور",
            "occasion": "",
            "summary": (
                "این همایش با هدف آشنایی و استفاده از تجربیات دیگر سازمانهای کلانشهرها و در راستای اهداف سازمانی"
                " و تبادل اطلاعات و همفکری و هم اندیشی سازمان ها در جهت حل مسائل و مشکلاتی که در انجام وظایف "
                "سازمانی بوجود می آید و همچنین استفاده از تجارب موفق کلانشهر ها در پیشبرد اهداف و ایجاد هماهنگی "
                "و وحدت رویه در برخورد و حل مشکلات برگزار شده است . وی با قرائت مصوبات نشست های گذشته و پیگیری "
                "های صورت گرفته ، دستور کار دوازدهمین نشست تخصصی سازمان های میداین و ساماندهی مشاغل کلانشهر های "
                "کشور را در ۸ مورد عنوان کردند ."
            ),
        },
    ],
    "attendance": ATTENDANCE,
    "committees": [
        {
            "name": "کمیته حقوقی",
            "lead": "tehran",
            "collaborators": ["karaj", "mashhad", "tabriz", "shiraz", "isfahan", "qom", "hamedan", "rasht"],
            "mandate": (
                "در جهت تهیه آئین نامه مالی و معاملاتی ، اصلاح اساسنامه سازمانها اقدام و همچنین اساسنامه "
                "اتحادیه پیشنهادی سازمان میادین شیراز را بررسی و حداکثر تا پایان شهریور ماه سال جاری ( "
                "زمان تشکیل سیزدهمین نشست ) به دبیرخانه کلان شهر ها ارسال تا در جلسه کار گروه مطرح گردد"
            ),
        },
        {
            "name": "کمیته فرهنگی و اجتماعی",
            "lead": "isfahan",
            "collaborators": ["tehran", "qom", "kermanshah", "rasht", "hamedan"],
            "mandate": (
                "نسبت به تعیین چگونگی اطلاع رسانی از طریق رسانه های جمعی رادیو ، تلویزیون و تیزرهای "
                "تبلیغاتی ، نمایش بر روی تلویزیونهای شهری و نصب بر روی بیلبوردها و استند های سطح شهر "
                "اقدام نمایند"
            ),
        },
        {
            "name": "کمیته محیط زیست و بهداشت",
            "lead": "tehran",
            "collaborators": ["mashhad", "shiraz", "tabriz", "karaj"],
            "mandate": (
                "در خصوص سلامت میوه ها و پایش باقی مانده سموم در محصولات کشاورزی و فرآورده های پروتئینی "
                "خام دامی ، مبارزه با آفت های محیطی و جوندگان ، پیاده سازی استاندارد ( ISO 14001 ) ، "
                "پیاده سازی مقررات و ضوابط قانونی ایمنی کار، سلامت و محیط زیست و کیفیت ( HSEQ ) ، تهیه "
                "ورمی کمپوست ازتبدیل ضایعات میوه و سبزی ، همچنین نسبت به حذف کیسه های پلاستیکی از چرخه "
                "مصرف در بازارچه ها راهکار های اجرایی را بررسی و بهترین راه حل را ارائه نمایند"
            ),
        },
        {
            "name": "کمیته جذب سرمایه گذار و تجارت الکترونیک",
            "lead": "mashhad",
            "collaborators": ["tehran", "tabriz", "rasht", "shiraz", "ahvaz", "zahedan"],
            "mandate": (
                "در جهت بررسی چگونگی عرضه محصولات کشاورزی بصورت الکترونیکی ( تجارت الکترونیک ) و تعیین "
                "راهکار های مختلف و همچنین چگونگی برون سپاری آئین نامه ای تنظیم و در جلسه آتی مطرح نمایند"
            ),
        },
    ],
    "resolutions": [
        {
            "number": 1,
            "verb": "مصوب شد",
            "text": (
                "کمیته حقوقی با مسوولیت سازمان میادین تهران و همکاری سازمانهای کرج ، مشهد ، تبریز ، شیراز،"
                " اصفهان ، قم ، همدان و رشت در جهت تهیه آئین نامه مالی و معاملاتی ، اصلاح اساسنامه سازمانها"
                " اقدام و همچنین اساسنامه اتحادیه پیشنهادی سازمان میادین شیراز را بررسی و حداکثر تا پایان"
                " شهریور ماه سال جاری ( زمان تشکیل سیزدهمین نشست ) به دبیرخانه کلان شهر ها ارسال تا در جلسه"
                " کار گروه مطرح گردد ."
            ),
            "responsible": {"kind": "committee", "committee": "کمیته حقوقی"},
            "collaborators": ["karaj", "mashhad", "tabriz", "shiraz", "isfahan", "qom", "hamedan", "rasht"],
            "deadline": {
                "text": "حداکثر تا پایان شهریور ماه سال جاری ( زمان تشکیل سیزدهمین نشست )",
                "jalali": "1391/06/31",
                "iso": "2012-09-21",
                "next_meeting": True,
            },
            "deliverable": "به دبیرخانه کلان شهر ها ارسال تا در جلسه کار گروه مطرح گردد",
        },
        {
            "number": 2,
            "verb": "مصوب شد",
            "text": (
                "کمیته فرهنگی و اجتماعی با مسوولیت سازمان میادین اصفهان و همکاری سازمانهای تهران ، قم ،"
                " کرمانشاه ، رشت و همدان تشکیل و نسبت به تعیین چگونگی اطلاع رسانی از طریق رسانه های جمعی"
                " رادیو ، تلویزیون و تیزرهای تبلیغاتی ، نمایش بر روی تلویزیونهای شهری و نصب بر روی بیلبوردها و"
                " استند های سطح شهر اقدام نمایند ."
            ),
            "responsible": {"kind": "committee", "committee": "کمیته فرهنگی و اجتماعی"},
            "collaborators": ["tehran", "qom", "kermanshah", "rasht", "hamedan"],
            "deadline": None,
            "deliverable": "",
        },
        {
            "number": 3,
            "verb": "مصوب شد",
            "text": (
                "کمیته محیط زیست و بهداشت با مسوولیت سازمان میادین تهران و همکاری سازمان های مشهد ، شیراز ،"
                " تبریز و کرج در خصوص سلامت میوه ها و پایش باقی مانده سموم در محصولات کشاورزی و فرآورده های"
                " پروتئینی خام دامی ، مبارزه با آفت های محیطی و جوندگان ، پیاده سازی استاندارد ( ISO 14001 ) ،"
                " پیاده سازی مقررات و ضوابط قانونی ایمنی کار، سلامت و محیط زیست و کیفیت ( HSEQ ) ، تهیه ورمی"
                " کمپوست ازتبدیل ضایعات میوه و سبزی ، همچنین نسبت به حذف کیسه های پلاستیکی از چرخه مصرف در"
                " بازارچه ها راهکار های اجرایی را بررسی و بهترین راه حل را ارائه نمایند ."
            ),
            "responsible": {"kind": "committee", "committee": "کمیته محیط زیست و بهداشت"},
            "collaborators": ["mashhad", "shiraz", "tabriz", "karaj"],
            "deadline": None,
            "deliverable": "بهترین راه حل را ارائه نمایند",
        },
        {
            "number": 4,
            "verb": "مصوب شد",
            "text": (
                "کمیته جذب سرمایه گذار و تجارت الکترونیک با مسوولیت سازمان میادین مشهد و همکاری سازمانهای"
                " تهران ، تبریز ، رشت ، شیراز ، اهواز و زاهدان در جهت بررسی چگونگی عرضه محصولات کشاورزی بصورت"
                " الکترونیکی ( تجارت الکترونیک ) و تعیین راهکار های مختلف و همچنین چگونگی برون سپاری آئین نامه"
                " ای تنظیم و در جلسه آتی مطرح نمایند ."
            ),
            "responsible": {"kind": "committee", "committee": "کمیته جذب سرمایه گذار و تجارت الکترونیک"},
            "collaborators": ["tehran", "tabriz", "rasht", "shiraz", "ahvaz", "zahedan"],
            "deadline": {"text": "در جلسه آتی", "jalali": None, "iso": None, "next_meeting": True},
            "deliverable": "چگونگی برون سپاری آئین نامه ای تنظیم و در جلسه آتی مطرح نمایند",
        },
        {
            "number": 5,
            "verb": "مصوب شد",
            "text": (
                "توسط دبیرخانه کلانشهرها اطلاعات مربوط به رتبه بندی سرمایه گذاران و پیمانکاران از سازمانهای"
                " عضو کار گروه جمع آوری و پس از جمع بندی به کلیه کلانشهر ها اطلاع رسانی شود."
            ),
            "responsible": {"kind": "secretariat"},
            "collaborators": [],
            "deadline": None,
            "deliverable": "پس از جمع بندی به کلیه کلانشهر ها اطلاع رسانی شود",
        },
        {
            "number": 6,
            "verb": "مصوب شد",
            "text": (
                "توسط دبیر خانه کلانشهر ها اطلاعات مصوبات شورای اسلامی کلانشهر ها را از دیگر سازمانهای عضو کار"
                " گروه جمع آوری و پس از جمع بندی و طبقه بندی در قالب یک کتابچه تهیه و برای اعضا ارسال گردد ."
            ),
            "responsible": {"kind": "secretariat"},
            "collaborators": [],
            "deadline": None,
            "deliverable": "طبقه بندی در قالب یک کتابچه تهیه و برای اعضا ارسال گردد",
        },
        {
            "number": 7,
            "verb": "مصوب شد",
            "text": (
                "در صورت نیاز به استفاده از تجارب و تخصص دبیران کمیته های تخصصی دیگر سازمانها ، دبیر گروه"
                " تخصصی از ایشان دعوت به عمل آورند ."
            ),
            "responsible": {"kind": "secretary"},
            "collaborators": [],
            "deadline": None,
            "deliverable": "",
        },
        {
            "number": 8,
            "verb": "مقرر گردید",
            "text": (
                "نظر به اعلام آمادگی سازمان اصفهان جلسه آتی کارگروه به میزبانی آن سازمان ، اواخر شهریور ۹۱"
                " برگزار گردد ."
            ),
            "responsible": {"kind": "organization", "organization": "isfahan"},
            "collaborators": [],
            "deadline": {
                "text": "اواخر شهریور ۹۱",
                "jalali": "1391/06/31",
                "iso": "2012-09-21",
                "next_meeting": False,
            },
            "deliverable": "",
            "schedules_session": 13,
        },
    ],
    "next_session": {
        "number": 13,
        "host": "isfahan",
        "city": "اصفهان",
        "approximate_date": "1391/06/31",
        "date_note": "اواخر شهریور ۹۱",
    },
}
