"""Short reports to post while the API is under load: English, Russian and Ukrainian, each with its
own figures, region, day and id, so that every one is a new document of the ledger."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

REGIONS = [
    # English, Russian (genitive), Ukrainian (genitive)
    ("Kursk", "Курской", "Курської"),
    ("Belgorod", "Белгородской", "Бєлгородської"),
    ("Bryansk", "Брянской", "Брянської"),
    ("Rostov", "Ростовской", "Ростовської"),
    ("Voronezh", "Воронежской", "Воронезької"),
]

TEMPLATES = {
    "en": [
        "Air defence shot down {n} drones over {en} region overnight, the governor said.",
        "Air defence systems destroyed {n} Ukrainian drones over the {en} region overnight, the Russian "
        "Defence Ministry said.",
        "Russian air defences intercepted {n} fixed-wing drones over {en} region between 20:00 and 23:00 "
        "Moscow time, the ministry said.",
    ],
    "ru": [
        "Дежурными средствами ПВО уничтожены {n} украинских беспилотных летательных аппаратов над "
        "территорией {ru} области.",
        "Этой ночью над {ru} областью сбиты {n} беспилотников, сообщил губернатор.",
    ],
    "uk": [
        "У ніч на {day} противник атакував {n} ударними БпЛА типу Shahed. Станом на 09:00 збито/подавлено "
        "{m} ворожих БпЛА.",
        "Сили ППО знищили {n} дронів над територією {uk} області, повідомив голова ОВА.",
    ],
}


def reports(count: int, seed: int = 0, prefix: str = "load") -> list[dict[str, Any]]:
    """``count`` documents to post, unique by their ``id`` (and their figures and day)."""
    rng = random.Random(seed)
    day0 = datetime(2026, 5, 1, 6, tzinfo=UTC)
    out = []
    for i in range(count):
        lang = ("en", "ru", "uk")[i % 3]
        en, ru, uk = rng.choice(REGIONS)
        n = rng.randint(2, 90)
        when = day0 + timedelta(days=rng.randint(0, 60), minutes=i)
        text = rng.choice(TEMPLATES[lang]).format(
            n=n, m=max(1, n - rng.randint(0, n // 2)), en=en, ru=ru, uk=uk, day=when.strftime("%d.%m")
        )
        out.append(
            {
                "text": text,
                "id": f"{prefix}-{seed}-{i}",
                "source": f"{prefix}-wire",
                "published": when.isoformat(),
                "lang": lang,
            }
        )
    return out
