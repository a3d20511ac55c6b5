"""Score predictions (the extract JSON contract) against a hand-made gold file.

Gold lines have the form of ``../shared/gold/seeds.jsonl`` (see tests/gold/FORMAT.md). Documents are
paired by file name without extension (a prediction's ``source`` may be a path or ``FILE#id``).

Reported:
- precision/recall/F1 of totals: (action, weapon, total) per document;
- precision/recall/F1 of breakdown pairs: (claim, region, count), where a gold key ``A|B`` accepts
  either code and the claim is the one with the same (action, total);
- precision/recall/F1 of impacts and measures by (kind, region);
- accuracy, over gold claims, of windows (start and end HH:MM, stated hours), dates (where the gold
  gives one), claimants (kind, and person and region where the gold gives them) and toward-Moscow.
A gold claim with no matching prediction counts as wrong in every accuracy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skyledger.errors import GoldFileError


@dataclass
class PRF:
    """Counts of true positives, predictions and gold items."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """TP / predicted (1.0 when nothing was predicted and nothing was due)."""
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        """TP / gold."""
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """JSON form."""
        return {
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Accuracy:
    """Correct out of total."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        """correct / total (1.0 when there is nothing to score)."""
        return self.correct / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        """Count one scored item."""
        self.total += 1
        self.correct += int(ok)

    def as_dict(self) -> dict[str, float | int]:
        """JSON form."""
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.value, 4)}


@dataclass
class Scores:
    """Every metric of one evaluation, and the documents that lost points."""

    totals: PRF = field(default_factory=PRF)
    regions: PRF = field(default_factory=PRF)
    impacts: PRF = field(default_factory=PRF)
    measures: PRF = field(default_factory=PRF)
    windows: Accuracy = field(default_factory=Accuracy)
    dates: Accuracy = field(default_factory=Accuracy)
    claimants: Accuracy = field(default_factory=Accuracy)
    toward_moscow: Accuracy = field(default_factory=Accuracy)
    attributes: Accuracy = field(default_factory=Accuracy)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON form, with the list of misses."""
        out: dict[str, Any] = {k: getattr(self, k).as_dict() for k in ("totals", "regions", "impacts", "measures")}
        out |= {k: getattr(self, k).as_dict() for k in ("windows", "dates", "claimants", "toward_moscow", "attributes")}
        out["errors"] = list(self.errors)
        return out

    def render(self) -> str:
        """A plain text table."""
        lines = [f"{'metric':<16}{'P':>8}{'R':>8}{'F1':>8}{'tp/pred/gold':>16}"]
        for k in ("totals", "regions", "impacts", "measures"):
            m = getattr(self, k)
            lines.append(f"{k:<16}{m.precision:>8.3f}{m.recall:>8.3f}{m.f1:>8.3f}{f'{m.tp}/{m.pred}/{m.gold}':>16}")
        lines.append(f"{'metric':<16}{'accuracy':>24}{'correct/total':>16}")
        for k in ("windows", "dates", "claimants", "toward_moscow", "attributes"):
            a = getattr(self, k)
            lines.append(f"{k:<16}{a.value:>24.3f}{f'{a.correct}/{a.total}':>16}")
        if self.errors:
            lines.append(f"misses ({len(self.errors)}):")
            lines += [f"  {e}" for e in self.errors]
        return "\n".join(lines)


#: Claim attributes scored where the gold gives them, with the value a missing prediction means.
ATTRIBUTES = {"hedged": False, "total_bound": "exact", "weapon_detail": None, "regions_stated": None, "locations": None}


def doc_key(name: str) -> str:
    """'../seeds/000_abc.txt#4' -> '000_abc#4'; the key that pairs gold and predictions.

    >>> doc_key("/x/seeds/000_abc.txt"), doc_key("feed.xml#item-2")
    ('000_abc', 'feed#item-2')
    """
    base, _, frag = str(name).partition("#")
    stem = Path(base).name
    stem = stem.split(".")[0] if "." in stem else stem
    return f"{stem}#{frag}" if frag else stem


def read_jsonl(path: str | Path, what: str) -> list[dict[str, Any]]:
    """Lines of a JSONL file; a bad line raises GoldFileError naming the file and line."""
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise GoldFileError(f"{path}: cannot read {what} file ({e.strerror})") from e
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise GoldFileError(f"{path} line {n}: malformed JSON ({e.msg})") from e
    return rows


