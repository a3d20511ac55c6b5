"""Document ids: the same report saved by different tools must get the same id."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from skyledger.ingest import read
from skyledger.ingest.files import BINARY_MAGIC
from skyledger.model import Report, document_id, normalise_text

TEXT = "Air defence forces shot down three UAVs over the region overnight.\nNo casualties.\n"


def test_crlf_and_trailing_spaces_give_the_same_doc_id(tmp_path):
    lf = tmp_path / "lf.txt"
    crlf = tmp_path / "crlf.txt"
    lf.write_bytes(TEXT.encode("utf-8"))
    crlf.write_bytes(TEXT.replace("\n", "   \r\n").encode("utf-8"))
    (a,) = read(lf)
    (b,) = read(crlf)
    assert a.doc_id == b.doc_id == document_id(TEXT)


def test_bom_does_not_change_the_doc_id(tmp_path):
    plain = tmp_path / "plain.txt"
    bom = tmp_path / "bom.txt"
    plain.write_bytes(TEXT.encode("utf-8"))
    bom.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert next(read(plain)).doc_id == next(read(bom)).doc_id


# Text a .txt file can hold and we accept: no NUL (binary), no lone surrogates (not encodable), not
# blank (empty file), not starting with U+FEFF (indistinguishable from a BOM once saved as UTF-8).
TEXTS = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_txt_doc_id_is_document_id_of_the_text(text):
    assume(normalise_text(text) and not text.startswith("\ufeff"))
    assume(not text.encode("utf-8").startswith(BINARY_MAGIC))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_bytes(text.encode("utf-8"))
        items = list(read(path))
    assert len(items) == 1
    assert isinstance(items[0], Report)
    assert items[0].doc_id == document_id(text)
