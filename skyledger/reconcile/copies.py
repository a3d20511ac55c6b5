"""Near-duplicate texts (syndicated copies, forwards, edited posts) by MinHash over word shingles.

The signature is datasketch's MinHash; the LSH bands are kept in the ledger (``minhash_bands``) so
that finding a new document's copies is an indexed lookup of its bands among the documents
published within :data:`NEAR_DAYS`, not a comparison with every document, and so that the index is
shared by everyone who writes to the ledger (datasketch's own LSH storage is in memory, Redis or
Cassandra). A band is ``ROWS``
consecutive hash values; two texts with Jaccard similarity s share at least one band with
probability 1 - (1 - s^ROWS)^BANDS (0.99 at s = 0.8, 0.04 at s = 0.3), and every candidate is then
checked against ``THRESHOLD``.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import cache

import numpy as np
import regex
from datasketch import MinHash

from skyledger.model import normalise_text

NUM_PERM, BANDS = 64, 16
#: datasketch's hashing scheme, named so that stored signatures stay comparable across its versions.
SCHEME = "affine32"
ROWS = NUM_PERM // BANDS
#: Estimated Jaccard similarity of word 3-shingles above which one text is a copy of the other.
THRESHOLD = 0.8
SHINGLE = 3
#: Copies are looked for among the documents published this many days either side: syndication,
#: forwards and edits follow within days, and the bound keeps each lookup the same size however
#: large the ledger grows.
NEAR_DAYS = 3
_WORD = regex.compile(r"[\p{L}\p{N}]+")


def shingles(text: str) -> set[bytes]:
    """The word 3-grams of a text, case-folded: what 'the same words' means here.

    >>> sorted(shingles("Air defence shot down 3 drones")) == sorted(shingles("AIR DEFENCE shot down 3 drones!"))
    True
    """
    words = _WORD.findall(normalise_text(text).casefold())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> MinHash:
    """The text's MinHash signature. The permutations are drawn once (the same seed gives the same
    ones): drawing them for every document was a fifth of the cost of storing it."""
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=permutations())
    m.update_batch(list(shingles(text)))
    return m


@cache
def permutations():
    """The signatures' permutations, as ``MinHash`` draws them for ``NUM_PERM`` and its default seed;
    read-only, since every signature holds them by reference."""
    drawn = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations
    for array in drawn if isinstance(drawn, tuple) else (drawn,):
        array.setflags(write=False)
    return drawn


def to_bytes(m: MinHash) -> bytes:
    """A signature as stored (``NUM_PERM`` unsigned 32-bit values, little-endian)."""
    return np.asarray(m.hashvalues, dtype="<u4").tobytes()


def bands(data: bytes) -> list[tuple[int, str]]:
    """The LSH band keys of a stored signature: (band number, hash of its rows)."""
    width = 4 * ROWS
    return [(b, hashlib.blake2b(data[b * width : (b + 1) * width], digest_size=8).hexdigest()) for b in range(BANDS)]


def near_days(day: str) -> list[str]:
    """The ISO days within :data:`NEAR_DAYS` of ``day``.

    >>> near_days("2026-03-01")[:2], len(near_days("2026-03-01"))
    (['2026-02-26', '2026-02-27'], 7)
    """
    d = date.fromisoformat(day)
    return [(d + timedelta(days=k)).isoformat() for k in range(-NEAR_DAYS, NEAR_DAYS + 1)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two texts' shingles: the share of equal signature values
    (what ``MinHash.jaccard`` computes), read straight from the stored bytes.

    >>> x = to_bytes(signature("one two three four five six"))
    >>> similarity(x, x), similarity(x, to_bytes(signature("seven eight nine ten eleven")))
    (1.0, 0.0)
    """
    return float(np.count_nonzero(np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4"))) / NUM_PERM


def similarities(a: bytes, others: list[bytes]) -> list[float]:
    """:func:`similarity` of ``a`` with each of ``others`` at once (the same values, computed together).

    >>> x, y = to_bytes(signature("one two three four five six")), to_bytes(signature("seven eight nine ten"))
    >>> similarities(x, [x, y]) == [similarity(x, x), similarity(x, y)]
    True
    """
    if not others:
        return []
    many = np.frombuffer(b"".join(others), dtype="<u4").reshape(len(others), NUM_PERM)
    equal = np.count_nonzero(many == np.frombuffer(a, dtype="<u4"), axis=1)
    return [float(n) / NUM_PERM for n in equal.tolist()]


def day_range(day: str) -> tuple[str, str]:
    """The first and last of :func:`near_days`: ISO days sort as text, so a range of the band index
    holds exactly those days.

    >>> day_range("2026-03-01")
    ('2026-02-26', '2026-03-04')
    """
    days = near_days(day)
    return days[0], days[-1]
