"""Parts of a document already masked as a whole are not masked again; new ones are."""

from __future__ import annotations

from gwlint.masking import MASK, already_masked, mask_tree


def test_parts_of_the_masked_document_are_returned_as_they_are() -> None:
    document = mask_tree({"client": {"client_secret": "s3cr3t-value-123456", "id": "abc"}})
    part = document["client"]
    with already_masked(document):
        assert mask_tree(part) is part
    assert mask_tree(part) is not part  # outside the block: a fresh masked copy
    assert mask_tree(part) == part


def test_a_container_built_inside_the_block_is_still_masked() -> None:
    document = mask_tree({"gateway": {"name": "gw"}})
    with already_masked(document):
        fresh = mask_tree({"client_secret": "s3cr3t-value-123456"})
    assert fresh == {"client_secret": MASK}
