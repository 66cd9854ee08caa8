"""``gwlint check``: the command's work, apart from its command-line parsing.

Both ways in call :func:`run_check`: the typer command (every form of the
command line) and the fast path of :mod:`gwlint.entry` (the common offline
forms, parsed without importing typer). Usage problems are raised as
:class:`Usage` so each way prints them as ``gwlint: error: ...`` (exit 2).
"""

from __future__ import annotations

import itertools
import sys
from typing import TYPE_CHECKING, Protocol

from gwlint.records import record

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from gwlint.aws.live import LivePlan
    from gwlint.config import Config
    from gwlint.engine import Job
    from gwlint.findings import Report
    from gwlint.model import Deployment
    from gwlint.rule import RuleMeta
    from gwlint.streaming import StreamedJobs

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class Echo(Protocol):
    """Prints one line (``typer.echo`` or :func:`gwlint.entry.echo`)."""

    def __call__(self, message: str, *, err: bool = False) -> None: ...


class Usage(Exception):
    """The run cannot start; ``str()`` follows ``gwlint: error: ``, then ``fix`` if any."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.fix = fix

    def report(self, echo: Echo) -> int:
        """Print the error (and its fix) on stderr through ``echo``; the exit code, 2."""
        echo(f"gwlint: error: {self}", err=True)
        if self.fix is not None:
            echo(self.fix, err=True)
        return EXIT_USAGE


@record
class CheckParams:
    """The command's parameters, as typer passes them (choices as their names)."""

    paths: list[str] | None = None
    output_format: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: str | None = None
    rules_dir: list[str] | None = None
    quiet: bool | None = None
    max_file_size: str = "50MB"
    live: bool = False
    gateway: list[str] | None = None
    all_gateways: bool = False
    profile: str | None = None
    region: str | None = None
    proxy_lambda: str | None = None
    timeout: float | None = None
    wait: float | None = None
    probe: bool = False
    probe_timeout: float | None = None
    client_secret_env: str | None = None
    probe_env: bool = False
    probe_call: str | None = None
    probe_args: str | None = None
    probe_via: list[str] | None = None
    config_file: str | None = None
    isolated: bool = False
    output: list[str] | None = None
    baseline: str | None = None
    update_baseline: bool = False
    stdin_filename: str | None = None
    no_inline_suppressions: bool = False
    skip_unrecognised: bool = False


def split(values: list[str] | None) -> list[str]:
    """Comma-separated values of a repeatable option, flattened."""
    items: list[str] = []
    for value in values or []:
        items.extend(part.strip() for part in value.split(",") if part.strip())
    return items


def load_rules(rules_dir: list[str] | None, *, deferred: bool = False) -> list[RuleMeta]:
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
        raise Usage(str(exc)) from None


