"""The CLI's cheap format-name list stays equal to the reporter registry."""

from gwlint.format_names import FORMAT_NAMES
from gwlint.report import FORMATS


def test_format_names_match_the_reporter_registry() -> None:
    assert tuple(FORMATS) == FORMAT_NAMES
