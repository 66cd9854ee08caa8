"""``gwlint why``: from the error AWS gave you to its causes and the rules that check them.

Kept apart from ``gwlint.cli`` so the shared command module only registers it;
imports stay inside the command so ``gwlint rules`` and ``explain`` start fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

_STDIN = "-"


class WhyFormat(StrEnum):
    text = "text"
    json = "json"


def _read(message: str) -> str:
    if message != _STDIN:
        return message
    if sys.stdin.isatty():
        typer.echo("gwlint: reading the error text from stdin (end with Ctrl-D)", err=True)
    data = sys.stdin.buffer.read()
    return data.decode("utf-8", errors="replace")


def why(
    message: Annotated[
        str,
        typer.Argument(
            metavar="MESSAGE",
            help="The error text (a message, log, traceback, event list); - reads stdin.",
        ),
    ],
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help="Also check these config files for the causes."),
    ] = None,
    output_format: Annotated[
        WhyFormat, typer.Option("--format", "-f", help="Output format.")
    ] = WhyFormat.text,
    live: Annotated[
        bool,
        typer.Option("--live", help="Also run the causes' live rules against the AWS account."),
    ] = False,
    gateway: Annotated[
        list[str] | None,
        typer.Option(
            "--gateway", metavar="ID|ARN|URL", help="With --live: check this deployed gateway."
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", metavar="NAME", help="With --live: AWS profile to use."),
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", metavar="REGION", help="With --live: AWS region.")
    ] = None,
    rules_dir: Annotated[
        list[str] | None,
        typer.Option("--rules-dir", metavar="DIR", help="Extra folder of rule modules."),
    ] = None,
) -> None:
    """Explain an AgentCore error: what it means, its likely causes, their fixes.

    With PATH, run exactly the rules that check those causes on the files (and,
    with --live, on the account) and say which cause is present, and where.
    Exit 1 when a cause is present, 2 when gwlint cannot do its job.
    """
    from gwlint.catalogue import load_catalogue
    from gwlint.check_command import EXIT_FAIL, EXIT_OK, EXIT_USAGE, Usage, gather_inputs
    from gwlint.cli import _die, _load_rules, _usage
    from gwlint.engine import run
    from gwlint.registry import RuleLoadError
    from gwlint.symptoms import SymptomError
    from gwlint.whycheck import judge, rules_to_run
    from gwlint.whymatch import InputTooLarge, find_errors
    from gwlint.whyreport import render_json, render_text

    given = [
        n for n, v in (("--gateway", gateway), ("--profile", profile), ("--region", region)) if v
    ]
    if given and not live:
        raise _die(f"{', '.join(given)} read(s) the AWS account: add --live")
    if live and not (paths or gateway):
        raise _die("--live checks a deployment: name its config files or --gateway ID|ARN|URL")
    text = _read(message)
    if not text.strip():
        raise _die("the error text is empty: pass the message, or - to read it from stdin")
    rules = _load_rules(rules_dir)
    try:
        matches = find_errors(text, load_catalogue(rules))
    except InputTooLarge as exc:
        raise _die(str(exc)) from None
    except (RuleLoadError, SymptomError) as exc:  # a pack's bad declaration or pattern
        raise _die(str(exc)) from None
    checked = None
    if paths or gateway:
        chosen = [r for r in rules_to_run(matches) if (live or not r.live) and not r.probe]
        from gwlint.sources.reading import DEFAULT_MAX_BYTES

        try:
            inputs = gather_inputs(
                paths or [],
                live,
                gateway or [],
                False,
                profile,
                region,
                None,
                max_bytes=DEFAULT_MAX_BYTES,
            )
        except Usage as exc:  # --live could not start
            raise _usage(exc) from None
        report, jobs, plan = inputs.report, inputs.jobs, inputs.plan
        if report.errors:
            for error in report.errors:
                typer.echo(f"gwlint: error: {error}", err=True)
            raise typer.Exit(EXIT_USAGE)
        if not jobs:
            raise _die("no gwlint input found in " + ", ".join(paths or ["the account"]))
        checked = judge(rules_to_run(matches), run(chosen, jobs, report), live)
        if plan is not None:
            plan.finish()
    named = ", ".join(paths or []) or "the account"
    if output_format is WhyFormat.json:
        sys.stdout.write(render_json(matches, checked))
    else:
        sys.stdout.write(render_text(matches, checked, named))
    present = checked is not None and any(
        checked.of(c).verdict.value == "present" for m in matches for c in m.error.causes
    )
    raise typer.Exit(EXIT_FAIL if present else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("why")(why)
