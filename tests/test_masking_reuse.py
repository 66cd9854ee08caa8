"""Parts of a document already masked as a whole are not masked again; new ones are."""

from __future__ import annotations

from gwlint.masking import MASK, already_masked, mask_tree


def test_parts_of_the_masked_document_are_returned_as_they_are() -> None:
    document = mask_tree({"client": {"client_secret": "s3cr3t-value-123456", "id": "abc"}})
    part = document["client"]
    with already_masked(document):
        assert mask_tree(part) is part
    assert mask_tree(part) == part  # outside the block: masked again, to the same values


def test_an_earlier_masked_document_is_walked_for_its_parts() -> None:
    first = mask_tree({"client": {"client_secret": "s3cr3t-value-123456"}})
    mask_tree({"other": {"name": "gw"}})  # the last tree masked is now another one
    with already_masked(first):
        assert mask_tree(first["client"]) is first["client"]


def test_parts_with_nothing_to_mask_are_shared_and_the_input_is_left_alone() -> None:
    tools = [{"name": "lookup", "inputSchema": {"type": "object"}}]
    data = {
        "gateway": {"name": "gw"},
        "tools": tools,
        "client": {"client_secret": "s3cr3t-value-1"},
    }
    masked = mask_tree(data)
    assert masked is not data and masked["tools"] is tools and masked["gateway"] is data["gateway"]
    assert masked["client"] == {"client_secret": MASK}
    assert data["client"] == {"client_secret": "s3cr3t-value-1"}  # not masked in place
    clean = {"gateway": {"name": "gw"}}
    assert mask_tree(clean) is clean


def test_a_copy_of_a_secret_elsewhere_is_masked_in_the_second_walk() -> None:
    data = {"a": {"name": "s3cr3t-value-123456"}, "b": {"client_secret": "s3cr3t-value-123456"}}
    masked = mask_tree(data)
    assert masked == {"a": {"name": MASK}, "b": {"client_secret": MASK}}
    assert data["a"]["name"] == "s3cr3t-value-123456"


def test_a_container_built_inside_the_block_is_still_masked() -> None:
    document = mask_tree({"gateway": {"name": "gw"}})
    with already_masked(document):
        fresh = mask_tree({"client_secret": "s3cr3t-value-123456"})
    assert fresh == {"client_secret": MASK}


def test_partly_masked_strings_are_known_without_another_walk() -> None:
    from gwlint.masking import holds_masked_parts

    clean = mask_tree({"targets": [{"endpoint": "https://mcp.example.com/mcp"}]})
    assert holds_masked_parts(clean) is False
    leaky = mask_tree({"targets": [{"endpoint": "https://user:pw@mcp.example.com/mcp"}]})
    assert holds_masked_parts(leaky) is True
    # a tree other than the last one masked is walked: the answer is the same
    assert holds_masked_parts(clean) is False
    whole = mask_tree({"client_secret": "s3cr3t-value-123456"})
    assert holds_masked_parts(leaky) is True and holds_masked_parts(whole) is False


def test_a_deploy_time_value_partly_masked_counts_whether_recorded_or_walked() -> None:
    from gwlint.masking import holds_masked_parts, mask_text
    from gwlint.unresolved import Unresolved

    written = Unresolved(mask_text("https://u:pw1234secret@${Host}/mcp"), "interpolation")
    tree = mask_tree({"targets": [{"endpoint": written}]})
    assert holds_masked_parts(tree) is True  # recorded by the walk that masked it
    mask_tree({"other": {"name": "gw"}})  # now another tree is the last one masked
    assert holds_masked_parts(tree) is True  # walked: the same answer
