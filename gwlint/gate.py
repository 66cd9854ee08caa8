"""The CI gate around a check: configuration, suppressions, severities, baseline.

The engine runs rules and locates findings; this module applies what a team
committed: per-file ignores (those rules never run on those files), inline
and configured suppressions, per-rule severity overrides, and the baseline.
The order matters and is fixed: suppress, then override severities, then
hide baselined failures, so a suppressed finding is never baselined and an
expired suppression brings its finding back as new unless baselined.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gwlint.config import Config, ConfigError
from gwlint.engine import Job, run
from gwlint.errors import UsageError
from gwlint.findings import Finding, Report, Severity
from gwlint.globs import matches, matches_any
from gwlint.records import record
from gwlint.registry import find, unknown_selectors
from gwlint.registry import select as select_rules
from gwlint.rule import RuleMeta

if TYPE_CHECKING:  # pragma: no cover
    from gwlint.sources import LoadResult


def check_config_rules(config: Config, rules: Sequence[RuleMeta]) -> None:
    """Every rule the configuration names exists; else a located ConfigError."""
    lists: list[tuple[tuple[str | int, ...], list[str]]] = [
        (("select",), config.select or []),
        (("ignore",), config.ignore or []),
    ]
    lists += [(("per-file-ignores", glob), ids) for glob, ids in config.per_file_ignores.items()]
    for path, selectors in lists:
        unknown = unknown_selectors(rules, selectors)
        if unknown:
            raise ConfigError(
                f"{config.where(*path)}: unknown rule selector(s) {', '.join(unknown)} "
                "(see 'gwlint rules')"
            )
    for key in config.severity:
        if find(rules, key) is None:
            raise ConfigError(
                f"{config.where('severity', key)}: no rule '{key}' (see 'gwlint rules')"
            )
    for entry in config.suppress:
        if find(rules, entry.rule) is None:
            raise ConfigError(
                f"{config.where('suppress', entry.index, 'rule')}: no rule '{entry.rule}' "
                "(see 'gwlint rules')"
            )


def severity_overrides(config: Config, rules: Sequence[RuleMeta]) -> dict[str, Severity]:
    out: dict[str, Severity] = {}
    for key, value in config.severity.items():
        meta = find(rules, key)
        if meta is not None:
            out[meta.id] = Severity(value)
    return out


def rules_for(file: str | None, rules: Sequence[RuleMeta], config: Config) -> list[RuleMeta]:
    """``rules`` less those ``per-file-ignores`` turns off for ``file``."""
    if file is None or not config.per_file_ignores:
        return list(rules)
    relative = config.relative(file)
    ignored = [
        s for glob, ids in config.per_file_ignores.items() if matches(glob, relative) for s in ids
    ]
    return select_rules(rules, (), ignored, live=True) if ignored else list(rules)


def run_jobs(
    rules: Sequence[RuleMeta],
    jobs: Iterable[Job],
    report: Report,
    config: Config,
    *,
    locate_passes: bool = True,
) -> None:
    for job in jobs:
        run(
            rules_for(job.deployment.file, rules, config),
            [job],
            report,
            locate_passes=locate_passes,
        )


def passes_shown(options: Settings) -> bool:
    """Whether an output of the run shows where passes are (every format but the text
    checklist; a baseline records locations): otherwise they need not be located."""
    return options.format != "text" or bool(options.outputs) or options.baseline is not None


def excluded(config: Config) -> Any:
    """Predicate for files the configuration's ``exclude`` leaves out."""
    if not config.exclude:
        return None

    def skip(path: Path | str) -> bool:
        return matches_any(config.exclude, config.relative(str(path)))

    return skip


def drop_excluded(result: LoadResult, config: Config) -> int:
    """Remove excluded files from a load result; return how many were left out."""
    skip = excluded(config)
    if skip is None:
        return 0
    before = len(result.loaded) + len(result.errors) + len(result.skipped)
    result.loaded = [item for item in result.loaded if not skip(item.deployment.file or "")]
    result.errors = [e for e in result.errors if not skip(e.file)]
    result.skipped = [e for e in result.skipped if not skip(e.file)]
    return before - (len(result.loaded) + len(result.errors) + len(result.skipped))


