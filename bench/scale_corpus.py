"""Write a large JSONL corpus for the scale benchmark, streaming, one document a line.

    .venv/bin/python bench/scale_corpus.py --docs 100000 --out /tmp/c100k.jsonl [--seed 20250305]

Each line is one skyledger JSONL input row, ``{"id", "published", "source", "url", "title", "text",
"lang"}``, with an id unique in the file and a publication time with its UTC offset. The mix, drawn
document by document from the seed:

- **40 % synthetic claim reports** from ``corpus.py`` (``iter_dated_docs``): defence-ministry
  breakdowns, Air Force summaries, governors' posts and wire items in English, Russian and Ukrainian,
  about 3,000 characters each (claim paragraphs padded with background), published the morning of
  the night they describe, in a year from 2022 to 2026 (their texts name no year);
- **30 % real-shaped documents**: posts of ``mod_russia_posts.jsonl`` (Russian, <= 400 characters)
  and ``uaf_infographics_ocr.jsonl`` (Ukrainian OCR tallies) from ``../shared/corpora/``, read at run
  time and never copied into the repository, each emitted as a new publication: moved to another day
  between 2022-03-01 and 2026-11-30 (the publication time and every date in the text move together:
  '01.01.2023', '31 декабря 2022 г.', '25 січня'), every count multiplied by one factor of 1, 2 or 3
  per document (so breakdowns still add up; clock times, years, weapon names such as Х-101 and links
  are left alone), a new id and a new message link;
- **30 % noise** with no claim: economy, weather and sports news of ``corpus.py`` in the three
  languages, half short (150-400 characters), half long (2,000-6,000).

Without the real corpora (or one of them), what is missing is skipped, and said so on standard
error: the real-shaped share is then filled with synthetic claim reports (70 % synthetic, 30 % noise).
The same seed, size and corpora give the same file, byte for byte. Memory stays flat in ``--docs``:
rows are written as they are made; only the ~6,000 real posts (about 4 MB) are held, as templates.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import DEFAULT_SEED, LANGS, MONTHS, iter_dated_docs, make_doc  # noqa: E402

CORPORA = HERE.parent.parent / "shared" / "corpora"
#: file, language, channel of the real corpora the real-shaped documents are made from.
REAL_FILES = {
    "mod": ("mod_russia_posts.jsonl", "ru", "t.me/mod_russia"),
    "uaf": ("uaf_infographics_ocr.jsonl", "uk", "t.me/kpszsu (infographic, OCR)"),
}
SHARES = {"synthetic": 0.40, "real": 0.30, "noise": 0.30}
#: The days real-shaped documents are moved to.
FIRST_DAY, LAST_DAY = date(2022, 3, 1), date(2026, 11, 30)
#: Count multipliers for real-shaped documents, and their weights.
FACTORS, FACTOR_WEIGHTS = (1, 2, 3), (4, 4, 2)
MSK, KYIV = timezone(timedelta(hours=3)), ZoneInfo("Europe/Kyiv")
ZONES = {"en": UTC, "ru": MSK, "uk": KYIV}
#: Channels for the synthetic documents, by (language, kind); the rest are '<kind>.example/<lang>'.
CHANNELS = {("ru", "mod"): "t.me/mod_russia", ("uk", "air_force"): "t.me/kpszsu"}


@dataclass(frozen=True)
class Template:
    """One real post: what a real-shaped document is made from."""

    kind: str  # 'mod' or 'uaf'
    lang: str
    channel: str
    published: datetime  # aware
    text: str


def load_templates(corpora: Path, say=print) -> list[Template]:
    """The real posts of the corpora that are present (none if both are absent, said through ``say``)."""
    out = []
    for kind, (name, lang, channel) in REAL_FILES.items():
        path = corpora / name
        if not path.exists():
            say(f"skipped real-shaped {kind} documents: {path} is absent (the corpora sit beside the checkout)")
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                row = json.loads(line)
                published = datetime.fromisoformat(row["published"])
                if published.tzinfo is None:  # the Air Force file gives the local time of the post
                    published = published.replace(tzinfo=KYIV)
                out.append(Template(kind, lang, row.get("source") or channel, published, row["text"]))
    return out


# ----------------------------------------------------------------------------------------------
# Real-shaped documents: move the dates, scale the counts
# ----------------------------------------------------------------------------------------------

MONTH_FORMS = {form: (k + 1, lang) for lang in ("ru", "uk") for k, form in enumerate(MONTHS[f"{lang}_gen"])}
TOKENS = re.compile(
    r"(?P<url>https?://\S+|t\.me/\S+)"
    r"|(?<![\d.])(?P<d1>\d{1,2})\.(?P<m1>\d{1,2})\.(?P<y1>\d{4})(?!\d)"
    r"|(?<![\d\w])(?P<d2>\d{1,2})(?P<sp>\s+)(?P<mon>" + "|".join(MONTH_FORMS) + r")\b(?:(?P<sp2>\s+)(?P<y2>\d{4})\b)?"
    r"|(?<![\w\-/.:,])(?P<num>\d{1,4})(?![\w\-/]|[.,:]\d)",
    re.IGNORECASE,
)


def like(word: str, model: str) -> str:
    """``word`` in the capitalisation of ``model`` ('СІЧНЯ', 'Января', 'января')."""
    if model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def reshape(text: str, published: datetime, shift: int, factor: int) -> str:
    """``text`` with its dates moved by ``shift`` days and its counts multiplied by ``factor``."""
    ref = published.date()

    def moved(day: int, month: int, year: int | None) -> date | None:
        try:
            if year is None:  # '25 січня': the occurrence nearest to the publication, before it
                year = ref.year if date(ref.year, month, day) <= ref + timedelta(days=31) else ref.year - 1
            return date(year, month, day) + timedelta(days=shift)
        except ValueError:  # an OCR misreading such as '32.01.2024': left as it is
            return None

    def sub(m: re.Match) -> str:
        if m["url"]:
            return m[0]
        if m["d1"]:
            d = moved(int(m["d1"]), int(m["m1"]), int(m["y1"]))
            if d is None:
                return m[0]
            day = f"{d.day:02d}" if len(m["d1"]) == 2 else str(d.day)
            month = f"{d.month:02d}" if len(m["m1"]) == 2 else str(d.month)
            return f"{day}.{month}.{d.year}"
        if m["d2"]:
            month, lang = MONTH_FORMS[m["mon"].lower()]
            d = moved(int(m["d2"]), month, int(m["y2"]) if m["y2"] else None)
            if d is None:
                return m[0]
            out = f"{d.day}{m['sp']}{like(MONTHS[f'{lang}_gen'][d.month - 1], m['mon'])}"
            return out + (f"{m['sp2']}{d.year}" if m["y2"] else "")
        n = int(m["num"])
        if len(m["num"]) == 4 and 1990 <= n <= 2035:  # a year
            return m[0]
        return str(n * factor)

    return TOKENS.sub(sub, text)


def real_row(rng: random.Random, t: Template, number: int) -> dict:
    """A new publication made from real post ``t``: another day, other counts, its own id and link."""
    target = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    shift = (target - t.published.date()).days
    factor = rng.choices(FACTORS, FACTOR_WEIGHTS)[0]
    # Wall-clock arithmetic: a Kyiv time keeps its clock time and takes the offset in force on the new day.
    published = t.published + timedelta(days=shift, seconds=rng.randrange(600))
    channel = t.channel.split()[0]
    return {
        "id": f"{t.kind}-{number:08d}",
        "published": published.isoformat(),
        "source": t.channel,
        "url": f"https://{channel}/{100000 + number}",
        "title": "",
        "text": reshape(t.text, t.published, shift, factor),
        "lang": t.lang,
    }


# ----------------------------------------------------------------------------------------------
# The corpus
# ----------------------------------------------------------------------------------------------


def headline(text: str) -> str:
    """The first paragraph when it reads as a headline (short, no final full stop), else ''."""
    first = text.split("\n\n", 1)[0]
    return first if len(first) <= 120 and first[-1:] not in ".!?:" else ""


def synthetic_row(rng: random.Random, day: date, doc, number: int) -> dict:
    """A synthetic claim report, published the morning of ``day`` in the claimant's zone, in a year
    drawn from those of the real-shaped share.

    Its text names a day and month, never a year, so the report may be any year's: spread over the
    years of the rest of the corpus, a claimant states about as many figures a night as in the
    real-shaped share, not five times as many (all of 2025 piled on one year's nights). About 5 %
    fall in January-February 2022 or December 2026, outside the real-shaped share's days."""
    day = day.replace(year=rng.randint(FIRST_DAY.year, LAST_DAY.year))
    tz = ZONES[doc.lang]
    published = datetime(day.year, day.month, day.day, rng.randint(6, 11), rng.randrange(60), tzinfo=tz)
    channel = CHANNELS.get((doc.lang, doc.kind), f"{doc.kind}.example/{doc.lang}")
    return {
        "id": f"syn-{number:08d}",
        "published": published.isoformat(),
        "source": channel,
        "url": f"https://{channel}/{100000 + number}",
        "title": headline(doc.text),
        "text": doc.text,
        "lang": doc.lang,
    }


def noise_row(rng: random.Random, number: int) -> dict:
    """A document with no claim: economy, weather or sports, short or long."""
    lang = rng.choice(LANGS)
    size = rng.randint(150, 400) if rng.random() < 0.5 else rng.randint(2000, 6000)
    doc = make_doc(rng, lang, False, size)
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    published = datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=ZONES[lang])
    channel = f"{doc.kind}.example/{lang}"
    return {
        "id": f"noise-{number:08d}",
        "published": published.isoformat(),
        "source": channel,
        "url": f"https://{channel}/{100000 + number}",
        "title": headline(doc.text),
        "text": doc.text,
        "lang": lang,
    }