def hhmm(value: str | None) -> str | None:
    """'2025-11-12T07:00:00+03:00' or '07:00' -> '07:00'."""
    if not value:
        return None
    m = re.search(r"(\d{2}:\d{2})", value.split("T")[-1])
    return m.group(1) if m else None


def month_day(value: str | None) -> str | None:
    """'2025-11-12' or '--11-12' or '11-12' -> '11-12'."""
    return value[-5:] if value else None


def alternatives(value: str | None) -> set[str]:
    """'ministry|unknown' -> {'ministry', 'unknown'}."""
    return set(value.split("|")) if value else set()


def accepts(gold: Any, value: Any) -> bool:
    """Whether a gold value takes ``value``: 'hit|launched' either reading, any other value only
    itself. Where two readings of a text are equally right, the gold says so in any field."""
    if isinstance(gold, str) and "|" in gold:
        return value in alternatives(gold)
    return bool(gold == value)


#: what pairs a gold claim with a predicted one
CLAIM_KEY = ("action", "weapon", "total")


def claim_key(c: dict[str, Any]) -> tuple:
    """A claim's (action, weapon, total), as the list of misses names it."""
    return tuple(c.get(k) for k in CLAIM_KEY)


def same_claim(g: dict[str, Any], p: dict[str, Any]) -> bool:
    """Whether predicted claim ``p`` is gold claim ``g``'s: its key, with the gold's alternatives."""
    return all(accepts(g.get(k), p.get(k)) for k in CLAIM_KEY)


def pair_claims(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict | None]]:
    """Greedy pairing by (action, weapon, total), in order: gold claims that offer one reading
    first, then those that offer several ('hit|launched'), so that an alternative never takes the
    prediction another gold claim needs exactly."""
    free = list(pred)
    matches: dict[int, dict] = {}
    for several in (False, True):
        for k, g in enumerate(gold):
            if any("|" in str(g.get(key) or "") for key in CLAIM_KEY) != several:
                continue
            match = next((p for p in free if same_claim(g, p)), None)
            if match is not None:
                free.remove(match)
                matches[k] = match
    return [(g, matches.get(k)) for k, g in enumerate(gold)]


def person_key(name: str | None) -> str:
    """A person's name folded for comparison ('Sergey' and 'Sergei' are one)."""
    return re.sub(r"[^a-z]", "", (name or "").lower()).replace("ey", "ei").replace("iy", "i")


def claimant_ok(g: dict, p: dict) -> bool:
    """Kind in the gold's alternatives; person and region equal where the gold gives them."""
    gc, pc = g.get("claimant") or {}, p.get("claimant") or {}
    if not accepts(gc.get("kind"), pc.get("kind")):
        return False
    if gc.get("person") and person_key(gc["person"]) != person_key(pc.get("person")):
        return False
    return not gc.get("region") or gc["region"] == pc.get("region")


def window_ok(g: dict, p: dict) -> bool:
    """Start and end clock times (and stated hours) as in the gold."""
    gw, pw = g.get("window") or {}, p.get("window") or {}
    if hhmm(gw.get("start")) != hhmm(pw.get("start")) or hhmm(gw.get("end")) != hhmm(pw.get("end")):
        return False
    return gw.get("hours") is None or gw.get("hours") == pw.get("hours")


def score_regions(scores: Scores, doc: str, pairs: list[tuple[dict, dict | None]], pred: list[dict]) -> None:
    """Breakdown pairs of one document."""
    pred_pairs = [(p, r["code"], r["count"]) for p in pred for r in p.get("regions") or []]
    scores.regions.pred += len(pred_pairs)
    for g, _ in pairs:
        for codes, count in (g.get("regions") or {}).items():
            scores.regions.gold += 1
            hit = next(
                (x for x in pred_pairs if same_claim(g, x[0]) and x[1] in alternatives(codes) and x[2] == count),
                None,
            )
            if hit:
                pred_pairs.remove(hit)
                scores.regions.tp += 1
            else:
                scores.errors.append(f"{doc}: region {codes}={count} of {claim_key(g)} not found")
    for claim, code, count in pred_pairs:
        scores.errors.append(f"{doc}: extra region {code}={count} in {claim_key(claim)}")


