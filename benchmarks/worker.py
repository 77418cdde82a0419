"""One benchmark measurement, run by run.py in its own process so peak RSS is its own.

Prints one JSON object on stdout: {"seconds", "leads", "events", "digest"}. `digest` is a
hash of the records produced, so run.py can check that engines agree.

    worker.py memory   ENGINE RULES LEADS AS_OF   score leads already in memory (timed)
    worker.py stream   ENGINE RULES LEADS AS_OF   read JSON Lines, score, write JSON Lines
    worker.py compile  RULES REPEATS              parse + check + compile, repeated
ENGINE is `naive` (scoredsl/reference.py) or `compiled` (Ruleset.score).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime

import scoredsl
from scoredsl.io.readers import LeadReader
from scoredsl.io.writers import JsonlWriter
from scoredsl.models import Lead, ScoreResult
from scoredsl.reference import reference_score
from scoredsl.ruleset import as_instant

Scorer = Callable[[Lead], ScoreResult]


def scorer(engine: str, ruleset: scoredsl.Ruleset, as_of: datetime) -> Scorer:
    if engine == "naive":
        program = ruleset.program
        return lambda lead: reference_score(program, lead, as_of)
    if engine == "compiled":
        return lambda lead: ruleset.score(lead, as_of)
    raise SystemExit(f"unknown engine {engine!r}: expected naive or compiled")


class _Collect:
    """A text sink that keeps a running hash of what is written."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, text: str) -> int:
        self.hash.update(text.encode())
        return len(text)

    def flush(self) -> None:
        pass

    def digest(self) -> str:
        return self.hash.hexdigest()[:16]


def memory(engine: str, rules: str, leads_path: str, as_of_text: str) -> dict[str, object]:
    """Scoring alone: the leads are read and validated before the clock starts."""
    ruleset, as_of = scoredsl.load(rules), as_instant(as_of_text)
    with LeadReader(leads_path) as reader:
        leads = [record.lead for record in reader]
    score = scorer(engine, ruleset, as_of)
    start = time.perf_counter()
    results = [score(lead) for lead in leads]
    seconds = time.perf_counter() - start
    sink = _Collect()
    writer = JsonlWriter(sink, ruleset.dimensions)  # type: ignore[arg-type]
    for result in results:
        writer.write(result)
    events = sum(len(lead.events) for lead in leads)
    return {"seconds": seconds, "leads": len(leads), "events": events, "digest": sink.digest()}


def stream(engine: str, rules: str, leads_path: str, as_of_text: str) -> dict[str, object]:
    """End to end: read JSON Lines a lead at a time, score, write JSON Lines records."""
    start = time.perf_counter()
    ruleset, as_of = scoredsl.load(rules), as_instant(as_of_text)
    score = scorer(engine, ruleset, as_of)
    sink = _Collect()
    writer = JsonlWriter(sink, ruleset.dimensions)  # type: ignore[arg-type]
    leads = events = 0
    with LeadReader(leads_path) as reader:
        for record in reader:
            writer.write(score(record.lead))
            leads += 1
            events += len(record.lead.events)
    writer.close()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "leads": leads, "events": events, "digest": sink.digest()}


def compile_times(rules: str, repeats: int) -> dict[str, object]:
    """The first load (builds the Lark parser) and the median of the next ones."""
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        ruleset = scoredsl.load(rules)
        times.append(time.perf_counter() - start)
    return {
        "seconds": statistics.median(times[1:]),
        "first": times[0],
        "rules": len(ruleset.compiled.rules),
    }


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "memory":
        result = memory(*args)
    elif command == "stream":
        result = stream(*args)
    elif command == "compile":
        result = compile_times(args[0], int(args[1]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip freeing every object: exit time is not part of any measurement


if __name__ == "__main__":
    main(sys.argv[1:])
