"""The shapes of real posts that the rules of docs/reading.md read, one table row each.

Every sentence here is written for these tests in the shape of real ministry posts, Air Force
infographics and news copy; none is copied from a real post. Real text itself is scored in
test_gold_real.py.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from skyledger.extract import extract_text
from skyledger.extract.markup import reading_text, symbols
from tests.conftest import ROOT, SHARED

REF = date(2025, 11, 14)


def claims_of(text: str, lang: str) -> list[tuple]:
    """(action, weapon, detail, total, {region: count}) of every claim, in order."""
    x = extract_text(text, lang, REF)
    return [(c.action, c.weapon, c.weapon_detail, c.total, {r.code: r.count for r in c.regions}) for c in x.claims]


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # one weapon with no numeral, by agreement
        (
            "Около 11.20 мск дежурными средствами ПВО уничтожен украинский беспилотный летательный аппарат над "
            "территорией Брянской области.",
            "ru",
            [("destroyed", "uav", None, 1, {"RU-BRY": 1})],
        ),
        (
            "Дежурными средствами ПВО украинская ракета была уничтожена над Курской областью.",
            "ru",
            [("destroyed", "missile", None, 1, {"RU-KRS": 1})],
        ),
        (
            "Средствами ПВО БПЛА уничтожен над территорией Тульской области.",
            "ru",
            [("destroyed", "uav", None, 1, {"RU-TUL": 1})],
        ),
        # a plural with no number is no figure; a weapon in the genitive is no count
        ("Дежурными средствами ПВО беспилотники уничтожены над территорией Орловской области.", "ru", []),
        # ... but a plural after a number of that weapon is that number, and the attack's count is no other figure
        (
            "Вечером пресечена попытка киевского режима атаковать объекты в Орловской области четырьмя БПЛА. "
            "Все беспилотники уничтожены дежурными средствами ПВО над территорией Орловской области.",
            "ru",
            [("destroyed", "uav", None, 4, {"RU-ORL": 4})],
        ),
        (
            "Пресечена попытка атаки с применением трех БпЛА самолетного типа. Украинские беспилотные "
            "летательные аппараты были перехвачены над территорией Курской области.",
            "ru",
            [("destroyed", "uav", "aircraft-type", 3, {"RU-KRS": 3})],
        ),
        (
            "Пресечена попытка удара шестью ракетами «Нептун» и двумя БПЛА. Все воздушные цели сбиты над "
            "акваторией Черного моря.",
            "ru",
            [("destroyed", "missile", "neptune", 6, {"SEA-BLACK": 6}), ("destroyed", "uav", None, 2, {"SEA-BLACK": 2})],
        ),
        (
            "Противник атакував 14 ударними БпЛА. Усі БпЛА збито силами ППО.",
            "uk",
            [("launched", "uav", None, 14, {}), ("destroyed", "uav", None, 14, {})],
        ),
        # a plural with the launch's own verb restates the launch
        (
            "Противник запустив 5 крилатих ракет. Ракети окупанти випустили з акваторії Каспійського моря.",
            "uk",
            [("launched", "missile", None, 5, {})],
        ),
        (
            "Средствами ПВО оба украинских беспилотника перехвачены над Брянской областью.",
            "ru",
            [("destroyed", "uav", None, 2, {"RU-BRY": 2})],
        ),
        # the Crimean peninsula is Crimea, not the Krymsky district of Krasnodar Krai
        (
            "Дежурными средствами ПВО четыре ракеты перехвачены над Крымским полуостровом.",
            "ru",
            [("destroyed", "missile", None, 4, {"UA-43": 4})],
        ),
        # types listed by commas after a weapon are a group its first type stands for, also on a wrapped line
        (
            "ЗНИЩЕНО:\n- 6 крилатих ракет\n  Х-101/Х-555, «Калібр»\n- 2 КАР Х-59",
            "uk",
            [("destroyed", "missile", "kh-101", 6, {}), ("destroyed", "missile", "kh-59", 2, {})],
        ),
        # a model code that ends in a capital, at the end of a sentence
        ("Средствами ПВО сбита тактическая ракета Точка-У.", "ru", [("destroyed", "missile", "tochka-u", 1, {})]),
        # an adjective between the number and its weapon counts with the weapon
        (
            "Средствами ПВО сбиты три противокорабельные ракеты над Черным морем.",
            "ru",
            [("destroyed", "missile", None, 3, {"SEA-BLACK": 3})],
        ),
        # list lines whose count is a word, also in bold and after a flattened bullet
        (
            "С 9.00 до 12.00 мск дежурными средствами ПВО уничтожены пять украинских БПЛА:\n"
            "▫️ **три** – над территорией Курской области,\n▫️ один – над акваторией Черного моря,\n"
            "▫️ один – над территорией Брянской области.",
            "ru",
            [("destroyed", "uav", None, 5, {"RU-KRS": 3, "SEA-BLACK": 1, "RU-BRY": 1})],
        ),
        ("После падения обломков сбитого беспилотника загорелся сарай.", "ru", []),
        ("Ночью в Липецке отражена атака БПЛА.", "ru", []),
        # our own drone as the agent, or a weapon that depends on the word before it, is no count
        ("«Ланцет» уничтожил самоходную гаубицу противника в Курской области.", "ru", []),
        ("Применением ударного БПЛА уничтожено артиллерийское орудие противника.", "ru", []),
        ("Точными сбросами боеприпасов с БпЛА уничтожен опорный пункт.", "ru", []),
        ("Цель была уничтожена расчетами FPV-дронов.", "ru", []),
        ("Расчет гаубицы уничтожил пункт управления БпЛА противника.", "ru", []),
        # a weapon 'used' without a number is a unit's own tool
        ("По выявленному блиндажу противника был применён ударный БпЛА.", "ru", []),
        ("По укриттю противника було застосовано ударний дрон.", "uk", []),
        # found in review: a time word, a launch's subject, an attempt that frames no count, a place with
        # its own count after another, a plural with no number before it in its sentence's reach
        ("Днем беспилотник сбит над Белгородом.", "ru", [("destroyed", "uav", None, 1, {"RU-BEL": 1})]),
        (
            "Украинский беспилотник атаковал автомобиль в Белгородской области.",
            "ru",
            [("launched", "uav", None, 1, {})],
        ),
        (
            "Несмотря на неудачную попытку прорыва, противник запустил 20 ракет по Киеву.",
            "ru",
            [("launched", "missile", None, 20, {})],
        ),
        (
            "Дежурными средствами ПВО уничтожены 5 украинских беспилотных летательных аппаратов: 3 – над "
            "территорией Брянской области, 2 – у побережья Республики Крым.",
            "ru",
            [("destroyed", "uav", None, 5, {"RU-BRY": 3, "UA-43": 2})],
        ),
        (
            "Вечером противник запустил 20 ракет по Киеву. Жители спустились в укрытия. Сирены звучали долго. "
            "Электричество отключили. Все ракеты сбиты.",
            "ru",
            [("launched", "missile", None, 20, {})],
        ),
        # an axis of the front and a unit's name in quotes are no places of the claim
        ("На Южно-Донецком направлении расчетом ЗРК сбит беспилотник.", "ru", [("destroyed", "uav", None, 1, {})]),
        (
            "Расчет ЗРК группировки войск «Днепр» сбил беспилотник над Херсонской областью.",
            "ru",
            [("destroyed", "uav", None, 1, {"UA-65": 1})],
        ),
        # production is no launch
        ("Российские предприятия за полгода выпустили свыше 50 тысяч беспилотников.", "ru", []),
        # a verb too far from the weapon (a title's name, the next line's verb) gives it no count
        (
            "Беспощадный «Искандер» 📍 Сумская область, севернее населенного пункта в результате удара по "
            "замаскированному пункту запуска беспилотников ВСУ уничтожено несколько единиц техники.",
            "ru",
            [],
        ),
        # 'поразил беспилотник': shot down
        (
            "Расчет ЗРПК «Панцирь-С1» поразил беспилотник над Курской областью.",
            "ru",
            [("destroyed", "uav", None, 1, {"RU-KRS": 1})],
        ),
        ("Расчет разведывательного беспилотника обнаружил и уничтожил склад противника.", "ru", []),
        # a foiled attack's count frames the outcome; the framing sentence gives the type
        (
            "Около 19.40 мск пресечена попытка киевского режима совершить террористическую атаку с применением "
            "БпЛА самолетного типа по объектам на территории Российской Федерации. Дежурными средствами ПВО два "
            "беспилотных летательных аппарата уничтожены над территорией Курской области.",
            "ru",
            [("destroyed", "uav", "aircraft-type", 2, {"RU-KRS": 2})],
        ),
        # counts in brackets after each place, the clause's verb before them
        (
            "Дежурными средствами ПВО беспилотники перехвачены и уничтожены над территориями Брянской (4 БпЛА) и "
            "Смоленской (2 БпЛА) областей, а также над акваторией Азовского моря (3 БпЛА).",
            "ru",
            [("destroyed", "uav", None, 9, {"RU-BRY": 4, "RU-SMO": 2, "SEA-AZOV": 3})],
        ),
        # a long list of places with one figure: shared, no split guessed
        (
            "Дежурными средствами ПВО перехвачены и уничтожены 120 беспилотников над территориями Брянской, "
            "Курской, Орловской, Тульской, Калужской, Смоленской, Тверской и Псковской областей.",
            "ru",
            [
                (
                    "destroyed",
                    "uav",
                    None,
                    120,
                    {c: None for c in ("RU-BRY", "RU-KRS", "RU-ORL", "RU-TUL", "RU-KLU", "RU-SMO", "RU-TVE", "RU-PSK")},
                )
            ],
        ),
        # two weapons before one verb and one place share the place
        (
            "Дежурными средствами ПВО шесть беспилотников и две тактические ракеты «Точка-У» уничтожены над "
            "территорией Белгородской области.",
            "ru",
            [
                ("destroyed", "uav", None, 6, {"RU-BEL": 6}),
                ("destroyed", "missile", "tochka-u", 2, {"RU-BEL": 2}),
            ],
        ),
        # a spaced dash opens a list line; number words start lines
        (
            "Уничтожены пять украинских беспилотных летательных аппаратов: три - над территорией Курской области "
            "и два – над территорией Белгородской.",
            "ru",
            [("destroyed", "uav", None, 5, {"RU-KRS": 3, "RU-BEL": 2})],
        ),
        # the daily summary's line: one claim per weapon; the country of make is no place abroad
        (
            "Средствами противовоздушной обороны сбиты: 3 управляемые авиационные бомбы, 6 реактивных снарядов "
            "системы залпового огня HIMARS производства США и 95 беспилотных летательных аппаратов самолетного типа.",
            "ru",
            [
                ("destroyed", "guided_bomb", None, 3, {}),
                ("destroyed", "missile", "himars", 6, {}),
                ("destroyed", "uav", "aircraft-type", 95, {}),
            ],
        ),
        # an unknown district is never matched to a region by likeness; a known one by its town
        ("Силами ПВО сбиты 2 беспилотника над Лгововским районом.", "ru", [("destroyed", "uav", None, 2, {})]),
        (
            "Над территорией области силами ПВО сбиты 9 беспилотников: 4 над Суджанским районом, 3 над "
            "Глушковским и 2 над Льговским районом. Губернатор Курской области.",
            "ru",
            [("destroyed", "uav", None, 9, {"RU-KRS": 9})],
        ),
        # the Air Force's infographic: type beside the weapon, a line naming a weapon alone, Latin codes
        (
            'ЗНИЩЕНО:\n- 14 ударних БПЛА "Shahed-136/131"\n- 3 крилаті ракети X-101/X-555\n- штурмовик Су-25',
            "uk",
            [
                ("destroyed", "uav", "shahed", 14, {}),
                ("destroyed", "missile", "kh-101", 3, {}),
                ("destroyed", "aircraft", "su-25", 1, {}),
            ],
        ),
        # digits with a case ending, under a header that ends in a colon
        (
            "Противник атакував:\n- 3-ма крилатими ракетами «Калібр»;\n- 48-ма ударними БпЛА типу Shahed.",
            "uk",
            [("launched", "missile", "kalibr", 3, {}), ("launched", "uav", "shahed", 48, {})],
        ),
        # the review's cases: a model's variants after a slash count nothing; the weapon that shoots
        # is no count; a list line's count after its weapon; an ordinal counts one; a promise counts nothing
        (
            "Збито 15 ударних БпЛА Shahed-136/131 над Харківщиною.",
            "uk",
            [("destroyed", "uav", "shahed", 15, {"UA-63": 15})],
        ),
        (
            "Беспилотник сбит зенитной ракетой над Курской областью.",
            "ru",
            [("destroyed", "uav", None, 1, {"RU-KRS": 1})],
        ),
        ("ЗНИЩЕНО:\n- вертоліт Ка-52 (2)", "uk", [("destroyed", "aircraft", "ka-52", 2, {})]),
        ("Каждый беспилотник противника будет уничтожен над Курской областью.", "ru", []),
        ("Знищено 2-гу ракету за день.", "uk", [("destroyed", "missile", None, 1, {})]),  # the second: one
        (
            "2️⃣ Над Брянской областью сбита ракета.",
            "ru",
            [("destroyed", "missile", None, 1, {"RU-BRY": 1})],
        ),
        # the precision traps of issue 7: a stated total is kept, never replaced by a sum or pinned on
        # the one region its partial breakdown names
        (
            "Air defences destroyed 58 UAVs over six regions and the Black Sea overnight: 19 over the Bryansk "
            "region, 12 over the Kursk region, 10 over the Belgorod region, 8 over the Oryol region, 4 over the "
            "Tula region, 2 over the Kaluga region and 3 over the Black Sea, the ministry said.",
            "en",
            [
                (
                    "destroyed",
                    "uav",
                    None,
                    58,
                    {"RU-BRY": 19, "RU-KRS": 12, "RU-BEL": 10, "RU-ORL": 8, "RU-TUL": 4, "RU-KLU": 2, "SEA-BLACK": 3},
                )
            ],
        ),
        (
            "The ministry said air defences destroyed 58 drones overnight, including three over the Moscow region.",
            "en",
            [("destroyed", "uav", None, 58, {"RU-MOS": 3})],
        ),
        (
            "Минобороны сообщило об уничтожении 167 беспилотников, в том числе 12 БПЛА над Московским регионом.",
            "ru",
            [("destroyed", "uav", None, 167, {"RU-MOS": 12})],
        ),
        (
            "Дежурными средствами ПВО уничтожены 15 беспилотников: 7 над Белгородской, 6 над Воронежской областью.",
            "ru",
            [("destroyed", "uav", None, 15, {"RU-BEL": 7, "RU-VOR": 6})],
        ),
        # a dateline is no place; a capital that speaks is a government, not a place
        (
            "MOSCOW - A total of 27 drones were downed over the Bryansk region overnight, the Defence Ministry said.",
            "en",
            [("destroyed", "uav", None, 27, {"RU-BRY": 27})],
        ),
        (
            "Москва заявила, що російська ППО збила 41 український безпілотник.",
            "uk",
            [("destroyed", "uav", None, 41, {})],
        ),
        # a relative clause's verb describes the drones; the claim's verb comes after it
        (
            "У Київській міській військовій адміністрації повідомили, що всі 7 дронів, які атакували столицю, "
            "збито на підльоті.",
            "uk",
            [("destroyed", "uav", None, 7, {"UA-30": 7})],
        ),
        # number words after 'усі'/'all', the genitive of a type, 'another'
        ("Усі тридцять п'ять ворожих БпЛА збито над Київщиною.", "uk", [("destroyed", "uav", None, 35, {"UA-32": 35})]),
        ("Сили ППО знищили сорок одного шахеда.", "uk", [("destroyed", "uav", "shahed", 41, {})]),
        ("Another drone was downed over the Belgorod region.", "en", [("destroyed", "uav", None, 1, {"RU-BEL": 1})]),
        # the attack the radar saw is launched; a headline's present tense
        (
            "Зафіксовано 318 засобів повітряного нападу: 12 ракет та 306 ударних БпЛА.",
            "uk",
            [
                ("launched", "mixed", None, 318, {}),
                ("launched", "missile", None, 12, {}),
                ("launched", "uav", None, 306, {}),
            ],
        ),
        ("Russian air defences down 27 Ukrainian drones over four regions", "en", [("destroyed", "uav", None, 27, {})]),
        # under a combined figure, 'у тому числі' names each kind's own figure
        (
            "Противник атакував 318 засобами повітряного нападу, у тому числі 12 ракетами та 306 ударними БпЛА.",
            "uk",
            [
                ("launched", "mixed", None, 318, {}),
                ("launched", "missile", None, 12, {}),
                ("launched", "uav", None, 306, {}),
            ],
        ),
        # where a weapon was made is no place abroad
        (
            "Air defences shot down 5 US-made ATACMS missiles over the Belgorod region, the ministry said.",
            "en",
            [("destroyed", "missile", "atacms", 5, {"RU-BEL": 5})],
        ),
        # 'у побережья ...' says where in the sea before it; alone, it is where the drones were
        (
            "Дежурными средствами ПВО уничтожены 4 БПЛА: 2 – над территорией Курской области, по одному – над "
            "Брянской областью и над акваторией Черного моря у побережья Республики Крым.",
            "ru",
            [("destroyed", "uav", None, 4, {"RU-KRS": 2, "RU-BRY": 1, "SEA-BLACK": 1})],
        ),
        (
            "Дежурными средствами ПВО уничтожены три БПЛА у западного побережья полуострова Крым.",
            "ru",
            [("destroyed", "uav", None, 3, {"UA-43": 3})],
        ),
        # a report cut off inside a bracketed count, or inside the second word of a sea's name
        (
            "Дежурными средствами ПВО перехвачены 7 БПЛА над территориями Курской (4 БПЛА), Орловской (2 БПЛА) и "
            "Тульской (1 ",
            "ru",
            [("destroyed", "uav", None, 7, {"RU-KRS": 4, "RU-ORL": 2, "RU-TUL": 1})],
        ),
        (
            "Дежурными средствами ПВО уничтожены 9 беспилотников: 6 – над территорией Ростовской области, 3 – над "
            "акваторией Азовского м",
            "ru",
            [("destroyed", "uav", None, 9, {"RU-ROS": 6, "SEA-AZOV": 3})],
        ),
        # a report cut off in the middle of its last place name
        (
            "Дежурными средствами ПВО уничтожены 5 беспилотников: 3 – над территорией Брянской области, "
            "2 – над территорией Калуж",
            "ru",
            [("destroyed", "uav", None, 5, {"RU-BRY": 3, "RU-KLU": 2})],
        ),
        # the verb's number is its own (and its auxiliary's), not that of an attribute before it
        (
            "Расчет ПВО мотострелков обнаружил и сбил тяжелый беспилотник противника над Белгородской областью.",
            "ru",
            [("destroyed", "uav", None, 1, {"RU-BEL": 1})],
        ),
        # two singular subjects of one plural verb: each is one
        (
            "Дежурными средствами ПВО управляемая авиабомба и украинский беспилотный летательный аппарат "
            "уничтожены над территорией Курской области.",
            "ru",
            [("destroyed", "guided_bomb", None, 1, {"RU-KRS": 1}), ("destroyed", "uav", None, 1, {"RU-KRS": 1})],
        ),
        # ... but a plural verb over a weapon that a numeral counts adds no 'one' of its type
        (
            "Дежурными средствами ПВО уничтожены шесть реактивных снарядов РСЗО «Ольха» над Курской областью.",
            "ru",
            [("destroyed", "missile", "olkha", 6, {"RU-KRS": 6})],
        ),
        # a singular common noun in a list is an item of its own, not a type of the count before it
        (
            "Средствами ПВО перехвачены три реактивных снаряда HIMARS, противокорабельная ракета «Нептун» и "
            "две управляемые авиабомбы.",
            "ru",
            [
                ("destroyed", "missile", "himars", 3, {}),
                ("destroyed", "missile", "neptune", 1, {}),
                ("destroyed", "guided_bomb", None, 2, {}),
            ],
        ),
        # the verb of a list header reaches every item after its colon, across semicolons
        (
            "Дежурными средствами ПВО уничтожены: две ОТР над территорией Курской области; пять украинских БПЛА "
            "над территорией Орловской области.",
            "ru",
            [("destroyed", "missile", None, 2, {"RU-KRS": 2}), ("destroyed", "uav", None, 5, {"RU-ORL": 5})],
        ),
        # 'N из M' with M stated before: N is a line of that figure, or its part that flew toward Moscow
        (
            "Средства ПВО за ночь уничтожили 17 украинских беспилотников, сообщили в Минобороны. Шесть из 17 "
            "дронов были сбиты над Орловской областью, еще шесть - над Брянской, пять - над Московским "
            "регионом. Три из пяти аппаратов, уничтоженных над Московским регионом, летели на Москву.",
            "ru",
            [("destroyed", "uav", None, 17, {"RU-ORL": 6, "RU-BRY": 6, "RU-MOS": 5})],
        ),
        # wire copy: a headline and a lead from an outlet restate the figure of the statement it quotes
        (
            "Над Брянской и Курской областями за ночь сбиты 12 беспилотников\n\nМОСКВА, 4 июня. /ТАСС/. "
            "Российские средства ПВО ночью уничтожили 12 украинских беспилотников над Брянской и Курской "
            'областями. Об этом сообщили в Минобороны РФ.\n\n"Дежурными средствами ПВО перехвачены и '
            "уничтожены 12 украинских беспилотных летательных аппаратов: 9 - над территорией Брянской "
            'области, 3 - над территорией Курской области", - говорится в сообщении.',
            "ru",
            [("destroyed", "uav", None, 12, {"RU-BRY": 9, "RU-KRS": 3})],
        ),
        # lines that open with 'two of them' and add up to the figure before restate it
        (
            "Air defence units shot down four Ukrainian drones over the Bryansk region overnight, Governor "
            "Alexander Bogomaz said on Tuesday morning. Three of them were destroyed over the Klintsy district "
            "and one over the Starodub district, he wrote on Telegram.",
            "en",
            [("destroyed", "uav", None, 4, {"RU-BRY": 4})],
        ),
        # a count joined by 'along with' shares the verb before it, not the next clause's
        (
            "The air force said Russia launched 140 drones along with five cruise missiles, and that air "
            "defences shot down 120 of the drones.",
            "en",
            [
                ("launched", "uav", None, 140, {}),
                ("launched", "missile", None, 5, {}),
                ("destroyed", "uav", None, 120, {}),
            ],
        ),
        # 'N of them' with another action than the figure before: a figure of its own, of that weapon
        (
            "Уночі ворог атакував Україну 52 ударними дронами. Збити або подавити вдалося 44 з них.",
            "uk",
            [("launched", "uav", None, 52, {}), ("destroyed", "uav", None, 44, {})],
        ),
        (
            "Overnight Russia launched 63 attack drones at Ukraine. Air defences shot down 50 of them.",
            "en",
            [("launched", "uav", None, 63, {}), ("destroyed", "uav", None, 50, {})],
        ),
        (
            "Ночью противник атаковал область 12 беспилотниками. Сбить удалось 9 из них.",
            "ru",
            [("launched", "uav", None, 12, {}), ("destroyed", "uav", None, 9, {})],
        ),
        # an aside in brackets does not cut the verb off from the counts after it
        (
            "Ворог застосував 3 крилаті ракети Х-101, випущені з району Енгельса (Саратовська область), а "
            "також 90 ударних БпЛА.",
            "uk",
            [("launched", "missile", "kh-101", 3, {}), ("launched", "uav", None, 90, {})],
        ),
        # hits opening a paragraph are hits of the weapon the paragraph before counted
        (
            "Цієї ночі ворог атакував Сумщину 20 ударними БпЛА. Сили ППО знешкодили 16 дронів.\n\n"
            "Зафіксовано чотири влучання у Сумах.",
            "uk",
            [
                ("launched", "uav", None, 20, {}),
                ("destroyed", "uav", None, 16, {}),
                ("hit", "uav", None, 4, {"UA-59": 4}),
            ],
        ),
        # found in review: a lead over another place is another claim; the adversary's weapon 'used' is
        # counted; a weapon of another class after a plural is a weapon of its own; 'а также' joins two
        # counts under one place; a part of a figure restated by 'N of them' is no figure of its own
        (
            "МОСКВА, 4 июня. /ТАСС/. Средства ПВО уничтожили пять беспилотников над Брянской областью, "
            "сообщает ТАСС.\n\nКроме того, пять беспилотников уничтожены над Курской областью, сообщили в "
            "Минобороны.",
            "ru",
            [("destroyed", "uav", None, 5, {"RU-BRY": 5}), ("destroyed", "uav", None, 5, {"RU-KRS": 5})],
        ),
        (
            "Противник применил ударный беспилотный летательный аппарат по Белгородской области.",
            "ru",
            [("launched", "uav", None, 1, {})],
        ),
        ("Ворог застосував ударний БпЛА по Харківщині.", "uk", [("launched", "uav", None, 1, {})]),
        (
            "Над Брянской областью уничтожены 15 беспилотников, а также крылатая ракета.",
            "ru",
            [("destroyed", "uav", None, 15, {"RU-BRY": 15}), ("destroyed", "missile", None, 1, {"RU-BRY": 1})],
        ),
        (
            "Air defences shot down five drones over the Kursk region, Governor Alexander Khinshtein said. Two "
            "of them were destroyed over the Glushkovo district.",
            "en",
            [("destroyed", "uav", None, 5, {"RU-KRS": 5})],
        ),
        # a passive participle between the whole and its weapon describes them ('26 уничтоженных дронов')
        (
            "Всего за ночь уничтожены 26 беспилотников. Восемь из 26 уничтоженных дронов перехвачены над "
            "Курской областью.",
            "ru",
            [("destroyed", "uav", None, 26, {"RU-KRS": 8})],
        ),
        # nouns in place of verbs; 'N з M'
        (
            "Противник здійснив запуск 40 безпілотних літальних апаратів. Підтверджено збиття 31 ударного БпЛА.",
            "uk",
            [("launched", "uav", None, 40, {}), ("destroyed", "uav", None, 31, {})],
        ),
        (
            "Сили ППО знешкодили 17 з 25 ворожих дронів.",
            "uk",
            [("destroyed", "uav", None, 17, {}), ("launched", "uav", None, 25, {})],
        ),
    ],
)
def test_real_shapes(text: str, lang: str, want: list[tuple]) -> None:
    assert claims_of(text, lang) == want


@pytest.mark.parametrize(
    "text, start, end",
    [
        ('25.01.2024\n(06.00)\n\nЗНИЩЕНО:\n- 7 ударних БПЛА "Shahed-136/131"', None, "06:00"),
        (
            "Около 17.30 мск дежурными средствами ПВО уничтожен украинский беспилотный летательный аппарат.",
            "17:30",
            "17:30",
        ),
        ("В период с 20.00 до 22.10 мск дежурными средствами ПВО уничтожены 3 беспилотника.", "20:00", "22:10"),
        ("К 08:00 мск дежурными средствами ПВО уничтожены 3 беспилотника.", None, None),
    ],
)
def test_times_of_real_shapes(text: str, start: str | None, end: str | None) -> None:
    (claim,) = extract_text(text, None, REF).claims
    hhmm = [t.split("T")[1][:5] if t else None for t in (claim.window.start, claim.window.end)]
    assert hhmm == [start, end]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Повітряні сили: станом на 08:30 протиповітряною обороною збито 44 ворожі БпЛА.", "uk"),
        ("As of 08:30, air defences shot down 44 enemy drones, the Ukrainian Air Force said.", "en"),
        ("Воздушные силы Украины: по состоянию на 08:30 противовоздушной обороной сбиты 44 вражеских БпЛА.", "ru"),
    ],
)
def test_one_report_in_three_languages_gives_one_claim(text: str, lang: str) -> None:
    """The same Air Force figure in Ukrainian, English and Russian: the same claim, window and zone."""
    (c,) = extract_text(text, lang, REF).claims
    got = (c.action, c.weapon, c.total, c.claimant.kind, c.window.end, c.window.tz, c.window.date)
    assert got == ("destroyed", "uav", 44, "air_force", "2025-11-14T08:30:00+02:00", "+02:00", "2025-11-14")


@pytest.mark.parametrize(
    "raw",
    [
        "⚡️ **Сводка** ▫️ 15 – над территорией [Курской](https://t.me/x/1) области, ▫️ 6 – над ...",
        "🎖🎖 __курсив__ ~~нет~~ `код` аппаратa X-101 Mi-24",
        'ЗНИЩЕНО\n\n2\nударних БПЛА\nтипу "Ланцет"',
        "",
        "▪️▪️▪️",
        "2️⃣ Над Брянской областью",
    ],
)
def test_reading_text_keeps_every_offset(raw: str) -> None:
    """The reading text has the original's length, and every letter it keeps is where it was (a
    bullet that opens its line becomes a dash)."""
    read = reading_text(raw)
    assert len(read) == len(raw)
    bullets, _ = symbols()
    for a, b in zip(raw, read, strict=True):
        assert b in (a, " ", "\n") or (a.isalpha() and b.isalpha()) or (b == "-" and a in bullets)


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # a line with its own verb after a dash is its own claim, not a cut-off breakdown line
        (
            "Над Курской областью уничтожены 3 беспилотника, а 2 ракеты – перехвачены.",
            "ru",
            [("uav", 3), ("missile", 2)],
        ),
        # the targets of a strike are no aerial weapons; a promise is no figure
        ("Ракетні війська уразили 3 цілі противника на Запоріжжі.", "uk", []),
        ("Этот беспилотник будет немедленно уничтожен над Курской областью.", "ru", []),
        # a heading's action does not leak through a line of prose
        ("ЗНИЩЕНО\nУвечері ворог продовжив обстріли Харкова.\n- 3 ударні БпЛА над Харківщиною", "uk", []),
    ],
)
def test_what_the_reviews_found(text: str, lang: str, want: list[tuple]) -> None:
    assert [(c.weapon, c.total) for c in extract_text(text, lang, REF).claims] == want


def test_the_attacker_named_is_not_the_claimant() -> None:
    text = (
        "Russian air defences shot down 20 drones over the Bryansk region in an attack by the Ukrainian "
        "military, the ministry said."
    )
    (claim,) = extract_text(text, "en", REF).claims
    assert claim.claimant.kind == "ministry"


@pytest.mark.parametrize("text", ["Атака продолжалась около 3 часов.", "Атака тривала близько 11 годин."])
def test_a_length_in_hours_is_no_moment(text: str) -> None:
    from skyledger.extract.lexicon import lexicon
    from skyledger.extract.times import find_times

    lang = "uk" if "тривала" in text else "ru"
    assert [t for t in find_times(text, 0, lexicon(lang)) if t.kind == "range"] == []


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_every_shape_needs_what_the_shape_hint_looks_for(lang: str) -> None:
    """The pre-filter tries the shapes only where SHAPE_HINT finds a digit, a colon or a dash: every
    line a shape holds in, over the real corpora and the gold texts, has one."""
    from skyledger.extract.candidates import SHAPE_HINT, shapes
    from skyledger.extract.sentences import split_sentences

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "gold").glob("*/*.txt"))]
    for name in ("mod_russia_posts.jsonl", "uaf_infographics_ocr.jsonl"):
        path = SHARED / "corpora" / name
        if path.exists():
            texts += [json.loads(line).get("text") or "" for line in path.read_text(encoding="utf-8").splitlines()]
    held = 0
    for text in texts:
        for s in split_sentences(text):
            chunk = text[s.start : s.end]
            if shapes(lang).search(chunk):
                held += 1
                assert SHAPE_HINT.search(chunk), chunk
    assert held > 100
