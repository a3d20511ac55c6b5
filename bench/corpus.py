"""A deterministic synthetic corpus of ~3 KB reports in English, Russian and Ukrainian.

``generate(n)`` returns ``n`` documents as ``(lang, text)`` pairs; the same ``n``, ``langs``, ``seed``
and ``doc_chars`` always give the same texts. About 70 % of the documents carry claims, written in
the styles of real reports:

- a defence-ministry statement with a breakdown by region ('... 22 Ukrainian UAVs overnight: 8 over
  the Rostov region, 4 over Stavropol Krai, three each over the Oryol and Bryansk regions ...',
  'перехвачены и уничтожены 45 украинских беспилотных летательных аппаратов самолетного типа: 20 –
  над территорией Белгородской области, ...');
- a Ukrainian air force summary ('У ніч на 5 березня ... противник атакував 120 ударними БпЛА ...
  збито/подавлено 90 ворожих БпЛА ... Зафіксовано влучання 29 ударних БпЛА на 11 локаціях');
- a regional governor's or mayor's post (a count, the region, debris and damage in a town);
- a wire-agency item that quotes one of the above.

Each claim document is padded with realistic non-claim paragraphs (background, analysis) up to
``doc_chars`` characters. The other ~30 % carry no claim at all: economy, weather and sports news.
All texts contain digits, as real news does, so the extractor's digit pre-filter is exercised.

Sizes are in characters: 3,000 characters is ~3 KB of English but ~5.5 KB of UTF-8 Cyrillic, so
Russian and Ukrainian documents hold as much text as English ones.

Region names come from ``skyledger/data/regions.csv`` and town names from ``places.csv`` (read with
the ``csv`` module); Russian and Ukrainian case forms are made with pymorphy3 (a skyledger
dependency). Nothing is written to disk.

``iter_docs(n)`` streams documents of the same kinds one at a time, for corpora too large to hold
(``bench/scale_corpus.py``); ``iter_dated_docs(n)`` gives each with the date its text speaks of.

Run ``python bench/corpus.py`` to print a few samples.
"""

from __future__ import annotations

import csv
import random
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "skyledger" / "data"
LANGS = ("en", "ru", "uk")
DEFAULT_SEED = 20250305
DEFAULT_DOC_CHARS = 3000
NO_CLAIM_SHARE = 0.30


@dataclass(frozen=True)
class Doc:
    """One generated document; ``kind`` is the style it was written in ('mod', 'economy', ...)."""

    lang: str
    kind: str
    has_claim: bool
    text: str


# ----------------------------------------------------------------------------------------------
# Gazetteer: regions.csv and places.csv, with the case forms the templates need.
# ----------------------------------------------------------------------------------------------

#: How often a region turns up in a Russian MoD breakdown (the border regions dominate).
RU_WEIGHTS = {
    "RU-BEL": 10,
    "RU-BRY": 9,
    "RU-KRS": 9,
    "RU-VOR": 6,
    "RU-ROS": 6,
    "RU-ORL": 4,
    "RU-KLU": 4,
    "RU-MOS": 4,
    "RU-KDA": 4,
    "RU-TUL": 3,
    "RU-LIP": 3,
    "RU-TAM": 2,
    "RU-SMO": 2,
    "RU-RYA": 2,
    "RU-STA": 2,
    "RU-VGG": 2,
    "RU-SAR": 2,
    "RU-NIZ": 1,
    "RU-TA": 1,
    "RU-BA": 1,
    "UA-43": 4,
    "SEA-BLACK": 4,
    "SEA-AZOV": 2,
}
UA_WEIGHTS = {
    "UA-63": 8,
    "UA-12": 7,
    "UA-59": 7,
    "UA-74": 5,
    "UA-23": 5,
    "UA-51": 5,
    "UA-48": 4,
    "UA-32": 5,
    "UA-30": 4,
    "UA-53": 3,
    "UA-65": 4,
    "UA-14": 3,
    "UA-18": 2,
    "UA-71": 2,
    "UA-35": 2,
    "UA-05": 2,
    "UA-46": 1,
    "UA-68": 1,
}
#: Fixed forms for the seas (pymorphy3 gets the Ukrainian neuter wrong).
SEA_FORMS = {
    "SEA-BLACK": {"ru": "акваторией Черного моря", "uk": "акваторією Чорного моря", "en": "the Black Sea"},
    "SEA-AZOV": {"ru": "акваторией Азовского моря", "uk": "акваторією Азовського моря", "en": "the Sea of Azov"},
    "SEA-CASPIAN": {"ru": "акваторией Каспийского моря", "uk": "акваторією Каспійського моря", "en": "the Caspian Sea"},
    "SEA-BALTIC": {"ru": "акваторией Балтийского моря", "uk": "акваторією Балтійського моря", "en": "the Baltic Sea"},
}
#: Where Ukrainian air force reports say drones and missiles were launched from.
LAUNCH_AREAS_UK = [
    "Брянськ",
    "Курськ",
    "Орел",
    "Міллерово",
    "Приморсько-Ахтарськ",
    "Шаталово",
    "Навля",
    "Гвардійське",
    "Чауда",
    "Донецьк",
]
LAUNCH_AREAS_EN = [
    "Bryansk",
    "Kursk",
    "Oryol",
    "Millerovo",
    "Primorsko-Akhtarsk",
    "Shatalovo",
    "Navlya",
    "Hvardiiske",
    "Cape Chauda",
]