def run_check(params: CheckParams, echo: Echo) -> int:
    """Lint what ``params`` name and print the report; the exit code (raises :class:`Usage`)."""
    paths = params.paths
    output_format = params.output_format
    select = params.select
    ignore = params.ignore
    fail_on = params.fail_on
    rules_dir = params.rules_dir
    quiet = params.quiet
    max_file_size = params.max_file_size
    live = params.live
    gateway = params.gateway
    all_gateways = params.all_gateways
    profile = params.profile
    region = params.region
    proxy_lambda = params.proxy_lambda
    timeout = params.timeout
    wait = params.wait
    probe = params.probe
    probe_timeout = params.probe_timeout
    client_secret_env = params.client_secret_env
    probe_env = params.probe_env
    probe_call = params.probe_call
    probe_args = params.probe_args
    probe_via = params.probe_via
    config_file = params.config_file
    isolated = params.isolated
    output = params.output
    baseline = params.baseline
    update_baseline = params.update_baseline
    stdin_filename = params.stdin_filename
    no_inline_suppressions = params.no_inline_suppressions
    skip_unrecognised = params.skip_unrecognised
    from gwlint.config import load_config
    from gwlint.errors import UsageError
    from gwlint.findings import Severity
    from gwlint.gate import (
        GateInputs,
        check_config_rules,
        finish,
        passes_shown,
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
        raise Usage(f"{', '.join(live_only_options)} read(s) the AWS account: add --live")
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
        raise Usage(f"{', '.join(probe_only)} only apply to the probe: add --probe")
    try:
        config = load_config(config_file, isolated=isolated)
        options = settings(
            config,
            output_format=output_format,
            output=split(output) if output is not None else None,
            quiet=quiet,
            fail_on=fail_on,
            baseline=baseline,
            update_baseline=update_baseline,
            no_inline_suppressions=no_inline_suppressions,
        )
    except UsageError as exc:
        raise Usage(str(exc)) from None
    if live:
        profile = profile if profile is not None else config.live.get("profile")
        region = region if region is not None else config.live.get("region")
        proxy_lambda = proxy_lambda if proxy_lambda is not None else config.live.get("lambda")
        timeout = timeout if timeout is not None else config.live.get("timeout")
    if probe_timeout is None:
        probe_timeout = float(config.probe.get("timeout", 30.0))
    reading_stdin = "-" in (paths or [])
    if stdin_filename is not None and not reading_stdin:
        raise Usage("--stdin-filename names standard input: add the PATH '-'")
    if not paths and not (gateway or all_gateways):
        raise Usage(
            "no input: name config files or folders (e.g. gwlint check gateway-config.json), "
            "or a deployed gateway with --live --gateway ID"
        )
    rules = load_rules(rules_dir or [config.resolve(d) for d in config.rules_dirs], deferred=True)
    try:
        check_config_rules(config, rules)
    except UsageError as exc:
        raise Usage(str(exc)) from None
    selected = split(select) if select else list(config.select or [])
    ignored = split(ignore) if ignore else list(config.ignore or [])
    unknown = unknown_selectors(rules, split(select) + split(ignore))
    if unknown:
        raise Usage(f"unknown rule selector(s): {', '.join(unknown)} (see 'gwlint rules')")
    chosen = select_rules(rules, selected, ignored, live=live, probe=probe)
    if not chosen:
        needs_live = not live and select_rules(rules, selected, ignored, live=True, probe=probe)
        raise Usage(
            "no rule selected: the selected rules read the AWS account; add --live"
            if needs_live
            else "no rule selected: --select/--ignore leave nothing to check (see 'gwlint rules')"
        )
    try:
        max_bytes = parse_size(max_file_size)
    except ValueError as exc:
        raise Usage(f"--max-file-size {max_file_size!r}: {exc}") from None
    stdin = None
    if "-" in (paths or []):
        stdin = (sys.stdin.buffer.read(), stdin_filename or "-")
    inputs = gather_inputs(
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
    run_jobs(chosen, jobs, report, config, locate_passes=passes_shown(options))
    ran = len(jobs)
    if isinstance(jobs, StreamedJobs):  # files read one at a time: keep what the gate reads
        inputs.excluded, jobs = jobs.excluded, jobs.kept
    if plan is not None:
        plan.finish()
        for note in plan.notes:
            echo(f"gwlint: {note}", err=True)
    if not report.findings and not report.errors and not ran and not (live and all_gateways):
        if inputs.excluded:
            echo(
                f"gwlint: all {inputs.excluded} input file(s) are excluded by {config.file}",
                err=True,
            )
            return EXIT_OK
        if skip_unrecognised:  # a hook run on files that define no gateway: nothing to check
            if not options.quiet:
                echo(f"gwlint: none of the {len(report.skipped)} file(s) define a gateway")
            return EXIT_OK
        raise Usage("no gwlint input found in " + ", ".join(paths or ["the account"]))
    try:
        gate_note = finish(
            report, GateInputs(config, chosen, rules, jobs, options.inline, live), options
        )
        if gate_note:
            echo(f"gwlint: {gate_note}", err=True)
        emit(
            report,
            options.format,
            options.outputs,
            stdout=sys.stdout,
            warn=lambda text: echo(f"gwlint: warning: {text}", err=True),
            quiet=options.quiet,
            rules=chosen,
        )
    except UsageError as exc:
        raise Usage(str(exc)) from None
    if options.format != "text":
        for error in report.errors:
            echo(f"gwlint: error: {error}", err=True)
    code = report.exit_code(Severity(options.fail_on))
    return _live_exit(plan, code, echo) if plan is not None else code


def _live_exit(plan: LivePlan, code: int, echo: Echo) -> int:
    """At least 1 when reads the checks needed were not answered: never a clean pass."""
    unanswered = plan.unanswered
    if not unanswered:
        return code
    echo(
        f"gwlint: error: {len(unanswered)} AWS read(s) got no usable answer; "
        "the checks that needed them report error:",
        err=True,
    )
    for message in unanswered[:5]:
        echo(f"  {message}", err=True)
    return max(code, EXIT_FAIL)


@record
class Inputs:
    """What one run checks: the report so far, the jobs, and the live plan when live."""

    report: Report
    jobs: list[Job] | StreamedJobs
    plan: LivePlan | None = None
    excluded: int = 0  # files dropped by the configuration's ``exclude``


def gather_inputs(
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
) -> Inputs:
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
        return Inputs(report, StreamedJobs(parts, report, config, keep_all=keep_all))
    loaded = load_paths(
        [p for p in paths if p != "-"], max_bytes=max_bytes, skip_unrecognised=skip_unrecognised
    )
    if stdin is not None:
        add_stdin(loaded, stdin[0], stdin[1], max_bytes=max_bytes)
    excluded = drop_excluded(loaded, config) if config is not None else 0
    report = Report(errors=list(loaded.errors), skipped=list(loaded.skipped))
    jobs = [Job(item.deployment, item.document) for item in loaded.loaded]
    if not live:
        return Inputs(report, jobs, None, excluded)
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
    return Inputs(report, jobs, plan, excluded)


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
            raise Usage(
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
        raise Usage(str(exc)) from None
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
            raise Usage(
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
        raise Usage(str(exc), exc.fix) from None
