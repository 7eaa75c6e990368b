"""Parsed documents are kept within a byte budget: many large distinct documents do not stay in memory."""

import gc
import tracemalloc

from graphql import parse

from cozum.kit.document_cache import DocumentCache, Prepared, release_tokens
from cozum.schema import create_schema


def _retained_by(work: object) -> int:
    """Bytes still allocated after running `work`, once garbage is collected."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        assert callable(work)
        kept = work()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return after - before


def _wide(i: int, fields: int) -> str:
    """Distinct documents of `fields` aliased fields, each ~3 tokens."""
    return "{ " + " ".join(f"f{i}x{j}: __typename" for j in range(fields)) + " }"


async def test_many_distinct_documents_of_the_largest_size_are_not_all_kept() -> None:
    # 24 documents of ~1,990 tokens each hold ~1.3 MB each once parsed: a cache bounded by
    # count alone kept all of them (and their validation), some 30 MB.
    schema = create_schema()
    documents = [_wide(i, 660) for i in range(24)]

    async def send_all() -> None:
        for document in documents:
            await schema.execute(document)

    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        await send_all()
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 6 * 1024 * 1024, f"{grown / 1e6:.1f} MB kept"


def test_the_cache_holds_no_more_memory_than_its_budget() -> None:
    budget = 4 * 1024 * 1024
    cache = DocumentCache(budget)
    # ~150 tokens each: light enough to be kept, many enough to overflow the budget.
    texts = [_wide(i, 50) for i in range(80)]

    def fill() -> DocumentCache:
        for text in texts:
            document = parse(text)
            cache.put(text, Prepared(document, None), release_tokens(document))
        return cache

    retained = _retained_by(fill)
    assert 0 < cache.used <= budget
    assert retained <= budget * 1.25, f"{retained / 1e6:.1f} MB kept for a {budget / 1e6:.1f} MB budget"
    assert cache.get(texts[-1]) is not None and cache.get(texts[0]) is None  # the oldest went first


def test_a_document_heavier_than_its_share_of_the_budget_is_not_kept() -> None:
    cache = DocumentCache(32 * 1024 * 1024)  # a 1 MiB share
    comment = "{ __typename }\n#" + "x" * 1_100_000
    small = "{ __typename }"
    for text in (comment, small):
        document = parse(text)
        cache.put(text, Prepared(document, None), release_tokens(document))
    assert cache.get(comment) is None and cache.get(small) is not None
