"""The offline ``gwlint check`` options, generated from the typer command.

Do not edit: ``python -m gwlint.check_args`` writes this file (a test fails
when it is stale). Read by :func:`gwlint.check_args.parse`.
"""

#: Flags: option name -> parameter.
FLAGS: dict[str, str] = {
    "--quiet": "quiet",
    "-q": "quiet",
    "--isolated": "isolated",
    "--update-baseline": "update_baseline",
    "--no-inline-suppressions": "no_inline_suppressions",
    "--skip-unrecognised": "skip_unrecognised",
}

#: Options taking one value: option name -> parameter.
VALUES: dict[str, str] = {
    "--format": "output_format",
    "-f": "output_format",
    "--select": "select",
    "--ignore": "ignore",
    "--fail-on": "fail_on",
    "--rules-dir": "rules_dir",
    "--max-file-size": "max_file_size",
    "--config": "config_file",
    "--output": "output",
    "-o": "output",
    "--baseline": "baseline",
    "--stdin-filename": "stdin_filename",
}

#: Parameters that collect every value given (repeatable options).
MULTIPLE: frozenset[str] = frozenset({"ignore", "output", "rules_dir", "select"})

#: Choice parameters: (the choices, case-sensitive).
CHOICES: dict[str, tuple[tuple[str, ...], bool]] = {
    "output_format": (("text", "json", "sarif", "github", "junit"), True),
    "fail_on": (("error", "warning", "info"), False),
}