def add_stdin(loaded: LoadResult, data: bytes, name: str, *, max_bytes: int) -> None:
    """Add the input read from standard input, as the file ``name``, to ``loaded``."""
    result = read_stdin(data, name, max_bytes=max_bytes)
    loaded.loaded.extend(result.loaded)
    loaded.errors.extend(result.errors)


def read_stdin(data: bytes, name: str, *, max_bytes: int) -> LoadResult:
    """Load bytes read from standard input as the file ``name``."""
    import tempfile  # here: it imports shutil, random, bz2 and lzma, 2 ms only stdin needs

    from gwlint.sources import load_one

    handle, temp = tempfile.mkstemp(prefix="gwlint-stdin-", suffix=Path(name).suffix or ".json")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        return load_one(Path(temp), True, display=name, max_bytes=max_bytes)
    finally:
        os.unlink(temp)


@record
class GateInputs:
    """What the gate needs besides the report."""

    config: Config
    rules: Sequence[RuleMeta]  # selected
    known: Sequence[RuleMeta]  # loaded
    jobs: Sequence[Job]
    inline: bool = True
    live: bool = False


def _hasher(jobs: Sequence[Job]) -> Any:
    from gwlint.baseline import value_at, value_hash

    by_file = {job.deployment.file: job for job in jobs if job.deployment.file}

    def hasher(finding: Finding) -> str:
        job = by_file.get(finding.file) if finding.file is not None else None
        if job is None or job.document is None:
            return ""
        return value_hash(value_at(job.document.data, finding.pointer), job.deployment.secrets())

    return hasher


def _inline(findings: list[Finding], inputs: GateInputs) -> list[Finding]:
    from gwlint import inline

    unused_meta = next((m for m in inputs.rules if m.id == "GW006"), None)
    extra: list[Finding] = []
    done: set[str] = set()  # a file read for several deployments (a module) counts once
    for job in inputs.jobs:
        document, file = job.document, job.deployment.file
        if document is None or file is None or document.syntax not in inline.COMMENT_MARKERS:
            continue
        texts = document.texts or ({file: document.text} if document.text is not None else {})
        for name, text in texts.items():
            if name in done:
                continue
            done.add(name)
            found = inline.directives(text, document.syntax)
            findings, unused = inline.apply(findings, name, found, inputs.known)
            if unused_meta is not None:
                extra += [inline.unused_finding(unused_meta, name, d) for d in unused]
    return findings + extra


def apply_gate(report: Report, inputs: GateInputs) -> None:
    """Suppressions, severity overrides; in place."""
    from gwlint import suppress

    findings = report.findings
    if inputs.inline:
        findings = _inline(findings, inputs)
    findings = suppress.apply(findings, inputs.config, inputs.rules, inputs.known, report.files)
    report.findings = suppress.with_severity(
        findings, severity_overrides(inputs.config, inputs.known)
    )


def _scope(report: Report, inputs: GateInputs) -> Any:
    """What this run judged: the inputs, the configuration its suppressions are in, the rules."""
    from gwlint.baseline import Scope

    config = inputs.config
    files = [*report.files, config.file] if config.file and config.suppress else report.files
    return Scope(files, [m.id for m in inputs.rules], inputs.live)


def apply_baseline(report: Report, path: str, inputs: GateInputs) -> None:
    from gwlint import baseline

    entries = baseline.read(path)
    report.findings, report.baseline = baseline.apply(
        report.findings,
        path,
        entries,
        _hasher(inputs.jobs),
        _scope(report, inputs),
    )


def update_baseline(report: Report, path: str, inputs: GateInputs) -> int:
    """Write the baseline for this run's failures; return how many it records."""
    from gwlint import baseline

    previous = baseline.read(path) if os.path.exists(path) else []
    entries = baseline.updated(
        report.findings,
        path,
        previous,
        _hasher(inputs.jobs),
        _scope(report, inputs),
    )
    try:
        baseline.write(path, entries)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the baseline: {exc.strerror}") from None
    return len(entries)


