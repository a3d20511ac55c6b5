"""Run the extractor over a gold set's files and score it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from skyledger.contract import extraction_to_dict
from skyledger.evaluate import Scores, read_jsonl, score
from skyledger.extract import extract
from skyledger.model import Report


def predict(folder: Path, gold: list[dict]) -> list[dict]:
    """Contract objects for every document of a gold file, with its 'published' as reference date."""
    out = []
    for g in gold:
        path = folder / g["doc"]
        reference = date.fromisoformat(g["published"]) if g.get("published") else None
        report = Report(source=str(path), text=path.read_text(encoding="utf-8"), format="text")
        out.append(extraction_to_dict(extract(report, reference=reference)))
    return out


def score_set(gold_file: Path, folder: Path) -> tuple[Scores, list[dict]]:
    """Scores of one gold set, and the predictions."""
    gold = read_jsonl(gold_file, "gold")
    preds = predict(folder, gold)
    return score(gold, preds), preds


def stable(preds: list[dict]) -> list[dict]:
    """Predictions without the machine-specific source path (for golden files)."""
    same = {"source": None, "extractor_version": None}  # the version hashes the code: it changes with every edit
    return [json.loads(json.dumps(p | same | {"source": Path(p["source"]).name}, ensure_ascii=False)) for p in preds]


def differences(want: object, got: object, path: str = "") -> list[str]:
    """Every path where two JSON values differ, for a readable golden-file failure."""
    if isinstance(want, dict) and isinstance(got, dict):
        return [d for k in sorted(set(want) | set(got)) for d in differences(want.get(k), got.get(k), f"{path}.{k}")]
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [d for i, (a, b) in enumerate(zip(want, got, strict=True)) for d in differences(a, b, f"{path}[{i}]")]
    return [] if want == got else [f"{path}: {want!r} -> {got!r}"]
