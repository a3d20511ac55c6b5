"""Score the extractor on the real-text gold sets over ``../shared/corpora/`` (see tests/gold/REAL.md).

The gold files hold ids and figures only; the texts are read from the shared corpora, which CI has
beside the checkout. Each set is scored by half (see tests/gold/real/split.py): the blind half first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from skyledger.contract import extraction_to_dict
from skyledger.evaluate import PRF, Scores, read_jsonl, score
from skyledger.extract import extract
from skyledger.ingest import read
from skyledger.model import Report
from tests.conftest import ROOT, SHARED
from tests.gold.real.split import half

CORPORA = SHARED / "corpora"
GOLD = ROOT / "tests" / "gold" / "real"
#: Gold set -> the corpus file its ids come from.
SETS = {"mod": "mod_russia_posts.jsonl", "uaf": "uaf_infographics_ocr.jsonl"}


@dataclass
class HalfScores:
    """The usual scores, plus per-weapon figures and claims made on posts that hold none."""

    scores: Scores
    weapons: PRF = field(default_factory=PRF)
    non_claim_docs: int = 0
    claims_on_non_claims: int = 0
    docs: int = 0
    misses: Counter = field(default_factory=Counter)


def reports(name: str, ids: set[str]) -> dict[str, Report]:
    """The corpus rows of a set's documents, by id."""
    out = {}
    for r in read(CORPORA / SETS[name]):
        if isinstance(r, Report) and r.source.rpartition("#")[2] in ids:
            out[r.source.rpartition("#")[2]] = r
    return out


def predict(name: str, gold: list[dict]) -> list[dict]:
    """Contract objects for every gold document, keyed by its id in 'source'."""
    rows = reports(name, {g["doc"] for g in gold})
    out = []
    for g in gold:
        d = extraction_to_dict(extract(rows[g["doc"]]))
        out.append(d | {"source": g["doc"]})
    return out


def weapon_key(c: dict) -> tuple:
    """What a per-weapon figure is: the action, the weapon and its type, and the count."""
    return c.get("action"), c.get("weapon"), c.get("weapon_detail"), c.get("total")


def score_half(gold: list[dict], preds: list[dict]) -> HalfScores:
    """Scores of one half of a set."""
    out = HalfScores(score(gold, preds), docs=len(gold))
    by_doc = {p["source"]: p for p in preds}
    for g in gold:
        pred = by_doc[g["doc"]]["claims"]
        if not g["claims"]:
            out.non_claim_docs += 1
            out.claims_on_non_claims += len(pred)
        want = [weapon_key(c) for c in g["claims"]]
        got = [weapon_key(c) for c in pred]
        out.weapons.gold += len(want)
        out.weapons.pred += len(got)
        for k in want:
            if k in got:
                got.remove(k)
                out.weapons.tp += 1
    for e in out.scores.errors:
        out.misses[e.split(": ", 1)[1].split(" ")[0] + " " + e.split(": ", 1)[1].split(" ")[1]] += 1
    return out


def evaluate(name: str) -> dict[str, tuple[HalfScores, list[dict], list[dict]]]:
    """Each half of a set: its scores, its gold rows and its predictions."""
    gold = read_jsonl(GOLD / f"{name}.jsonl", "gold")
    preds = predict(name, gold)
    out = {}
    for which in ("blind", "dev"):
        keep = [k for k, g in enumerate(gold) if half(g["doc"]) == which]
        g, p = [gold[k] for k in keep], [preds[k] for k in keep]
        out[which] = (score_half(g, p), g, p)
    return out


def available() -> bool:
    """True when the shared corpora are beside the checkout."""
    return all((CORPORA / f).exists() for f in SETS.values())


def summary(name: str, which: str, s: HalfScores) -> str:
    """One block of figures for a half."""
    t, r, w = s.scores.totals, s.scores.regions, s.weapons
    return (
        f"{name} {which}: {s.docs} docs | totals P {t.precision:.3f} R {t.recall:.3f} F1 {t.f1:.3f} "
        f"({t.tp}/{t.pred}/{t.gold}) | regions F1 {r.f1:.3f} ({r.tp}/{r.pred}/{r.gold}) | "
        f"per-weapon F1 {w.f1:.3f} ({w.tp}/{w.pred}/{w.gold}) | windows {s.scores.windows.value:.3f} | "
        f"dates {s.scores.dates.value:.3f} | claims on {s.non_claim_docs} non-claim docs: {s.claims_on_non_claims}"
    )


def main(argv: list[str]) -> None:
    """``python -m tests.extract.real [SET...] [--dev-errors]``: blind half first, then dev (with its misses)."""
    names = [a for a in argv if not a.startswith("-")] or list(SETS)
    for name in names:
        halves = evaluate(name)
        for which in ("blind", "dev"):
            s = halves[which][0]
            print(summary(name, which, s))
            print("   error classes:", dict(s.misses.most_common()))
        if "--dev-errors" in argv:
            for e in halves["dev"][0].scores.errors:
                print("   ", e)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
