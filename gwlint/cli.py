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

from gwlint import __version__, cli_coercion, why_command
from gwlint.check_command import EXIT_USAGE, CheckParams, Usage, load_rules, run_check
from gwlint.entry import main
from gwlint.format_names import FORMAT_NAMES

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.rule import RuleMeta

cli_coercion.install()  # no pydantic import for plain option values

app = typer.Typer(
    name="gwlint",
    help="Preflight linter for Amazon Bedrock AgentCore Gateway deployments.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


#: The --format choices (the reporter registry's names, see gwlint.format_names).
OutputFormat = StrEnum("OutputFormat", {name: name for name in FORMAT_NAMES})  # type: ignore[misc]


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def _die(message: str) -> typer.Exit:
    typer.echo(f"gwlint: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _usage(exc: Usage) -> typer.Exit:
    """A usage error of ``check``, printed as :func:`gwlint.entry.run_fast` prints it."""
    return typer.Exit(exc.report(typer.echo))


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
    try:
        return load_rules(rules_dir)
    except Usage as exc:
        raise _die(str(exc)) from None


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help=(
                "Config files or folders (folders are searched for every format gwlint reads: "
                "*.json, *.yaml/*.yml/*.template, *.tf, *.py, *.ipynb)."
            ),
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="Output format (default text)."),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            metavar="RULES",
            help="Only these rules: ids, id prefixes (GW3) or names; comma-separated.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="RULES", help="Skip these rules (same forms as --select)."),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            case_sensitive=False,
            help="Lowest severity that makes the exit code 1 (default error).",
        ),
    ] = None,
    rules_dir: Annotated[
        list[str] | None,
        typer.Option("--rules-dir", metavar="DIR", help="Extra folder of rule modules."),
    ] = None,
    quiet: Annotated[
        bool | None, typer.Option("--quiet", "-q", help="Print only failures and the summary.")
    ] = None,
    max_file_size: Annotated[
        str,
        typer.Option(
            "--max-file-size",
            metavar="SIZE",
            help="Refuse input files larger than this (bytes, or with KB/MB/GB).",
        ),
    ] = "50MB",
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Also check the deployed state in the AWS account (read-only; needs boto3: "
            "pip install '.[live]' in a gwlint checkout; permissions: gwlint iam-policy).",
        ),
    ] = False,
    gateway: Annotated[
        list[str] | None,
        typer.Option(
            "--gateway",
            metavar="ID|ARN|URL",
            help="With --live: check this deployed gateway (ID, ARN or URL); repeatable.",
        ),
    ] = None,
    all_gateways: Annotated[
        bool,
        typer.Option("--all-gateways", help="With --live: check every gateway in the region."),
    ] = False,
    profile: Annotated[
        str | None,
        typer.Option("--profile", metavar="NAME", help="With --live: AWS profile to use."),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", metavar="REGION", help="With --live: AWS region (default: profile's)."
        ),
    ] = None,
    proxy_lambda: Annotated[
        str | None,
        typer.Option(
            "--lambda",
            metavar="NAME",
            help="With --live: the proxy Lambda function that calls the gateway (its "
            "environment is checked).",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=0.1,
            max=3600,
            help="With --live: time limit for the whole live run (0.1-3600); a read not "
            "answered by then is reported as error (default: 60).",
        ),
    ] = None,
    wait: Annotated[
        float | None,
        typer.Option(
            "--wait",
            metavar="[SECONDS]",
            min=1,
            max=3600,
            help="With --live: first poll the gateway, targets, runtimes and endpoints until "
            "none is CREATING/UPDATING/SYNCHRONIZING, at most SECONDS (default 300); read-only.",
        ),
    ] = None,
    probe: Annotated[
        bool,
        typer.Option(
            "--probe",
            help="Also run the end-to-end probe: discovery, token, token claims, MCP tools/list "
            "(read-only; needs pip install 'gwlint[probe]').",
        ),
    ] = False,
    probe_timeout: Annotated[
        float | None,
        typer.Option(
            "--probe-timeout", metavar="SECONDS", help="One deadline for the probe (default 30)."
        ),
    ] = None,
    client_secret_env: Annotated[
        str | None,
        typer.Option(
            "--client-secret-env",
            metavar="NAME",
            help="With --probe: read the client secret from this environment variable.",
        ),
    ] = None,
    probe_env: Annotated[
        bool,
        typer.Option(
            "--probe-env",
            help="With --probe: resolve ${NAME} secret references in the config from the "
            "environment.",
        ),
    ] = False,
    probe_call: Annotated[
        str | None,
        typer.Option(
            "--probe-call", metavar="NAME", help="With --probe: call this one tool (tools/call)."
        ),
    ] = None,
    probe_args: Annotated[
        str | None,
        typer.Option("--probe-args", metavar="JSON", help="Arguments for --probe-call."),
    ] = None,
    probe_via: Annotated[
        list[str] | None,
        typer.Option(
            "--probe-via",
            metavar="HOST=URL",
            help="With --probe: send HOST's requests to a loopback stand-in "
            "(http://127.0.0.1:PORT), e.g. a local test server; repeatable.",
        ),
    ] = None,
    config_file: Annotated[
        str | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="Configuration file (.gwlint.toml or pyproject.toml); default: the nearest "
            "one from the working directory upward.",
        ),
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Ignore every configuration file.")
    ] = False,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FORMAT=PATH",
            help="Also write the report in FORMAT to PATH (e.g. sarif=gwlint.sarif); repeatable.",
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Report only failures not recorded in this baseline; list recorded ones "
            "that are gone as fixed.",
        ),
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option("--update-baseline", help="Write this run's failures to the --baseline file."),
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="NAME",
            help="With PATH '-': the name of the file read from standard input.",
        ),
    ] = None,
    no_inline_suppressions: Annotated[
        bool,
        typer.Option(
            "--no-inline-suppressions",
            help="Ignore 'gwlint: ignore[...]' comments (formats with comments only).",
        ),
    ] = False,
    skip_unrecognised: Annotated[
        bool,
        typer.Option(
            "--skip-unrecognised",
            help=(
                "Named files that define no gateway, target or client are skipped, not input "
                "errors (for hooks that pass every changed file); broken definitions still fail."
            ),
        ),
    ] = False,
) -> None:
    """Lint deployment config files and print the checklist.

    With --live, also read the deployed gateway, targets, runtime, Cognito, IAM and
    Lambda state (read-only) and run the live rules; --gateway/--all-gateways check
    deployed gateways without any file.
    """
    params = CheckParams(
        output_format=output_format.value if output_format is not None else None,
        fail_on=fail_on.value if fail_on is not None else None,
        paths=paths,
        select=select,
        ignore=ignore,
        rules_dir=rules_dir,
        quiet=quiet,
        max_file_size=max_file_size,
        live=live,
        gateway=gateway,
        all_gateways=all_gateways,
        profile=profile,
        region=region,
        proxy_lambda=proxy_lambda,
        timeout=timeout,
        wait=wait,
        probe=probe,
        probe_timeout=probe_timeout,
        client_secret_env=client_secret_env,
        probe_env=probe_env,
        probe_call=probe_call,
        probe_args=probe_args,
        probe_via=probe_via,
        config_file=config_file,
        isolated=isolated,
        output=output,
        baseline=baseline,
        update_baseline=update_baseline,
        stdin_filename=stdin_filename,
        no_inline_suppressions=no_inline_suppressions,
        skip_unrecognised=skip_unrecognised,
    )
    try:
        code = run_check(params, typer.echo)
    except Usage as exc:
        raise _usage(exc) from None
    raise typer.Exit(code)