def score_kinds(prf: PRF, doc: str, what: str, gold: list[dict], pred: list[dict], errors: list[str]) -> None:
    """Impacts or measures of one document by (kind, region)."""
    remaining = [(p.get("kind"), p.get("region")) for p in pred]
    prf.pred += len(remaining)
    for g in gold:
        prf.gold += 1
        hit = next(
            (x for x in remaining if accepts(g.get("kind"), x[0]) and x[1] in alternatives(g.get("region"))), None
        )
        if hit:
            remaining.remove(hit)
            prf.tp += 1
        else:
            errors.append(f"{doc}: {what} {g.get('kind')} in {g.get('region')} not found")
    errors += [f"{doc}: extra {what} {k} in {r}" for k, r in remaining]


def window_text(claim: dict[str, Any]) -> str:
    """'start..end' of a predicted claim, for the list of misses."""
    w = claim.get("window") or {}
    return f"{w.get('start')}..{w.get('end')}"


def score(gold_rows: Iterable[dict[str, Any]], predictions: Iterable[dict[str, Any]]) -> Scores:
    """Score predictions against gold rows (both already parsed)."""
    by_doc: dict[str, dict[str, Any]] = {}
    for p in predictions:
        by_doc[doc_key(p.get("source", ""))] = p
    scores = Scores()
    for g in gold_rows:
        if "doc" not in g:
            raise GoldFileError("a gold line has no 'doc'")
        doc = doc_key(g["doc"])
        p = by_doc.get(doc, {})
        gold_claims, pred_claims = g.get("claims") or [], p.get("claims") or []
        pairs = pair_claims(gold_claims, pred_claims)
        scores.totals.gold += len(gold_claims)
        scores.totals.pred += len(pred_claims)
        scores.totals.tp += sum(1 for _, m in pairs if m is not None)
        for gc, m in pairs:
            if m is None:
                scores.errors.append(f"{doc}: claim {claim_key(gc)} not found")
        matched = {id(m) for _, m in pairs if m is not None}
        scores.errors += [f"{doc}: extra claim {claim_key(c)}" for c in pred_claims if id(c) not in matched]
        score_regions(scores, doc, pairs, pred_claims)
        for gc, m in pairs:
            scores.windows.add(m is not None and window_ok(gc, m))
            scores.claimants.add(m is not None and claimant_ok(gc, m))
            scores.toward_moscow.add(m is not None and gc.get("toward_moscow") == m.get("toward_moscow"))
            if gc.get("date"):
                scores.dates.add(m is not None and accepts(gc["date"], month_day((m.get("window") or {}).get("date"))))
            if m is not None and not window_ok(gc, m):
                scores.errors.append(f"{doc}: window of {claim_key(gc)}: {window_text(m)}")
            if m is not None and not claimant_ok(gc, m):
                scores.errors.append(f"{doc}: claimant of {claim_key(gc)}: {m.get('claimant')}")
            for key, default in ATTRIBUTES.items():
                if key in gc:
                    ok = m is not None and accepts(gc[key], m.get(key) if m.get(key) is not None else default)
                    scores.attributes.add(ok)
                    if m is not None and not ok:
                        scores.errors.append(f"{doc}: {key} of {claim_key(gc)}: {m.get(key)!r}, gold {gc[key]!r}")
            if m is not None and gc.get("toward_moscow") != m.get("toward_moscow"):
                scores.errors.append(f"{doc}: toward_moscow of {claim_key(gc)}: {m.get('toward_moscow')}")
            if (
                m is not None
                and gc.get("date")
                and not accepts(gc["date"], month_day((m.get("window") or {}).get("date")))
            ):
                scores.errors.append(f"{doc}: date of {claim_key(gc)}: {(m.get('window') or {}).get('date')}")
        score_kinds(scores.impacts, doc, "impact", g.get("impacts") or [], p.get("impacts") or [], scores.errors)
        score_kinds(scores.measures, doc, "measure", g.get("measures") or [], p.get("measures") or [], scores.errors)
    return scores


def score_files(gold_path: str | Path, pred_path: str | Path) -> Scores:
    """Score a predictions JSONL file against a gold JSONL file."""
    return score(read_jsonl(gold_path, "gold"), read_jsonl(pred_path, "predictions"))
