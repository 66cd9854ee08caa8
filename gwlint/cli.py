"""Command line: thin over the library; parses options, picks the exit code.

Exit codes: 0 nothing fails at or above ``--fail-on``; 1 something does; 2
gwlint could not do its job (usage, unreadable or unrecognised input).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from gwlint import __version__

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.rule import RuleMeta

app = typer.Typer(
    name="gwlint",
    help="Preflight linter for Amazon Bedrock AgentCore Gateway deployments.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def _split(values: list[str] | None) -> list[str]:
    items: list[str] = []
    for value in values or []:
        items.extend(part.strip() for part in value.split(",") if part.strip())
    return items


def _die(message: str) -> typer.Exit:
    typer.echo(f"gwlint: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gwlint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Preflight linter for Amazon Bedrock AgentCore Gateway deployments."""


def _load_rules(rules_dir: list[str] | None) -> list[RuleMeta]:
    from gwlint.registry import RuleLoadError, all_rules

    try:
        return all_rules(rules_dir or [])
    except RuleLoadError as exc:
        raise _die(str(exc)) from None


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Config files or folders (folders are searched for *.json)."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Only these rules: ids, id prefixes (GW3) or names; comma-separated."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rules (same forms as --select).")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    rules_dir: Annotated[
        list[str] | None, typer.Option("--rules-dir", help="Extra folder of rule modules.")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only failures and the summary.")
    ] = False,
) -> None:
    """Lint deployment config files and print the checklist."""
    from gwlint.engine import Job, run
    from gwlint.findings import Report, Severity
    from gwlint.registry import select as select_rules
    from gwlint.registry import unknown_selectors
    from gwlint.report import FORMATS
    from gwlint.sources import load_paths

    if not paths:
        raise _die("no input: name config files or folders (e.g. gwlint check gateway-config.json)")
    rules = _load_rules(rules_dir)
    selectors = _split(select) + _split(ignore)
    unknown = unknown_selectors(rules, selectors)
    if unknown:
        raise _die(f"unknown rule selector(s): {', '.join(unknown)} (see 'gwlint rules')")
    chosen = select_rules(rules, _split(select), _split(ignore))
    loaded = load_paths(paths)
    report = Report(errors=list(loaded.errors), skipped=list(loaded.skipped))
    run(chosen, (Job(item.deployment, item.document) for item in loaded.loaded), report)
    if not report.findings and not report.errors and not loaded.loaded:
        raise _die("no gwlint input found in " + ", ".join(paths))
    renderer = FORMATS[output_format.value]
    sys.stdout.write(renderer(report, stream=sys.stdout, quiet=quiet))
    if output_format is not OutputFormat.text:
        for error in report.errors:
            typer.echo(f"gwlint: error: {error}", err=True)
    raise typer.Exit(report.exit_code(Severity(fail_on.value)))


@app.command("rules")
def list_rules(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    rules_dir: Annotated[
        list[str] | None, typer.Option("--rules-dir", help="Extra folder of rule modules.")
    ] = None,
) -> None:
    """List every rule: id, name, severity, summary."""
    rules = _load_rules(rules_dir)
    if output_format is OutputFormat.json:
        payload = [
            {
                "id": r.id,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "fix": r.fix,
                "live": r.live,
                "requires": list(r.requires),
                "evidence": r.evidence,
                "pack": r.pack,
            }
            for r in rules
        ]
        typer.echo(json.dumps(payload, indent=2))
        return
    for r in rules:
        mode = " (live)" if r.live else ""
        typer.echo(f"{r.id}  {r.name:<40} {r.severity.value:<8} {r.summary}{mode}")


@app.command()
def explain(rule_key: Annotated[str, typer.Argument(metavar="ID-OR-NAME")]) -> None:
    """Print a rule's documentation: why, the symptom, the fix."""
    from gwlint.docs import explain_text
    from gwlint.registry import find

    rules = _load_rules(None)
    meta = find(rules, rule_key)
    if meta is None:
        raise _die(f"no rule '{rule_key}' (see 'gwlint rules')")
    typer.echo(explain_text(meta))


def main() -> None:
    """Console-script entry point."""
    app(prog_name="gwlint")


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["app", "main"]
