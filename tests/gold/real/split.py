"""The fixed split of every real gold set into a development half and a blind half.

A document's half depends on its id alone, so it never changes when a set grows. Errors are fixed
only from the development half; the blind half is scored and its errors counted and classified, but
its texts are not read for fixes.
"""

from __future__ import annotations

import hashlib


def half(doc_id: str) -> str:
    """'dev' or 'blind', by the parity of the first 32 bits of the id's SHA-256.

    >>> half("mod-00001"), half("uaf-ocr-10015")
    ('dev', 'blind')
    """
    return "blind" if int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) % 2 else "dev"
