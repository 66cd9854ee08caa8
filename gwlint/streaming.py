"""An offline check's file jobs, each file read when the engine reaches it.

Reading every file before linting kept every document and model alive until
the report: peak memory grew by about 30 KiB per file (242 MiB at 5,000
files). Here a file is loaded when the engine asks for its job and let go
once its rules have run, unless the gate reads it again: a baseline hashes
the values its findings point at, and formats with comments are scanned for
inline suppressions. Errors, skipped files and exclusions are recorded in
the same order as when everything was loaded first.

With the cyclic collector disabled for the run (:mod:`gwlint.gctune`), the
few cycles each file leaves would still pile up (about 2 KiB a file); a
young-generation collection every :data:`COLLECT_EVERY` files frees them,
and it only walks what those files allocated.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator

from gwlint.config import Config
from gwlint.engine import Job
from gwlint.findings import InputError, Report
from gwlint.gate import excluded
from gwlint.sources import LoadResult

COLLECT_EVERY = 200


class StreamedJobs:
    """Jobs loaded lazily from ``parts`` (one :class:`LoadResult` per file), once."""

    def __init__(
        self,
        parts: Iterable[LoadResult],
        report: Report,
        config: Config | None,
        *,
        keep_all: bool,
    ) -> None:
        self._parts = parts
        self._report = report
        self._skip = excluded(config) if config is not None else None
        self._keep_all = keep_all
        self.kept: list[Job] = []  # what the gate reads after the run
        self.count = 0  # jobs handed out
        self.excluded = 0  # inputs the configuration's ``exclude`` left out

    def _kept_errors(self, errors: list[InputError]) -> list[InputError]:
        if self._skip is None:
            return errors
        kept = [e for e in errors if not self._skip(e.file)]
        self.excluded += len(errors) - len(kept)
        return kept

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Job]:
        for part in self._parts:
            loaded = part.loaded
            if self._skip is not None:
                loaded = [item for item in loaded if not self._skip(item.deployment.file or "")]
                self.excluded += len(part.loaded) - len(loaded)
            self._report.errors.extend(self._kept_errors(part.errors))
            self._report.skipped.extend(self._kept_errors(part.skipped))
            for item in loaded:
                job = Job(item.deployment, item.document)
                self.count += 1
                if self.count % COLLECT_EVERY == 0 and not gc.isenabled():
                    gc.collect(0)
                document = item.document  # one with comments: the gate reads its directives
                if self._keep_all or document.text is not None or document.texts:
                    self.kept.append(job)
                yield job