@dataclass(frozen=True)
class Region:
    """A region row with the forms the templates use."""

    code: str
    country: str
    kind: str
    en: str  # 'the Rostov region', 'Stavropol Krai', 'Crimea', 'the Black Sea'
    en_stem: str | None  # 'Rostov' for oblasts ('the Oryol and Bryansk regions'), else None
    ru_gen: str  # 'Белгородской области'
    ru_gen_adj: str | None  # 'Белгородской' (for 'Брянской и Орловской областей')
    ru_ablt: str  # 'Белгородской областью'
    uk_ablt: str  # 'Харківською областю'
    uk_loct: str  # 'Харківській області'


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of a bundled CSV table."""
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def analysers():
    """pymorphy3 analysers for Russian and Ukrainian (built once)."""
    import pymorphy3

    return {"ru": pymorphy3.MorphAnalyzer(lang="ru"), "uk": pymorphy3.MorphAnalyzer(lang="uk")}


def match_case(form: str, like: str) -> str:
    """Give ``form`` the capitalisation of ``like``, hyphen part by hyphen part."""
    parts, model = form.split("-"), like.split("-")
    out = []
    for k, p in enumerate(parts):
        m = model[k] if k < len(model) else model[-1]
        out.append(p[:1].upper() + p[1:] if m[:1].isupper() else p)
    return "-".join(out)


@cache
def inflect(phrase: str, lang: str, case: str) -> str:
    """Put a nominative region name into ``case``: adjectives and the head noun change, the rest stays.

    'Белгородская область' -> 'Белгородской области'; 'Республика Крым' -> 'Республики Крым'.
    """
    morph = analysers()[lang]
    out, done = [], False
    for word in phrase.split():
        if done:
            out.append(word)
            continue
        parses = morph.parse(word)
        nominative = [p for p in parses if "nomn" in p.tag] or parses
        p = nominative[0]
        hit = p.inflect({case})
        out.append(match_case(hit.word.replace("ё", "е"), word) if hit else word)
        if "NOUN" in p.tag:
            done = True
    return " ".join(out)


def english_forms(row: dict[str, str]) -> tuple[str, str | None]:
    """('the Rostov region', 'Rostov') for an oblast, ('Stavropol Krai', None) for a krai, etc."""
    name = row["name_en"]
    variants = [v for v in row["variants_en"].split("|") if v]
    if row["kind"] == "oblast" and name.endswith(" Oblast"):
        stem = name[: -len(" Oblast")]
        return f"the {stem} region", stem
    if row["kind"] == "republic":
        short = [v for v in variants if " " not in v and "-" not in v]
        return (short[0] if short else name), None
    if row["kind"] == "sea":
        return SEA_FORMS.get(row["code"], {}).get("en", name), None
    return name, None


@cache
def regions() -> dict[str, Region]:
    """Every region of regions.csv that the templates can name, by code."""
    out = {}
    for row in read_rows("regions.csv"):
        code, kind = row["code"], row["kind"]
        if kind == "autonomous_okrug" or not row["name_ru"] or not row["name_uk"]:
            continue
        en, stem = english_forms(row)
        if kind == "sea":
            sea = SEA_FORMS.get(code)
            if sea is None:
                continue
            out[code] = Region(code, row["country"], kind, en, None, sea["ru"], None, sea["ru"], sea["uk"], sea["uk"])
            continue
        ru_gen = inflect(row["name_ru"], "ru", "gent")
        adj = ru_gen.split()[0] if kind == "oblast" and row["name_ru"].endswith(" область") else None
        out[code] = Region(
            code,
            row["country"],
            kind,
            en,
            stem,
            ru_gen,
            adj,
            inflect(row["name_ru"], "ru", "ablt"),
            inflect(row["name_uk"], "uk", "ablt"),
            inflect(row["name_uk"], "uk", "loct"),
        )
    return out


@cache
def towns() -> dict[str, list[tuple[str, str, str]]]:
    """(English, Russian, Ukrainian) names of towns and cities by region code."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for row in read_rows("places.csv"):
        if row["kind"] in {"city", "town", "settlement"} and row["name_ru"] and row["name_uk"]:
            out.setdefault(row["region"], []).append((row["name_en"], row["name_ru"], row["name_uk"]))
    return out


def weighted_regions(rng: random.Random, weights: dict[str, float], k: int) -> list[Region]:
    """``k`` distinct regions drawn by weight."""
    table = regions()
    pool = [(code, w) for code, w in weights.items() if code in table]
    chosen: list[Region] = []
    while len(chosen) < k and pool:
        codes, ws = zip(*pool, strict=True)
        code = rng.choices(codes, ws)[0]
        chosen.append(table[code])
        pool = [(c, w) for c, w in pool if c != code]
    return chosen


def town_in(rng: random.Random, code: str, lang: str) -> str:
    """A town of the region in the language of the text (or the region's own name if none)."""
    names = towns().get(code)
    if not names:
        return {"en": "the regional centre", "ru": "областном центре", "uk": "обласному центрі"}[lang]
    en, ru, uk = rng.choice(names)
    return {"en": en, "ru": ru, "uk": uk}[lang]


# ----------------------------------------------------------------------------------------------
# Calendar and numbers
# ----------------------------------------------------------------------------------------------

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "ru_gen": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "ru_nom": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(),
    "uk_gen": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split(),
    "uk_nom": "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень".split(),
    "ru_loc": "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре".split(),
    "uk_loc": "січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні".split(),
}
WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "ru": "понедельник вторник среду четверг пятницу субботу воскресенье".split(),
    "uk": "понеділок вівторок середу четвер п'ятницю суботу неділю".split(),
}
EN_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
RU_EACH = {2: "по два", 3: "по три", 4: "по четыре", 5: "по пять"}
UK_EACH = {2: "по два", 3: "по три", 4: "по чотири", 5: "по п'ять"}
RU_GEN_WORDS = {2: "двух", 3: "трех", 4: "четырех", 5: "пяти", 6: "шести", 7: "семи", 8: "восьми"}


def en_num(rng: random.Random, n: int) -> str:
    """Small numbers are sometimes spelt out, as agencies do."""
    return EN_WORDS[n] if n < len(EN_WORDS) and rng.random() < 0.5 else str(n)