def write_corpus(
    out: Path | str,
    docs: int,
    seed: int = DEFAULT_SEED,
    corpora: Path | str = CORPORA,
    say=print,
    progress_every: int = 0,
) -> dict:
    """Write ``docs`` rows to ``out`` (through a temporary file, renamed at the end); return the figures."""
    out = Path(out)
    t0 = time.perf_counter()
    templates = load_templates(Path(corpora), say)
    if not templates:
        say("the real-shaped share (30 %) is filled with synthetic claim reports")
    mix = random.Random(f"{seed}:mix")
    real_rng, noise_rng, syn_rng = (random.Random(f"{seed}:{name}") for name in ("real", "noise", "synthetic-dates"))
    synthetic = iter_dated_docs(docs, seed=seed, no_claim_share=0.0)
    kinds: Counter = Counter()
    langs: Counter = Counter()
    nbytes = nchars = 0
    tmp = out.with_name(out.name + ".partial")
    with open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        for number in range(docs):
            draw = mix.random()
            if draw < SHARES["synthetic"] or (draw < SHARES["synthetic"] + SHARES["real"] and not templates):
                day, doc = next(synthetic)
                row, kind = synthetic_row(syn_rng, day, doc, number), "synthetic"
            elif draw < SHARES["synthetic"] + SHARES["real"]:
                t = templates[real_rng.randrange(len(templates))]
                row, kind = real_row(real_rng, t, number), f"real ({t.kind})"
            else:
                row, kind = noise_row(noise_rng, number), "noise"
            line = json.dumps(row, ensure_ascii=False) + "\n"
            f.write(line)
            kinds[kind] += 1
            langs[row["lang"]] += 1
            nchars += len(row["text"])
            nbytes += len(line.encode("utf-8"))
            if progress_every and (number + 1) % progress_every == 0:
                say(f"  {number + 1:,} documents, {nbytes / 1e6:,.0f} MB, {time.perf_counter() - t0:,.0f} s")
    os.replace(tmp, out)
    return {
        "path": str(out),
        "docs": docs,
        "seed": seed,
        "bytes": nbytes,
        "mean_chars": round(nchars / docs) if docs else 0,
        "kinds": dict(sorted(kinds.items())),
        "langs": dict(sorted(langs.items())),
        "real_corpora": bool(templates),
        "seconds": round(time.perf_counter() - t0, 2),
    }


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents to write (default 10,000)")
    ap.add_argument("--out", required=True, help="the JSONL file to write")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    ap.add_argument("--corpora", default=str(CORPORA), help="folder of the real corpora (default ../shared/corpora)")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    args = ap.parse_args(argv)
    if args.docs < 1:
        ap.error("--docs must be at least 1")

    def say(msg: str) -> None:
        print(msg, file=sys.stderr)

    info = write_corpus(
        args.out, args.docs, args.seed, args.corpora, say, 0 if args.quiet else max(10_000, args.docs // 10)
    )
    say(
        f"wrote {info['docs']:,} documents ({', '.join(f'{k} {v:,}' for k, v in info['kinds'].items())}; "
        f"{', '.join(f'{k} {v:,}' for k, v in info['langs'].items())}), {info['bytes'] / 1e6:,.1f} MB, "
        f"mean {info['mean_chars']:,} characters, to {info['path']} in {info['seconds']:.1f} s"
    )
    return info


if __name__ == "__main__":
    main()