@app.command("iam-policy")
def iam_policy(
    rules_dir: Annotated[
        list[str] | None,
        typer.Option("--rules-dir", metavar="DIR", help="Extra folder of rule modules."),
    ] = None,
) -> None:
    """Print the least-privilege, read-only IAM policy that --live needs.

    Generated from the actions every live rule declares plus those the live source
    calls (GetGateway, ListGateways, ListGatewayTargets, GetGatewayTarget,
    sts:GetCallerIdentity).
    """
    from gwlint.aws.policy import (
        invalid_actions,
        is_read_only_action,
        policy_json,
        required_actions,
    )

    rules = _load_rules(rules_dir)
    actions = required_actions(rules)
    bad = invalid_actions(actions)
    writes = [a for a in actions if a not in bad and not is_read_only_action(a)]
    for action in [*bad, *writes]:
        owners = ", ".join(r.id for r in rules if action in r.actions) or "gwlint"
        typer.echo(
            f"gwlint: warning: {owners} declares {action!r}, which is not a read-only "
            "prefix:Action; left out of the policy",
            err=True,
        )
    sys.stdout.write(policy_json([a for a in actions if a not in bad and a not in writes]))


@app.command("rules")
def list_rules(
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.text,
    rules_dir: Annotated[
        list[str] | None,
        typer.Option("--rules-dir", metavar="DIR", help="Extra folder of rule modules."),
    ] = None,
) -> None:
    """List every rule: id, name, severity, summary."""
    from gwlint import rule_index

    index = rule_index.load(rules_dir)
    if index is not None:
        payload, lines = index["rules_json"], index["rules_text"]
    else:
        rules = _load_rules(rules_dir)
        payload, lines = rule_index.listing(rules), rule_index.text_lines(rules)
    if output_format is ListFormat.json:
        typer.echo(json.dumps(payload, indent=2))
        return
    for line in lines:
        typer.echo(line)


@app.command()
def explain(
    rule_key: Annotated[str, typer.Argument(metavar="ID-OR-NAME")],
    rules_dir: Annotated[
        list[str] | None,
        typer.Option("--rules-dir", metavar="DIR", help="Extra folder of rule modules."),
    ] = None,
) -> None:
    """Print a rule's documentation: why, the symptom, the fix."""
    from gwlint import rule_index

    index = rule_index.load(rules_dir)
    stored = rule_index.explain_from(index, rule_key) if index is not None else None
    if stored is not None:
        typer.echo(stored)
        return
    from gwlint.catalogue import load_catalogue
    from gwlint.docs import explain_text
    from gwlint.registry import RuleLoadError, find

    rules = _load_rules(rules_dir)
    meta = find(rules, rule_key)
    if meta is None:
        raise _die(f"no rule '{rule_key}' (see 'gwlint rules')")
    try:
        catalogue = load_catalogue(rules)
    except RuleLoadError as exc:
        raise _die(str(exc)) from None
    typer.echo(explain_text(meta, catalogue))


why_command.register(app)


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["app", "main"]