def plural(n: int, one: str, few: str, many: str) -> str:
    """The form of a Slavic noun that agrees with a number (nominative): 1 / 2-4 / 5 and more."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def ru_drones(n: int) -> str:
    """Agreement of 'беспилотник' with a number (nominative)."""
    return plural(n, "беспилотник", "беспилотника", "беспилотников")


def uk_drones(n: int) -> str:
    """Agreement of 'безпілотник' with a number (nominative)."""
    return plural(n, "безпілотник", "безпілотники", "безпілотників")


@dataclass
class Slots:
    """Random values shared by the sentences of one document."""

    rng: random.Random
    day: int
    month: int
    year: int
    weekday: int

    def fill(self, template: str, lang: str) -> str:
        """Fill the ``{name}`` slots of a template with fresh random values."""
        values = {name: SLOT_MAKERS[name](self.rng, lang, self) for name in slot_names(template)}
        return template.format(**values)


def decimal(number: str, lang: str) -> str:
    """'7.5' in English, '7,5' in Russian and Ukrainian."""
    return number if lang == "en" else number.replace(".", ",")


@cache
def slot_names(template: str) -> tuple[str, ...]:
    """The distinct ``{name}`` fields of a template, in order."""
    return tuple(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(template) if f))


@cache
def stems() -> tuple[str, ...]:
    """English stems of the oblasts ('Rostov'), for 'the {region} region'."""
    return tuple(r.en_stem for r in regions().values() if r.en_stem)


SLOT_MAKERS = {
    "year": lambda rng, lang, s: str(rng.choice([2022, 2023, 2024])),
    "month": lambda rng, lang, s: MONTHS["en" if lang == "en" else f"{lang}_nom"][rng.randrange(12)],
    "month_loc": lambda rng, lang, s: MONTHS["en" if lang == "en" else f"{lang}_loc"][rng.randrange(12)],
    "pct": lambda rng, lang, s: decimal(f"{rng.randint(2, 19)}.{rng.randint(0, 9)}", lang),
    "pct2": lambda rng, lang, s: decimal(f"{rng.randint(2, 19)}.{rng.randint(0, 9)}", lang),
    "rate": lambda rng, lang, s: str(rng.choice([15, 16, 17, 18, 19, 21])),
    "fx": lambda rng, lang, s: decimal(f"{rng.randint(78, 104)}.{rng.randint(10, 99)}", lang),
    "gdp": lambda rng, lang, s: decimal(f"{rng.randint(0, 3)}.{rng.randint(0, 9)}", lang),
    "bn": lambda rng, lang, s: str(rng.randint(2, 40) * 50),
    "num": lambda rng, lang, s: f"{rng.randint(2, 60)}{',' if lang == 'en' else ' '}{rng.randint(100, 999)}",
    "n": lambda rng, lang, s: str(rng.randint(2, 14)),
    "k": lambda rng, lang, s: str(rng.randint(3, 9)),
    "mins": lambda rng, lang, s: str(rng.randint(5, 40)),
    "n_months": lambda rng, lang, s: str(rng.randint(3, 11)),
    "hh": lambda rng, lang, s: f"{rng.randint(6, 11):02d}",
    "mm": lambda rng, lang, s: f"{rng.randint(0, 59):02d}",
    "t": lambda rng, lang, s: str(rng.randint(2, 28)),
    "cm": lambda rng, lang, s: str(rng.randint(5, 40)),
    "ms": lambda rng, lang, s: str(rng.randint(12, 27)),
    "m": lambda rng, lang, s: str(rng.randint(50, 300)),
    "s1": lambda rng, lang, s: str(rng.randint(0, 4)),
    "s2": lambda rng, lang, s: str(rng.randint(0, 3)),
    "b1": lambda rng, lang, s: str(rng.randint(80, 110)),
    "b2": lambda rng, lang, s: str(rng.randint(75, 105)),
    "weekday": lambda rng, lang, s: WEEKDAYS[lang][s.weekday],
    "team1": lambda rng, lang, s: rng.choice(TEAMS[lang]),
    "team2": lambda rng, lang, s: rng.choice(TEAMS[lang]),
    "road": lambda rng, lang, s: rng.choice(["M-2", "M-4", "R-22", "M-3", "A-144"]),
    "region": lambda rng, lang, s: rng.choice(stems()),
    "nth": lambda rng, lang, s: rng.choice(["fourth", "third"]),
    "city": lambda rng, lang, s: rng.choice(CITIES[lang]),
    "person": lambda rng, lang, s: rng.choice(PEOPLE[lang]),
    "institute": lambda rng, lang, s: rng.choice(INSTITUTES[lang]),
}


# ----------------------------------------------------------------------------------------------
# Non-claim text: background and analysis for claim documents, and whole no-claim documents
# ----------------------------------------------------------------------------------------------

TEAMS = {
    "en": ["Zenit", "Spartak Moscow", "CSKA", "Lokomotiv", "Krasnodar", "Rubin Kazan", "Dynamo Kyiv", "Shakhtar"],
    "ru": ["«Зенит»", "«Спартак»", "ЦСКА", "«Локомотив»", "«Краснодар»", "«Рубин»", "«Динамо»", "«Ростов»"],
    "uk": ["«Динамо»", "«Шахтар»", "«Полісся»", "«Кривбас»", "«Дніпро-1»", "«Олександрія»", "«Зоря»", "«Карпати»"],
}
CITIES = {
    "en": ["Moscow", "Kyiv", "Kazan", "Lviv", "Rostov-on-Don", "Odesa", "Voronezh", "Dnipro"],
    "ru": ["Москве", "Казани", "Ростове-на-Дону", "Воронеже", "Самаре", "Новосибирске", "Екатеринбурге"],
    "uk": ["Києві", "Львові", "Одесі", "Дніпрі", "Харкові", "Вінниці", "Полтаві"],
}
PEOPLE = {
    "en": ["Michael Kofman", "Rob Lee", "Tatiana Stanovaya", "Justin Bronk", "Dara Massicot"],
    "ru": ["Сергей Иванов", "Андрей Петров", "Ольга Смирнова", "Николай Кузнецов"],
    "uk": ["Олександр Коваленко", "Ігор Романенко", "Олена Шевчук", "Павло Нарожний"],
}
INSTITUTES = {
    "en": ["the Institute for the Study of War", "the Royal United Services Institute", "the Carnegie Endowment"],
    "ru": ["Центра анализа стратегий и технологий", "Высшей школы экономики", "Института военной истории"],
    "uk": ["Центру оборонних стратегій", "Інституту майбутнього", "Центру досліджень армії"],
}

BACKGROUND = {
    "en": [
        "The figures could not be independently verified.",
        "Neither side discloses its own losses, and the numbers each side publishes are rarely confirmed by the other.",
        "Moscow has repeatedly described such attacks as terrorism, while Kyiv says its long-range strikes "
        "target military and energy infrastructure that supports Russia's war effort.",
        "Ukraine has sharply expanded its domestic production of long-range drones since {year}, officials in "
        "Kyiv say.",
        "Analysts note that the statements usually list regions in descending order of the numbers reported.",
        "The statement did not say how the drones were brought down or whether any reached their targets.",
        "Regional authorities often publish their own figures hours later, and these do not always match the "
        "ministry's tally.",
        "Both countries have invested heavily in electronic warfare, which can jam navigation signals and "
        "force drones off course.",
        "Energy facilities, oil refineries and fuel depots have been among the most frequent targets of the campaign.",
        "Military experts say cheap decoys are used to exhaust air defences before more capable weapons arrive.",
        "The war, now in its {nth} year, has become a contest of industrial capacity as much as of tactics.",
        "Western officials estimate that Russia now produces several thousand attack drones a month.",
        "Insurance costs for shipping have risen by about {pct}% since the start of the year, according to brokers.",
        "Local residents described hearing loud bangs and the sound of anti-aircraft fire for about {mins} minutes.",
        "Officials urged people not to publish photos or videos of air defence systems at work.",
        "Traffic on the {road} highway was briefly restricted while specialists examined fragments near the road.",
        "Russia and Ukraine each accuse the other of targeting civilian infrastructure, accusations both deny.",
        "Talks on a possible ceasefire have stalled, and neither side has signalled a willingness to scale "
        "back long-range strikes.",
        "In {month}, the ministry reported its largest single-night figure since the start of the war.",
        "Researchers who track the statements say the totals have grown steadily over the past {n_months} months.",
        "Schools in several border districts switched to remote learning for the rest of the week.",
        "The statement was published on the ministry's Telegram channel at {hh}:{mm} Moscow time.",
        "{person}, an analyst at {institute}, said the pattern of the raids suggested an effort to probe gaps "
        "in the air defence network.",
        "According to {institute}, the number of long-range attacks roughly doubled between {month} and the "
        "end of the year.",
        "The governor's office said the situation in the region was under control and asked residents to remain calm.",
        "Power engineers restored supply to most consumers within a few hours, the regional grid company said.",
        "Neither the Russian nor the Ukrainian side commented on the reports of damage to industrial sites.",
        "The ministry has published such statements several times a day since the spring of {year}.",
    ],
    "ru": [
        "Независимо проверить эти данные не представляется возможным.",
        "Ни одна из сторон не раскрывает собственные потери, а цифры, которые публикует каждая из них, редко "
        "подтверждаются другой стороной.",
        "В Москве такие атаки называют террористическими, в Киеве утверждают, что удары наносятся по военной и "
        "энергетической инфраструктуре.",
        "По словам украинских чиновников, производство дальнобойных дронов на Украине с {year} года выросло в "
        "несколько раз.",
        "Аналитики отмечают, что в сводках регионы обычно перечисляются по убыванию названных цифр.",
        "В сообщении не уточняется, какими средствами были поражены цели и достигли ли какие-либо из них объектов.",
        "Региональные власти нередко публикуют собственные данные спустя несколько часов, и они не всегда "
        "совпадают с официальной сводкой.",
        "Обе страны активно вкладываются в средства радиоэлектронной борьбы, способные подавлять сигналы навигации.",
        "Объекты энергетики, нефтеперерабатывающие заводы и нефтебазы остаются среди самых частых целей.",
        "Военные эксперты считают, что дешевые ложные цели используются для истощения противовоздушной обороны.",
        "По оценкам западных чиновников, в России сейчас производится несколько тысяч ударных дронов в месяц.",
        "Стоимость страхования судов выросла примерно на {pct}% с начала года, сообщают брокеры.",
        "Местные жители рассказали, что около {mins} минут слышали громкие хлопки и работу зенитных средств.",
        "Жителей попросили не публиковать фото и видео работы средств противовоздушной обороны.",
        "Движение на трассе {road} было временно ограничено, пока специалисты осматривали фрагменты у дороги.",
        "Москва и Киев обвиняют друг друга в ударах по гражданской инфраструктуре, обе стороны это отрицают.",
        "Переговоры о возможном перемирии зашли в тупик, и ни одна из сторон не готова сократить число дальних ударов.",
        "В {month_loc} ведомство сообщило о рекордном за одну ночь показателе с начала конфликта.",
        "Исследователи, которые отслеживают сводки, говорят, что итоговые цифры стабильно росли последние "
        "{n_months} месяцев.",
        "Школы в нескольких приграничных районах до конца недели перешли на дистанционное обучение.",
        "Сообщение было опубликовано в телеграм-канале ведомства в {hh}:{mm} по московскому времени.",
        "Как отметил эксперт {institute} {person}, характер налетов говорит о попытках найти бреши в системе обороны.",
        "В оперативном штабе региона заявили, что ситуация под контролем, и призвали жителей сохранять спокойствие.",
        "Энергетики восстановили электроснабжение большинства потребителей в течение нескольких часов.",
        "Ведомство публикует подобные сводки по нескольку раз в сутки с весны {year} года.",
        "Официальные лица не комментировали сообщения о повреждениях на промышленных объектах.",
    ],
    "uk": [
        "Незалежно перевірити ці дані неможливо.",
        "Жодна зі сторін не розкриває власних втрат, а цифри, які оприлюднює кожна з них, рідко "
        "підтверджуються іншою стороною.",
        "У Москві такі атаки називають терористичними, а в Києві наголошують, що удари завдаються по "
        "військовій та енергетичній інфраструктурі.",
        "За словами посадовців, виробництво далекобійних дронів в Україні з {year} року зросло в кілька разів.",
        "Аналітики зазначають, що росія дедалі частіше поєднує ударні дрони з дешевими імітаторами.",
        "Повітряні сили щоранку оприлюднюють зведення про нічну атаку та результати роботи протиповітряної оборони.",
        "Обласні адміністрації часто публікують власні дані через кілька годин після загального зведення.",
        "Обидві країни активно інвестують у засоби радіоелектронної боротьби, здатні глушити сигнали навігації.",
        "Об'єкти енергетики та критичної інфраструктури залишаються основними цілями ворожих атак.",
        "Військові експерти вважають, що дешеві імітатори використовують для виснаження протиповітряної оборони.",
        "За оцінками західних посадовців, росія зараз виробляє кілька тисяч ударних дронів на місяць.",
        "Вартість страхування суден зросла приблизно на {pct}% від початку року, повідомляють брокери.",
        "Місцеві мешканці розповіли, що близько {mins} хвилин чули гучні вибухи та роботу ППО.",
        "Мешканців просять не публікувати фото та відео роботи сил протиповітряної оборони.",
        "Рух трасою {road} було тимчасово обмежено, поки фахівці оглядали уламки біля дороги.",
        "Переговори про можливе перемир'я зайшли в глухий кут, і жодна зі сторін не готова відмовитися від "
        "далекобійних ударів.",
        "У {month_loc} Повітряні сили повідомили про рекордну кількість дронів за одну ніч від початку "
        "повномасштабного вторгнення.",
        "Дослідники, які відстежують зведення, кажуть, що кількість атак стабільно зростала останні "
        "{n_months} місяців.",
        "Школи в кількох прикордонних громадах до кінця тижня перейшли на дистанційне навчання.",
        "Зведення було оприлюднено в телеграм-каналі Повітряних сил о {hh}:{mm}.",
        "Як зазначив експерт {institute} {person}, характер нальотів свідчить про пошук прогалин у системі "
        "протиповітряної оборони.",
        "В обласній військовій адміністрації заявили, що ситуація під контролем, і закликали мешканців не "
        "ігнорувати сигнали тривоги.",
        "Енергетики відновили електропостачання для більшості споживачів протягом кількох годин.",
        "Повітряні сили публікують такі зведення щодня з осені {year} року.",
        "Офіційні особи не коментували повідомлення про пошкодження промислових об'єктів.",
    ],
}

ECONOMY = {
    "en": [
        "The central bank left its key interest rate unchanged at {rate}% on {weekday}, citing persistent "
        "inflation pressures.",
        "Annual consumer price growth slowed to {pct}% in {month} from {pct2}% a month earlier, official data showed.",
        "The rouble weakened to {fx} per dollar in afternoon trading on the Moscow Exchange.",
        "Analysts polled by the agency expect the economy to grow by {gdp}% this year, down from earlier forecasts.",
        "Retail sales rose {pct}% year on year, helped by higher wages and a tight labour market.",
        "The finance ministry plans to borrow about {bn} billion roubles on the domestic debt market next quarter.",
        "Oil export revenues fell by {pct}% from a year earlier as prices for Urals crude declined.",
        "Exporters have been converting a larger share of their foreign currency earnings, supporting the currency.",
        "Mortgage lending fell sharply after the end of a subsidised loan programme, the banking association said.",
        "Industrial output grew {pct}% in the first {n_months} months of the year, driven mostly by manufacturing.",
        "The budget deficit widened to {gdp}% of gross domestic product, according to preliminary estimates.",
        "Wheat prices at southern ports edged higher as the harvest was delayed by rain.",
        "Shares in the largest lender rose {pct}% after it reported a record quarterly profit.",
        "Small businesses complain that higher borrowing costs make it hard to invest in new equipment.",
        "{person}, chief economist at a Moscow bank, said the regulator was likely to start cutting rates in {month}.",
        "Unemployment held at a record low of {gdp}%, and companies reported shortages of skilled workers.",
    ],
    "ru": [
        "Центробанк в {weekday} сохранил ключевую ставку на уровне {rate}% годовых, сославшись на устойчивое "
        "инфляционное давление.",
        "Годовая инфляция в {month_loc} замедлилась до {pct}% после {pct2}% месяцем ранее, свидетельствуют "
        "данные Росстата.",
        "Курс рубля на Московской бирже во второй половине дня ослаб до {fx} за доллар.",
        "Опрошенные агентством аналитики ожидают роста экономики в этом году на {gdp}%, что ниже прежних прогнозов.",
        "Оборот розничной торговли вырос на {pct}% в годовом выражении благодаря росту зарплат.",
        "Минфин планирует занять на внутреннем рынке около {bn} млрд рублей в следующем квартале.",
        "Нефтегазовые доходы бюджета снизились на {pct}% по сравнению с прошлым годом из-за падения цен на Urals.",
        "Экспортеры продают все большую долю валютной выручки, что поддерживает национальную валюту.",
        "Выдача ипотеки резко сократилась после завершения льготной программы, сообщила ассоциация банков.",
        "Промышленное производство за {n_months} месяцев выросло на {pct}%, в основном за счет обрабатывающих "
        "отраслей.",
        "Дефицит бюджета, по предварительной оценке, увеличился до {gdp}% ВВП.",
        "Цены на пшеницу в южных портах немного выросли из-за задержки уборки урожая.",
        "Акции крупнейшего банка подорожали на {pct}% после публикации рекордной квартальной прибыли.",
        "Малый бизнес жалуется, что дорогие кредиты мешают вкладываться в новое оборудование.",
        "Главный экономист одного из московских банков {person} считает, что регулятор начнет снижать "
        "ставку в {month_loc}.",
        "Безработица держится на рекордно низком уровне {gdp}%, компании испытывают нехватку кадров.",
    ],
    "uk": [
        "Національний банк у {weekday} зберіг облікову ставку на рівні {rate}% річних, пославшись на "
        "інфляційні ризики.",
        "Річна інфляція у {month_loc} сповільнилася до {pct}% після {pct2}% місяцем раніше, свідчать дані Держстату.",
        "Гривня на міжбанку послабилася до {fx} за долар.",
        "Опитані агентством аналітики очікують зростання економіки цього року на {gdp}%, що нижче попередніх "
        "прогнозів.",
        "Роздрібний товарообіг зріс на {pct}% у річному вимірі завдяки зростанню зарплат.",
        "Мінфін планує залучити на внутрішньому ринку близько {bn} млрд гривень у наступному кварталі.",
        "Експорт зерна через морські порти за {n_months} місяців зріс на {pct}%, повідомили в Мінекономіки.",
        "Експортери продають дедалі більшу частку валютної виручки, що підтримує національну валюту.",
        "Видача іпотеки за програмою «єОселя» скоротилася, повідомила асоціація банків.",
        "Промислове виробництво за {n_months} місяців зросло на {pct}%, переважно завдяки переробній промисловості.",
        "Дефіцит бюджету, за попередньою оцінкою, становить {gdp}% ВВП без урахування грантів.",
        "Ціни на пшеницю в портах Одещини трохи зросли через затримку збору врожаю.",
        "Малий бізнес скаржиться, що дорогі кредити заважають інвестувати в нове обладнання.",
        "Головний економіст одного з київських банків {person} вважає, що регулятор почне знижувати ставку "
        "у {month_loc}.",
        "Безробіття залишається високим, але компанії дедалі частіше скаржаться на нестачу кваліфікованих працівників.",
    ],
}

WEATHER = {
    "en": [
        "Forecasters expect temperatures to drop to minus {t} degrees Celsius overnight in the {region} region.",
        "Heavy snowfall is expected on {weekday}, with up to {cm} centimetres of fresh snow in some districts.",
        "Gusts of wind could reach {ms} metres per second, the weather service warned.",
        "Drivers were advised to avoid unnecessary trips and to check road conditions before setting off.",
        "The warm spell will last until the end of the week, after which a cold front will bring rain.",
        "Last {month} was the warmest on record in {city}, with an average temperature of {t} degrees.",
        "Utilities said they had cleared {num} tonnes of snow from roads and pavements since the morning.",
        "River levels are being monitored as melting snow raises the risk of flooding in low-lying villages.",
        "Morning fog reduced visibility to {m} metres on several sections of the federal highway.",
        "Residents are asked to keep children away from the ice on ponds and rivers, which remains thin.",
        "Meteorologists said the atmospheric pressure would rise to {b1}0 hectopascals by the weekend.",
        "Pollen levels are expected to stay high for the next {n} days, which allergy sufferers should note.",
    ],
    "ru": [
        "Синоптики ожидают понижения температуры ночью до минус {t} градусов.",
        "В {weekday} ожидается сильный снегопад, в отдельных районах выпадет до {cm} сантиметров снега.",
        "Порывы ветра могут достигать {ms} метров в секунду, предупредили в гидрометцентре.",
        "Водителям рекомендуют отказаться от поездок без крайней необходимости.",
        "Теплая погода продержится до конца недели, затем холодный фронт принесет дожди.",
        "Прошлый {month} стал самым теплым в истории наблюдений в {city}, средняя температура составила {t} градусов.",
        "Коммунальные службы с утра вывезли {num} тонн снега с улиц и тротуаров.",
        "Уровень воды в реках контролируется: таяние снега повышает риск подтопления низинных сел.",
        "Утренний туман ограничил видимость до {m} метров на нескольких участках федеральной трассы.",
        "Родителей просят не отпускать детей на лед водоемов, который остается тонким.",
        "Атмосферное давление к выходным поднимется до {b1}5 миллиметров ртутного столба.",
        "Высокая концентрация пыльцы сохранится в ближайшие {n} дней.",
    ],
    "uk": [
        "Синоптики очікують зниження температури вночі до мінус {t} градусів.",
        "У {weekday} очікується сильний снігопад, подекуди випаде до {cm} сантиметрів снігу.",
        "Пориви вітру можуть сягати {ms} метрів на секунду, попередили в Укргідрометцентрі.",
        "Водіїв закликають відмовитися від поїздок без нагальної потреби.",
        "Тепла погода триматиметься до кінця тижня, потім холодний фронт принесе дощі.",
        "Минулий {month} став найтеплішим в історії спостережень у {city}, середня температура становила {t} градусів.",
        "Комунальні служби від ранку вивезли {num} тонн снігу з вулиць і тротуарів.",
        "Рівень води в річках контролюють: танення снігу підвищує ризик підтоплення низинних сіл.",
        "Ранковий туман обмежив видимість до {m} метрів на кількох ділянках траси.",
        "Батьків просять не відпускати дітей на лід водойм, який залишається тонким.",
        "Атмосферний тиск до вихідних підніметься до {b1}5 міліметрів ртутного стовпа.",
        "Висока концентрація пилку зберігатиметься найближчі {n} днів.",
    ],
}

SPORTS = {
    "en": [
        "{team1} beat {team2} {s1}-{s2} on {weekday}, extending their unbeaten run to {n} matches.",
        "The striker scored twice in the second half, taking his tally for the season to {k} goals.",
        "The coach said after the match that his players had shown character after conceding early.",
        "The visitors had the better of the first half but failed to convert their chances.",
        "A crowd of {num} watched the game at the newly renovated stadium.",
        "The league table is now led by {team1}, {n} points ahead of {team2} with {k} rounds to play.",
        "The club confirmed that its captain would miss the next {n} weeks with a knee injury.",
        "In the basketball league, the home side won {b1}-{b2} after overtime.",
        "The team's next fixture is away to {team2} on {weekday}.",
        "Ticket sales for the cup final opened on Monday and the first batch sold out within hours.",
        "The goalkeeper made {k} saves and was named player of the match.",
        "The transfer window closes on {weekday}, and the club is still looking for a left back.",
    ],
    "ru": [
        "{team1} в {weekday} обыграл {team2} со счетом {s1}:{s2} и продлил беспроигрышную серию до {n} матчей.",
        "Нападающий забил дважды во втором тайме, доведя число своих голов в сезоне до {k}.",
        "Главный тренер после матча отметил, что команда проявила характер после пропущенного мяча.",
        "Гости были сильнее в первом тайме, но не реализовали свои моменты.",
        "За игрой на обновленном стадионе наблюдали {num} зрителей.",
        "Турнирную таблицу возглавляет {team1}, опережающий {team2} на {n} очков за {k} туров до финиша.",
        "В клубе подтвердили, что капитан пропустит ближайшие {n} недель из-за травмы колена.",
        "В баскетбольной Единой лиге хозяева победили в овертайме со счетом {b1}:{b2}.",
        "Следующий матч команда проведет в гостях против {team2} в {weekday}.",
        "Продажа билетов на финал кубка открылась в понедельник, первая партия разошлась за несколько часов.",
        "Вратарь совершил {k} сейвов и был признан лучшим игроком встречи.",
        "Трансферное окно закрывается в {weekday}, клуб все еще ищет левого защитника.",
    ],
    "uk": [
        "{team1} у {weekday} переміг {team2} з рахунком {s1}:{s2} і продовжив безпрограшну серію до {n} матчів.",
        "Нападник забив двічі в другому таймі, довівши кількість своїх голів у сезоні до {k}.",
        "Головний тренер після матчу зазначив, що команда проявила характер після пропущеного м'яча.",
        "Гості були сильнішими в першому таймі, але не реалізували свої моменти.",
        "За грою на оновленому стадіоні спостерігали {num} глядачів.",
        "Турнірну таблицю очолює {team1}, який випереджає {team2} на {n} очок за {k} турів до фінішу.",
        "У клубі підтвердили, що капітан пропустить найближчі {n} тижнів через травму коліна.",
        "У баскетбольній Суперлізі господарі перемогли в овертаймі з рахунком {b1}:{b2}.",
        "Наступний матч команда проведе на виїзді проти {team2} у {weekday}.",
        "Продаж квитків на фінал кубка відкрився в понеділок, перша партія розійшлася за кілька годин.",
        "Воротар зробив {k} сейвів і був визнаний найкращим гравцем зустрічі.",
        "Трансферне вікно закривається у {weekday}, клуб досі шукає лівого захисника.",
    ],
}

NO_CLAIM_TITLES = {
    "economy": {"en": "Markets and economy", "ru": "Экономика и рынки", "uk": "Економіка та ринки"},
    "weather": {"en": "Weather forecast", "ru": "Прогноз погоды", "uk": "Прогноз погоди"},
    "sports": {"en": "Sport", "ru": "Спорт", "uk": "Спорт"},
}


class Sentences:
    """Draws sentences from pools without repeating one inside a document.

    The pools are used in order: the first until it runs out, then the next, so a weather report
    starts with weather and only then turns to other local news.
    """

    def __init__(self, rng: random.Random, pools: list[list[str]]):
        self.rng = rng
        self.left = [rng.sample(pool, len(pool)) for pool in pools]

    def paragraph(self, slots: Slots, lang: str) -> str:
        """Two to four sentences, slots filled."""
        out = []
        for _ in range(self.rng.randint(2, 4)):
            while self.left and not self.left[0]:
                self.left.pop(0)
            if not self.left:
                break
            out.append(slots.fill(self.left[0].pop(), lang))
        return " ".join(out)


# ----------------------------------------------------------------------------------------------
# Claim paragraphs
# ----------------------------------------------------------------------------------------------


def split_total(rng: random.Random, k: int) -> list[int]:
    """``k`` counts, larger first, as breakdowns list them."""
    return sorted((max(1, int(rng.expovariate(1 / 7))) for _ in range(k)), reverse=True)


def breakdown(rng: random.Random, can_pair, pair, one, cap_pair) -> tuple[int, list[str]]:
    """(total, lines) of a regional breakdown: each line one region, or a pair of regions with 'each'.

    ``can_pair(r, nxt)`` says whether two regions can share a line, ``pair(r, nxt, n)`` writes that
    line, ``one(r, n)`` a single one, ``cap_pair(n)`` the count a pair line may carry. The random draws
    come in the same order as before this was shared, so the corpus stays the same.
    """
    regs = weighted_regions(rng, RU_WEIGHTS, rng.randint(2, 8))
    counts = split_total(rng, len(regs))
    parts, total, k = [], 0, 0
    while k < len(regs):
        r, n = regs[k], counts[k]
        nxt = regs[k + 1] if k + 1 < len(regs) else None
        if nxt and can_pair(r, nxt) and rng.random() < 0.3:
            parts.append(pair(r, nxt, cap_pair(n)))
            total += 2 * cap_pair(n)
            k += 2
            continue
        parts.append(one(r, n))
        total += n
        k += 1
    return total, parts


def en_breakdown(rng: random.Random) -> tuple[int, str]:
    """(total, '8 over the Rostov region, 4 over Stavropol Krai, three each over the Oryol and ...')."""

    def pair(r, nxt, n):
        return f"{en_num(rng, n)} each over the {r.en_stem} and {nxt.en_stem} regions"

    total, parts = breakdown(
        rng,
        lambda r, nxt: r.en_stem and nxt.en_stem,
        pair,
        lambda r, n: f"{en_num(rng, n)} over {r.en}",
        lambda n: min(n, 5),
    )
    text = ", ".join(parts[:-1]) + (", and " if len(parts) > 2 else " and ") + parts[-1] if len(parts) > 1 else parts[0]
    return total, text


def ru_breakdown(rng: random.Random) -> tuple[int, str]:
    """(total, '20 – над территорией Белгородской области, по два – над территориями ...')."""

    def pair(r, nxt, n):
        return f"{RU_EACH[n]} – над территориями {r.ru_gen_adj} и {nxt.ru_gen_adj} областей"

    def one(r, n):
        return f"{n} – над {r.ru_gen if r.kind == 'sea' else f'территорией {r.ru_gen}'}"

    total, parts = breakdown(
        rng, lambda r, nxt: r.ru_gen_adj and nxt.ru_gen_adj, pair, one, lambda n: min(max(n, 2), 5)
    )
    text = ", ".join(parts[:-1]) + " и " + parts[-1] if len(parts) > 1 else parts[0]
    return total, text


def were_downed(parts: str) -> str:
    """'eight over the Rostov region, ...' -> 'Eight were downed over the Rostov region, ...'."""
    first, rest = parts.split(" ", 1)
    if rest.startswith("each "):
        first, rest = f"{first} each", rest[len("each ") :]
    return f"{first[:1].upper()}{first[1:]} were downed {rest}"


def date_en(s: Slots) -> str:
    return f"{MONTHS['en'][s.month - 1]} {s.day}"


def date_ru(s: Slots) -> str:
    return f"{s.day} {MONTHS['ru_gen'][s.month - 1]}"


def date_uk(s: Slots) -> str:
    return f"{s.day} {MONTHS['uk_gen'][s.month - 1]}"


def claim_en(rng: random.Random, s: Slots) -> tuple[str, list[str]]:
    """(kind, paragraphs) of an English claim document."""
    style = rng.choice(["mod", "mod", "air_force", "governor", "wire"])
    if style == "mod":
        total, parts = en_breakdown(rng)
        lead = rng.choice(
            [
                f"Air defence systems intercepted and destroyed {total} Ukrainian UAVs overnight: {parts}.",
                f"Russian air defence systems intercepted and destroyed {total} Ukrainian drones overnight, the "
                f"Defence Ministry said on Telegram on {WEEKDAYS['en'][s.weekday]}. {were_downed(parts)}.",
                f"On-duty air defence systems destroyed {total} Ukrainian aircraft-type UAVs between 23:00 and "
                f"07:00 Moscow time on {date_en(s)}: {parts}.",
            ]
        )
        paras = ["Russia says air defences downed Ukrainian drones overnight", lead]
        if rng.random() < 0.5:
            paras.append(
                f"The drones were destroyed between 11:20 pm on {date_en(s)} and 7:00 am Moscow time, the "
                "ministry said. It did not say what type of drones had been used."
            )
        return style, paras
    if style == "air_force":
        launched = rng.randint(40, 180)
        downed = rng.randint(launched // 2, launched - 5)
        hits = rng.randint(2, launched - downed)
        missiles = rng.randint(0, 6)
        mline = f" and {missiles} Iskander-M ballistic missile{'s' if missiles > 1 else ''}" if missiles else ""
        paras = [
            f"Overnight on {date_en(s)} (from 18:00), Russia attacked Ukraine with {launched} Shahed-type attack "
            f"drones and decoy drones{mline}, launched from {', '.join(rng.sample(LAUNCH_AREAS_EN, 3))}, the "
            "Ukrainian Air Force said.",
            f"As of 08:30, air defences shot down or suppressed {downed} drones in the north, south and east of "
            f"the country. Hits by {hits} attack drones were recorded at {rng.randint(2, 12)} locations.",
            "The attack is continuing; several enemy drones remain in the airspace.",
        ]
        return style, paras
    if style == "governor":
        (r,) = weighted_regions(rng, {k: v for k, v in RU_WEIGHTS.items() if not k.startswith("SEA")}, 1)
        n = rng.randint(1, 14)
        town = town_in(rng, r.code, "en")
        paras = [
            f"Overnight, air defence forces detected and destroyed {en_num(rng, n)} UAVs over {r.en}.",
            f"Falling debris damaged the glazing of a multi-storey building in {town} and a car. No casualties.",
            "Specialists of the city services are assessing the damage, and residents can apply for compensation "
            "at the district administration.",
        ]
        return style, paras
    launched = rng.randint(20, 90)
    cruise = rng.randint(2, 12)
    downed = rng.randint(launched // 2, launched)
    paras = [
        "Ukraine says Russia launched cruise missiles and drones overnight",
        f"KYIV, {MONTHS['en'][s.month - 1][:3]} {s.day} - Russia launched {cruise} Kh-101 cruise missiles and "
        f"{launched} attack drones at Ukraine overnight, the Ukrainian air force said on {WEEKDAYS['en'][s.weekday]}.",
        f"Air defences shot down {cruise - rng.randint(0, 2)} of the missiles and {downed} of the drones, it said, "
        'adding that the remaining drones were "locationally lost".',
    ]
    return "wire", paras


def claim_ru(rng: random.Random, s: Slots) -> tuple[str, list[str]]:
    """(kind, paragraphs) of a Russian claim document."""
    style = rng.choice(["mod", "mod", "governor", "mayor", "news"])
    if style == "mod":
        total, parts = ru_breakdown(rng)
        when = rng.choice(
            [
                "В течение прошедшей ночи",
                f"{date_ru(s).capitalize()} с 20.00 до 23.00 мск",
                f"В период с 23.00 {date_ru(s)} до 7.00 мск",
            ]
        )
        lead = (
            f"{when} дежурными средствами ПВО перехвачены и уничтожены {total} украинских беспилотных летательных "
            f"аппаратов самолетного типа: {parts}."
        )
        return style, ["Сводка Минобороны России", lead]
    if style == "governor":
        (r,) = weighted_regions(rng, {k: v for k, v in RU_WEIGHTS.items() if k.startswith("RU")}, 1)
        n = rng.randint(1, 14)
        town = town_in(rng, r.code, "ru")
        paras = [
            f"Над {r.ru_ablt} силами ПВО сбиты {n} {ru_drones(n)}.",
            f"В населенном пункте {town} в результате падения обломков повреждены остекление частного дома и "
            "автомобиль. Пострадавших нет.",
            "На местах работают оперативные службы. Информация уточняется.",
        ]
        return style, paras
    if style == "mayor":
        n = rng.randint(2, 8)
        paras = [
            f"Силы ПВО Минобороны отразили атаку {RU_GEN_WORDS[n]} БПЛА, летевших на Москву.",
            "На месте падения обломков работают специалисты экстренных служб. Серьезных повреждений и "
            "пострадавших нет.",
        ]
        return style, paras
    total = rng.randint(30, 160)
    part = rng.randint(5, 30)
    paras = [
        f"Минобороны России сообщило, что над регионами страны за ночь были сбиты {total} {ru_drones(total)}.",
        f"Около {part} из них, по данным ведомства, были уничтожены над территорией "
        f"{regions()['RU-BRY'].ru_gen}. Губернатор региона сообщил о повреждении линии электропередачи.",
    ]
    return "news", paras


def claim_uk(rng: random.Random, s: Slots) -> tuple[str, list[str]]:
    """(kind, paragraphs) of a Ukrainian claim document."""
    style = rng.choice(["air_force", "air_force", "oblast_head", "news"])
    if style == "air_force":
        launched = rng.randint(40, 180)
        downed = rng.randint(launched // 2, launched - 5)
        hits = rng.randint(2, launched - downed)
        prev = f"{max(1, s.day - 1)} {MONTHS['uk_gen'][s.month - 1]}"
        paras = [
            f"У ніч на {date_uk(s)} (з 18:00 {prev}) противник атакував {launched} ударними БпЛА типу Shahed, "
            f"Гербера та БпЛА-імітаторами різних типів з напрямків {', '.join(rng.sample(LAUNCH_AREAS_UK, 4))}.",
            "Повітряний напад відбивали авіація, зенітні ракетні війська, підрозділи РЕБ та безпілотних систем, "
            "мобільні вогневі групи Сил оборони України.",
            f"За попередніми даними, станом на 08:30 протиповітряною обороною збито/подавлено {downed} ворожих "
            "БпЛА типу Shahed, Гербера та БпЛА інших типів на півночі, півдні та сході країни.",
            f"Зафіксовано влучання {hits} ударних БпЛА на {rng.randint(2, 14)} локаціях.",
            "Атака триває, у повітряному просторі кілька ворожих БпЛА. Дотримуйтеся правил безпеки!",
        ]
        return style, paras
    if style == "oblast_head":
        (r,) = weighted_regions(rng, UA_WEIGHTS, 1)
        n = rng.randint(2, 25)
        town = town_in(rng, r.code, "uk")
        paras = [
            f"Протягом ночі над {r.uk_ablt} сили ППО збили {n} {uk_drones(n)}.",
            f"Внаслідок атаки у населеному пункті {town} пошкоджено приватний будинок та господарчу споруду. "
            "Виникла пожежа, її вже ліквідували. Без постраждалих.",
            "На місці працюють усі необхідні служби.",
        ]
        return "oblast_head", paras
    launched = rng.randint(30, 120)
    downed = rng.randint(launched // 2, launched)
    paras = [
        f"Росія в ніч на {date_uk(s)} атакувала Україну {launched} ударними дронами, повідомили Повітряні сили.",
        f"Сили протиповітряної оборони збили або подавили {downed} з них. Найбільше дронів було знищено над "
        f"{regions()['UA-63'].uk_ablt} та {regions()['UA-12'].uk_ablt}.",
    ]
    return "news", paras


CLAIMS = {"en": claim_en, "ru": claim_ru, "uk": claim_uk}


# ----------------------------------------------------------------------------------------------
# Documents
# ----------------------------------------------------------------------------------------------


def make_doc(rng: random.Random, lang: str, has_claim: bool, doc_chars: int) -> Doc:
    """One document of about ``doc_chars`` characters."""
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    slots = Slots(rng, day, month, 2025, rng.randrange(7))
    topics = {"economy": ECONOMY, "weather": WEATHER, "sports": SPORTS}
    if has_claim:
        kind, paras = CLAIMS[lang](rng, slots)
        order = ["background", *rng.sample(list(topics), len(topics))]
    else:
        kind = rng.choice(list(topics))
        paras = [NO_CLAIM_TITLES[kind][lang]]
        order = [kind, *rng.sample([t for t in topics if t != kind], len(topics) - 1)]
    pools = {"background": BACKGROUND, **topics}
    sentences = Sentences(rng, [pools[name][lang] for name in order])
    size = sum(len(p) + 2 for p in paras)
    while size < doc_chars:
        p = sentences.paragraph(slots, lang)
        if not p or (size + len(p) > doc_chars * 1.1 and size > doc_chars * 0.9):
            break
        # Background goes after the claim paragraphs, sometimes between them.
        at = len(paras) if not has_claim or rng.random() < 0.8 else rng.randint(2, len(paras))
        paras.insert(at, p)
        size += len(p) + 2
    text = "\n\n".join(paras)
    return Doc(lang, kind, has_claim, re.sub(r"[ \t]+", " ", text))


def generate_docs(
    n: int,
    langs: tuple[str, ...] | list[str] = LANGS,
    seed: int = DEFAULT_SEED,
    doc_chars: int = DEFAULT_DOC_CHARS,
    no_claim_share: float = NO_CLAIM_SHARE,
) -> list[Doc]:
    """``n`` documents, languages in equal shares (shuffled), ~``no_claim_share`` without claims."""
    for lang in langs:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; expected some of {', '.join(LANGS)}")
    rng = random.Random(seed)
    order = [langs[k % len(langs)] for k in range(n)]
    rng.shuffle(order)
    return [make_doc(rng, lang, rng.random() >= no_claim_share, doc_chars) for lang in order]


def generate(
    n: int,
    langs: tuple[str, ...] | list[str] = LANGS,
    seed: int = DEFAULT_SEED,
    doc_chars: int = DEFAULT_DOC_CHARS,
    no_claim_share: float = NO_CLAIM_SHARE,
) -> list[tuple[str, str]]:
    """``n`` documents as ``(lang, text)`` pairs (see ``generate_docs``)."""
    return [(d.lang, d.text) for d in generate_docs(n, langs, seed, doc_chars, no_claim_share)]


def iter_dated_docs(
    n: int,
    langs: tuple[str, ...] | list[str] = LANGS,
    seed: int = DEFAULT_SEED,
    doc_chars: int = DEFAULT_DOC_CHARS,
    no_claim_share: float = NO_CLAIM_SHARE,
) -> Iterator[tuple[date, Doc]]:
    """Stream ``n`` documents as ``(day, doc)``, one at a time: memory stays flat however large ``n`` is.

    ``day`` is the date the document's text speaks of ('overnight on March 5' is the night to 5 March
    2025), so a caller can date its publication that morning. The documents are of the same kinds as
    ``generate_docs`` and as deterministic for a seed, but not the same ones: languages are shuffled
    in blocks of ``len(langs)`` documents rather than over the whole corpus, so no list is built.
    """
    for lang in langs:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; expected some of {', '.join(LANGS)}")
    rng = random.Random(seed)
    block: list[str] = []
    for _ in range(n):
        if not block:
            block = rng.sample(list(langs), len(langs))
        lang = block.pop()
        has_claim = rng.random() >= no_claim_share
        # make_doc's first two draws are the day and month its slots use (the year is 2025): peek at them.
        state = rng.getstate()
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        rng.setstate(state)
        yield date(2025, month, day), make_doc(rng, lang, has_claim, doc_chars)


def iter_docs(
    n: int,
    langs: tuple[str, ...] | list[str] = LANGS,
    seed: int = DEFAULT_SEED,
    doc_chars: int = DEFAULT_DOC_CHARS,
    no_claim_share: float = NO_CLAIM_SHARE,
) -> Iterator[Doc]:
    """Stream ``n`` documents one at a time (see ``iter_dated_docs``)."""
    for _, doc in iter_dated_docs(n, langs, seed, doc_chars, no_claim_share):
        yield doc


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    for d in generate_docs(count):
        print(f"=== {d.lang} {d.kind} claim={d.has_claim} chars={len(d.text)} bytes={len(d.text.encode())}")
        print(d.text)
        print()
