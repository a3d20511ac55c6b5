"""Report ids: the same report saved by different tools gets the same id; the same words published
twice are two reports."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from skyledger.ingest import read
from skyledger.ingest.files import BINARY_MAGIC
from skyledger.model import Report, normalise_text, report_identity

TEXT = "Air defence forces shot down three UAVs over the region overnight.\nNo casualties.\n"


def _in(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def test_crlf_and_trailing_spaces_give_the_same_doc_id(tmp_path):
    lf = _in(tmp_path / "a", "report.txt", TEXT.encode("utf-8"))
    crlf = _in(tmp_path / "b", "report.txt", TEXT.replace("\n", "   \r\n").encode("utf-8"))
    (a,) = read(lf)
    (b,) = read(crlf)
    assert a.doc_id == b.doc_id == report_identity("report.txt", TEXT)


def test_bom_does_not_change_the_doc_id(tmp_path):
    plain = _in(tmp_path / "a", "report.txt", TEXT.encode("utf-8"))
    bom = _in(tmp_path / "b", "report.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert next(read(plain)).doc_id == next(read(bom)).doc_id


# Text a .txt file can hold and we accept: no NUL (binary), no lone surrogates (not encodable), not
# blank (empty file), not starting with U+FEFF (indistinguishable from a BOM once saved as UTF-8).
TEXTS = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_txt_doc_id_is_the_identity_of_the_file_name_and_text(text):
    assume(normalise_text(text) and not text.startswith("\ufeff"))
    assume(not text.encode("utf-8").startswith(BINARY_MAGIC))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_bytes(text.encode("utf-8"))
        items = list(read(path))
    assert len(items) == 1
    assert isinstance(items[0], Report)
    assert items[0].doc_id == report_identity("report.txt", text)


def _row(**fields: str) -> str:
    return json.dumps(
        {"text": "Около 14.30 мск уничтожен БПЛА над Белгородской областью.", **fields}, ensure_ascii=False
    )


def test_the_same_words_on_two_days_are_two_reports(tmp_path):
    rows = [
        _row(id="101", published="2026-03-10T14:32:00+03:00", source="t.me/mod_russia"),
        _row(id="187", published="2026-03-12T09:15:00+03:00", source="t.me/mod_russia"),
    ]
    path = _in(tmp_path, "posts.jsonl", "\n".join(rows).encode("utf-8"))
    a, b = read(path)
    assert a.doc_id != b.doc_id


@pytest.mark.parametrize(
    "other",
    [
        {"id": "187"},  # another message
        {"published": "2026-03-12T09:15:00+03:00"},  # another time
        {"source": "t.me/other"},  # another channel
    ],
)
def test_each_part_of_a_publication_changes_its_identity(tmp_path, other):
    base = {"id": "101", "published": "2026-03-10T14:32:00+03:00", "source": "t.me/mod_russia"}
    path = _in(tmp_path, "posts.jsonl", "\n".join([_row(**base), _row(**{**base, **other})]).encode("utf-8"))
    a, b = read(path)
    assert a.doc_id != b.doc_id


def test_the_same_post_in_two_files_is_one_report(tmp_path):
    """Where we read a report (file, row) is not part of it: a re-exported dump gives the same ids."""
    row = _row(id="101", published="2026-03-10T11:32:00Z", source="t.me/mod_russia")
    first = _in(tmp_path / "a", "dump.jsonl", row.encode("utf-8"))
    second = _in(
        tmp_path / "b", "later.jsonl", ("\n" + _row() + "\n" + row.replace("11:32:00Z", "14:32:00+03:00")).encode()
    )
    (a,) = read(first)
    b = list(read(second))[-1]
    assert a.doc_id == b.doc_id
