"""map_ordered is map: the same results in the same order, whatever the workers, chunks and pass-throughs."""

from __future__ import annotations

import pytest

from skyledger.parallel import chunked, map_ordered


def square_or_keep(item: object) -> object:
    """The work: a number squared; anything else is returned as it is (a pass-through)."""
    return item * item if isinstance(item, int) else item


ITEMS = [n if n % 7 else f"skip-{n}" for n in range(500)]


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("chunk", [1, 5, 32, 1000])
@pytest.mark.parametrize("only", [None, lambda item: isinstance(item, int)])
def test_results_come_back_in_input_order(workers: int, chunk: int, only: object) -> None:
    expected = [square_or_keep(i) for i in ITEMS]
    assert list(map_ordered(square_or_keep, iter(ITEMS), workers, chunk, only=only)) == expected


def test_empty_input_gives_nothing() -> None:
    assert list(map_ordered(square_or_keep, [], workers=2)) == []


@pytest.mark.parametrize(("n", "size"), [(0, 3), (1, 3), (3, 3), (10, 3), (10, 1)])
def test_chunks_cover_the_input_once_in_order(n: int, size: int) -> None:
    parts = list(chunked(range(n), size))
    assert [x for part in parts for x in part] == list(range(n))
    assert all(0 < len(part) <= size for part in parts)


@pytest.mark.parametrize(("ahead", "in_flight"), [(0, 2 * 3 * 4), (20, 2 * 3 * 4), (50, 52), (100, 100)])
def test_workers_are_given_at_least_ahead_items_before_the_first_result(ahead: int, in_flight: int) -> None:
    """A caller that stops for a batch of results must leave the workers more than a batch to do:
    the first result comes out only once ``ahead`` items (else 3 chunks a worker) were sent."""
    pulled = []

    def numbers():  # counts what map_ordered has taken from the input
        for n in range(1_000):
            pulled.append(n)
            yield n

    results = map_ordered(square_or_keep, numbers(), workers=2, chunk=4, ahead=ahead)
    assert next(results) == 0
    assert len(pulled) == in_flight
    assert list(results) == [n * n for n in range(1, 1_000)]