@record
class Settings:
    """``gwlint check`` options after the configuration filled in what the command line left out."""

    format: str = "text"
    outputs: list[tuple[str, str]] = field(default_factory=list)
    quiet: bool = False
    fail_on: str = "error"
    baseline: str | None = None
    update_baseline: bool = False
    inline: bool = True


def settings(
    config: Config,
    *,
    output_format: str | None,
    output: list[str] | None,
    quiet: bool | None,
    fail_on: str | None,
    baseline: str | None,
    update_baseline: bool,
    no_inline_suppressions: bool,
) -> Settings:
    """Merge: a value given on the command line replaces the configuration's key."""
    from gwlint.report import FORMATS

    if baseline is None and config.baseline is not None:
        baseline = config.resolve(config.baseline)
    if update_baseline and baseline is None:
        raise UsageError(
            '--update-baseline needs --baseline FILE (or baseline = "FILE" in the configuration)'
        )
    try:
        outputs = [parse_output(value, FORMATS) for value in output or []]
    except ValueError as exc:
        raise UsageError(f"--output {exc}") from None
    if output is None:  # validated with the configuration
        outputs = [
            (n, config.resolve(p)) for n, p in (parse_output(v, FORMATS) for v in config.output)
        ]
    return Settings(
        format=output_format or config.format or "text",
        outputs=outputs,
        quiet=quiet if quiet is not None else bool(config.quiet),
        fail_on=fail_on or config.fail_on or "error",
        baseline=baseline,
        update_baseline=update_baseline,
        inline=config.inline_suppressions and not no_inline_suppressions,
    )


def finish(report: Report, inputs: GateInputs, options: Settings) -> str | None:
    """Apply the gate and the baseline; the note to print when a baseline was written."""
    apply_gate(report, inputs)
    note = None
    if options.baseline is not None and options.update_baseline:
        count = update_baseline(report, options.baseline, inputs)
        note = f"wrote {count} finding(s) to the baseline {options.baseline}"
    if options.baseline is not None:
        apply_baseline(report, options.baseline, inputs)
    return note


def parse_output(value: str, formats: Iterable[str]) -> tuple[str, str]:
    """``FORMAT=PATH`` -> (format, path); ValueError says what is wrong."""
    name, sep, path = value.partition("=")
    known = list(formats)
    if not sep or not path:
        raise ValueError(f"takes FORMAT=PATH (e.g. sarif=gwlint.sarif), got {value!r}")
    if name not in known:
        raise ValueError(f"unknown format {name!r}; one of {', '.join(known)}")
    return name, path


def lint_with_config(
    paths: Sequence[str],
    *,
    select: Iterable[str],
    ignore: Iterable[str],
    rules_dirs: Iterable[str],
    config: str | None,
    baseline: str | None,
) -> Report:
    """``gwlint.lint`` with a configuration and/or baseline, as ``gwlint check`` applies them."""
    from gwlint.config import Config, read_config
    from gwlint.registry import all_rules
    from gwlint.sources import load_paths

    settings = read_config(Path(config)) if config is not None else Config()
    dirs = list(rules_dirs) or [settings.resolve(d) for d in settings.rules_dirs]
    known = all_rules(dirs)
    check_config_rules(settings, known)
    chosen = select_rules(
        known, list(select) or settings.select or [], list(ignore) or settings.ignore or []
    )
    loaded = load_paths(paths)
    drop_excluded(loaded, settings)
    report = Report(errors=list(loaded.errors), skipped=list(loaded.skipped))
    jobs = [Job(item.deployment, item.document) for item in loaded.loaded]
    run_jobs(chosen, jobs, report, settings)
    inputs = GateInputs(settings, chosen, known, jobs, settings.inline_suppressions)
    apply_gate(report, inputs)
    if baseline is not None:
        apply_baseline(report, baseline, inputs)
    return report
