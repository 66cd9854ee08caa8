"""Command line: thin over the library; parses options, picks the exit code.

Exit codes: 0 nothing fails at or above ``--fail-on``; 1 something does; 2
gwlint could not do its job (usage, unreadable or unrecognised input).
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from gwlint import __version__, cli_coercion, why_command
from gwlint.format_names import FORMAT_NAMES
from gwlint.gctune import tune_for_run

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from gwlint.aws.live import LivePlan
    from gwlint.config import Config
    from gwlint.engine import Job
    from gwlint.findings import Report
    from gwlint.model import Deployment
    from gwlint.rule import RuleMeta
    from gwlint.streaming import StreamedJobs

cli_coercion.install()  # no pydantic import for plain option values

app = typer.Typer(
    name="gwlint",
    help="Preflight linter for Amazon Bedrock AgentCore Gateway deployments.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


#: The --format choices (the reporter registry's names, see gwlint.format_names).
OutputFormat = StrEnum("OutputFormat", {name: name for name in FORMAT_NAMES})  # type: ignore[misc]


class ListFormat(StrEnum):
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


def _load_rules(rules_dir: list[str] | None, *, deferred: bool = False) -> list[RuleMeta]:
    """The rules; ``deferred``: built-in rule modules imported only when their rule runs."""
    from gwlint.registry import RuleLoadError, all_rules

    if deferred and not rules_dir:
        from gwlint.lazyrules import builtin_rules

        rules = builtin_rules()
        if rules is not None:
            return rules
    try:
        return all_rules(rules_dir or [])
    except RuleLoadError as exc:
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
    from gwlint.config import load_config
    from gwlint.errors import UsageError
    from gwlint.findings import Severity
    from gwlint.gate import (
        GateInputs,
        check_config_rules,
        finish,
        run_jobs,
        settings,
    )
    from gwlint.registry import select as select_rules
    from gwlint.registry import unknown_selectors
    from gwlint.report.emit import emit
    from gwlint.sizes import parse_size
    from gwlint.streaming import StreamedJobs

    live_only_options = [
        name
        for name, given in (
            ("--gateway", bool(gateway)),
            ("--all-gateways", all_gateways),
            ("--profile", profile is not None),
            ("--region", region is not None),
            ("--lambda", proxy_lambda is not None),
            ("--timeout", timeout is not None),
            ("--wait", wait is not None),
        )
        if given
    ]
    if live_only_options and not live:
        raise _die(f"{', '.join(live_only_options)} read(s) the AWS account: add --live")
    probe_only = [
        name
        for name, given in (
            ("--client-secret-env", client_secret_env is not None),
            ("--probe-env", probe_env),
            ("--probe-call", probe_call is not None),
            ("--probe-args", probe_args is not None),
            ("--probe-via", bool(probe_via)),
        )
        if given
    ]
    if probe_only and not probe:
        raise _die(f"{', '.join(probe_only)} only apply to the probe: add --probe")
    try:
        config = load_config(config_file, isolated=isolated)
        options = settings(
            config,
            output_format=output_format.value if output_format is not None else None,
            output=_split(output) if output is not None else None,
            quiet=quiet,
            fail_on=fail_on.value if fail_on is not None else None,
            baseline=baseline,
            update_baseline=update_baseline,
            no_inline_suppressions=no_inline_suppressions,
        )
    except UsageError as exc:
        raise _die(str(exc)) from None
    if live:
        profile = profile if profile is not None else config.live.get("profile")
        region = region if region is not None else config.live.get("region")
        proxy_lambda = proxy_lambda if proxy_lambda is not None else config.live.get("lambda")
        timeout = timeout if timeout is not None else config.live.get("timeout")
    if probe_timeout is None:
        probe_timeout = float(config.probe.get("timeout", 30.0))
    reading_stdin = "-" in (paths or [])
    if stdin_filename is not None and not reading_stdin:
        raise _die("--stdin-filename names standard input: add the PATH '-'")
    if not paths and not (gateway or all_gateways):
        raise _die(
            "no input: name config files or folders (e.g. gwlint check gateway-config.json), "
            "or a deployed gateway with --live --gateway ID"
        )
    rules = _load_rules(rules_dir or [config.resolve(d) for d in config.rules_dirs], deferred=True)
    try:
        check_config_rules(config, rules)
    except UsageError as exc:
        raise _die(str(exc)) from None
    selected = _split(select) if select else list(config.select or [])
    ignored = _split(ignore) if ignore else list(config.ignore or [])
    unknown = unknown_selectors(rules, _split(select) + _split(ignore))
    if unknown:
        raise _die(f"unknown rule selector(s): {', '.join(unknown)} (see 'gwlint rules')")
    chosen = select_rules(rules, selected, ignored, live=live, probe=probe)
    if not chosen:
        needs_live = not live and select_rules(rules, selected, ignored, live=True, probe=probe)
        raise _die(
            "no rule selected: the selected rules read the AWS account; add --live"
            if needs_live
            else "no rule selected: --select/--ignore leave nothing to check (see 'gwlint rules')"
        )
    try:
        max_bytes = parse_size(max_file_size)
    except ValueError as exc:
        raise _die(f"--max-file-size {max_file_size!r}: {exc}") from None
    stdin = None
    if "-" in (paths or []):
        stdin = (sys.stdin.buffer.read(), stdin_filename or "-")
    inputs = _inputs(
        paths or [],
        live,
        gateway or [],
        all_gateways,
        profile,
        region,
        proxy_lambda,
        max_bytes=max_bytes,
        timeout=timeout,
        stdin=stdin,
        config=config,
        wait=wait,
        skip_unrecognised=skip_unrecognised,
        stream=not (live or probe),
        keep_all=options.baseline is not None,
        rules=chosen,
    )
    report, jobs, plan = inputs.report, inputs.jobs, inputs.plan
    if probe and isinstance(jobs, list):  # a probe run reads every file first
        jobs = _with_probes(
            jobs, probe_timeout, client_secret_env, probe_env, probe_call, probe_args, probe_via
        )
    run_jobs(chosen, jobs, report, config)
    ran = len(jobs)
    if isinstance(jobs, StreamedJobs):  # files read one at a time: keep what the gate reads
        inputs.excluded, jobs = jobs.excluded, jobs.kept
    if plan is not None:
        plan.finish()
        for note in plan.notes:
            typer.echo(f"gwlint: {note}", err=True)
    if not report.findings and not report.errors and not ran and not (live and all_gateways):
        if inputs.excluded:
            typer.echo(
                f"gwlint: all {inputs.excluded} input file(s) are excluded by {config.file}",
                err=True,
            )
            raise typer.Exit(EXIT_OK)
        if skip_unrecognised:  # a hook run on files that define no gateway: nothing to check
            if not options.quiet:
                typer.echo(f"gwlint: none of the {len(report.skipped)} file(s) define a gateway")
            raise typer.Exit(EXIT_OK)
        raise _die("no gwlint input found in " + ", ".join(paths or ["the account"]))
    try:
        gate_note = finish(
            report, GateInputs(config, chosen, rules, jobs, options.inline, live), options
        )
        if gate_note:
            typer.echo(f"gwlint: {gate_note}", err=True)
        emit(
            report,
            options.format,
            options.outputs,
            stdout=sys.stdout,
            warn=lambda text: typer.echo(f"gwlint: warning: {text}", err=True),
            quiet=options.quiet,
            rules=chosen,
        )
    except UsageError as exc:
        raise _die(str(exc)) from None
    if options.format != "text":
        for error in report.errors:
            typer.echo(f"gwlint: error: {error}", err=True)
    code = report.exit_code(Severity(options.fail_on))
    raise typer.Exit(_live_exit(plan, code) if plan is not None else code)


def _live_exit(plan: LivePlan, code: int) -> int:
    """At least 1 when reads the checks needed were not answered: never a clean pass."""
    unanswered = plan.unanswered
    if not unanswered:
        return code
    typer.echo(
        f"gwlint: error: {len(unanswered)} AWS read(s) got no usable answer; "
        "the checks that needed them report error:",
        err=True,
    )
    for message in unanswered[:5]:
        typer.echo(f"  {message}", err=True)
    return max(code, EXIT_FAIL)


@dataclass
class _Inputs:
    """What one run checks: the report so far, the jobs, and the live plan when live."""

    report: Report
    jobs: list[Job] | StreamedJobs
    plan: LivePlan | None = None
    excluded: int = 0  # files dropped by the configuration's ``exclude``


def _inputs(
    paths: list[str],
    live: bool,
    gateways: list[str],
    all_gateways: bool,
    profile: str | None,
    region: str | None,
    proxy_lambda: str | None,
    *,
    max_bytes: int,
    timeout: float | None = None,
    stdin: tuple[bytes, str] | None = None,
    config: Config | None = None,
    wait: float | None = None,
    skip_unrecognised: bool = False,
    stream: bool = False,
    keep_all: bool = False,
    rules: Sequence[RuleMeta] | None = None,
) -> _Inputs:
    """The jobs for the named files (``-`` is ``stdin``) and, with ``live``, the account.

    Read errors land in the report; the plan, when live, is finished by the caller.
    ``stream``: files are read as the engine runs them (``keep_all``: all kept after).
    """
    from gwlint.engine import Job
    from gwlint.findings import Report
    from gwlint.gate import add_stdin, drop_excluded, read_stdin
    from gwlint.sources import iter_loads, load_paths
    from gwlint.streaming import StreamedJobs

    if stream and not live:
        parts = iter_loads(
            [p for p in paths if p != "-"],
            max_bytes=max_bytes,
            skip_unrecognised=skip_unrecognised,
        )
        if stdin is not None:
            parts = itertools.chain(parts, [read_stdin(stdin[0], stdin[1], max_bytes=max_bytes)])
        report = Report()
        return _Inputs(report, StreamedJobs(parts, report, config, keep_all=keep_all))
    loaded = load_paths(
        [p for p in paths if p != "-"], max_bytes=max_bytes, skip_unrecognised=skip_unrecognised
    )
    if stdin is not None:
        add_stdin(loaded, stdin[0], stdin[1], max_bytes=max_bytes)
    excluded = drop_excluded(loaded, config) if config is not None else 0
    report = Report(errors=list(loaded.errors), skipped=list(loaded.skipped))
    jobs = [Job(item.deployment, item.document) for item in loaded.loaded]
    if not live:
        return _Inputs(report, jobs, None, excluded)
    plan = _live_plan(
        gateways,
        all_gateways,
        profile,
        region,
        proxy_lambda,
        [j.deployment for j in jobs],
        timeout,
        wait,
        rules,
    )
    report.errors.extend(plan.errors)
    jobs = [Job(j.deployment, j.document, facts=plan.facts) for j in jobs]
    jobs.extend(Job(deployment, None, facts=plan.facts) for deployment in plan.deployments)
    return _Inputs(report, jobs, plan, excluded)


def _with_probes(
    jobs: list[Job],
    timeout: float,
    secret_env: str | None,
    resolve_env: bool,
    call: str | None,
    call_args: str | None,
    via: list[str] | None,
) -> list[Job]:
    """Attach an endpoint probe to every job; exit 2 on unusable options or a missing extra."""
    from dataclasses import replace

    from gwlint.install import live_install_hint
    from gwlint.probe.options import ProbeUsageError, build_options

    for module in ("requests", "jwt"):
        try:
            __import__(module)
        except ModuleNotFoundError:
            raise _die(
                f"--probe needs {module}, which is not installed: {live_install_hint('probe')}"
            ) from None
    from gwlint.probe.session import Probe

    try:
        options = build_options(
            timeout=timeout,
            client_secret_env=secret_env,
            resolve_env=resolve_env,
            call=call,
            call_args=call_args,
            via=via or [],
        )
    except ProbeUsageError as exc:
        raise _die(str(exc)) from None
    return [replace(job, probe=Probe(job.deployment, options)) for job in jobs]


def _live_plan(
    gateways: list[str],
    all_gateways: bool,
    profile: str | None,
    region: str | None,
    proxy_lambda: str | None,
    file_deployments: list[Deployment],
    timeout: float | None,
    wait: float | None = None,
    rules: Sequence[RuleMeta] | None = None,
) -> LivePlan:
    """Open the AWS facade and read the named gateways; exit 2 when that is impossible.

    ``rules``: the rules that will run, so only their declared reads are prefetched.
    """
    from gwlint.install import live_install_hint

    try:
        from gwlint.aws.live import prepare
    except ModuleNotFoundError as exc:
        if exc.name in ("boto3", "botocore"):
            raise _die(
                f"--live needs boto3, which is not installed: {live_install_hint()}"
            ) from None
        raise
    from gwlint.aws.deadline import DEFAULT_TIMEOUT
    from gwlint.aws.facts import SetupError
    from gwlint.reads import declared_kinds

    try:
        return prepare(
            timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
            progress=sys.stderr,
            gateways=gateways,
            all_gateways=all_gateways,
            profile=profile,
            region=region,
            proxy_lambda=proxy_lambda,
            file_deployments=file_deployments,
            wait=wait,
            kinds=None if rules is None else declared_kinds(rules),
        )
    except SetupError as exc:
        typer.echo(f"gwlint: error: {exc}", err=True)
        typer.echo(exc.fix, err=True)
        raise typer.Exit(EXIT_USAGE) from None


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


def main() -> None:
    """Console-script entry point."""
    from gwlint.waitarg import expand_wait

    args = expand_wait(sys.argv[1:])
    tune_for_run(args)
    app(args=args, prog_name="gwlint")


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["app", "main"]
