"""Machine formats for CI, shared by every command that reports to CI systems:
SARIF 2.1.0 (GitHub code scanning), GitHub workflow annotations, and JUnit XML.

The text and JSON forms of diagnostics live in `diagnostics`; this module adds the
formats whose consumers are other tools, and knows nothing about any one command.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .codes import sd_code
from .diagnostics import Diagnostic, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


@dataclass(frozen=True)
class RuleInfo:
    """What SARIF says about one rule: id, name, descriptions and help."""

    id: str
    name: str
    short: str
    full: str = ""
    help_markdown: str = ""
    level: str = "warning"
    tags: tuple[str, ...] = ()
    help_uri: str | None = None


# ---------------------------------------------------------------- SARIF 2.1.0


def render_sarif(
    diagnostics: Sequence[Diagnostic],
    rules: Sequence[RuleInfo],
    tool: str,
    version: str,
    base: Path,
    information_uri: str | None = None,
) -> str:
    """One SARIF log with one run; URIs relative to `base` under `%SRCROOT%`."""
    known = {r.id: r for r in rules}
    extra = [_bare_rule(d.code) for d in diagnostics if d.code not in known]
    all_rules = [*rules, *{r.id: r for r in extra}.values()]
    index = {r.id: i for i, r in enumerate(all_rules)}
    driver: dict[str, Any] = {
        "name": tool,
        "version": version,
        "rules": [_sarif_rule(r) for r in all_rules],
    }
    if information_uri:
        driver["informationUri"] = information_uri
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": base.resolve().as_uri() + "/"}},
        "results": [_sarif_result(d, index[d.code], base) for d in diagnostics],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False)


def _bare_rule(code: str) -> RuleInfo:
    """A code the caller did not describe (an SD error among lint findings): the registry's."""
    known = sd_code(code)
    if known is None:
        return RuleInfo(code, code, f"ScoreDSL diagnostic {code}", level="error")
    family = f"{known.family.name} ({known.family.first}-{known.family.last})"
    return RuleInfo(code, code, known.title, known.help, level="error", tags=(family,))


def _sarif_rule(rule: RuleInfo) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "defaultConfiguration": {"level": rule.level},
        "properties": {"tags": list(rule.tags)},
    }
    if rule.full:
        out["fullDescription"] = {"text": rule.full}
    if rule.help_markdown:
        out["help"] = {"text": rule.help_markdown, "markdown": rule.help_markdown}
    if rule.help_uri:
        out["helpUri"] = rule.help_uri
    return out


def sarif_level(severity: Severity) -> str:
    return {"error": "error", "warning": "warning", "note": "note"}[severity.value]


def _sarif_result(d: Diagnostic, rule_index: int, base: Path) -> dict[str, Any]:
    text = d.message + (f"\nhelp: {d.help}" if d.help else "")
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": sarif_level(d.severity),
        "message": {"text": text},
    }
    if d.span is not None:
        s = d.span
        region = {
            "startLine": s.line,
            "startColumn": s.column,
            "endLine": s.end_line,
            # an empty span still marks one character, so viewers have something to show
            "endColumn": max(s.end_column, s.column + 1) if s.end_line == s.line else s.end_column,
        }
        location = {"uri": relative_uri(s.path, base), "uriBaseId": SRCROOT}
        result["locations"] = [
            {"physicalLocation": {"artifactLocation": location, "region": region}}
        ]
    return result


def relative_uri(path: str, base: Path) -> str:
    """A path as a relative URI reference (forward slashes, percent-encoded)."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(base.resolve())
        except ValueError:
            return candidate.as_uri()
    return quote(candidate.as_posix())


# ---------------------------------------------------------------- GitHub annotations


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    """`::warning file=F,line=L,col=C,endLine=..,endColumn=..,title=CODE::message` lines."""
    return "".join(_annotation(d) + "\n" for d in diagnostics)


def _annotation(d: Diagnostic) -> str:
    command = {"error": "error", "warning": "warning", "note": "notice"}[d.severity.value]
    props: list[tuple[str, object]] = []
    if d.span is not None:
        s = d.span
        props += [("file", s.path), ("line", s.line), ("col", s.column)]
        props += [("endLine", s.end_line), ("endColumn", s.end_column)]
    props.append(("title", d.code))
    rendered = ",".join(f"{k}={_escape_property(str(v))}" for k, v in props)
    text = d.message + (f"\nhelp: {d.help}" if d.help else "")
    return f"::{command} {rendered}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# ---------------------------------------------------------------- JUnit XML


@dataclass(frozen=True)
class JUnitFailure:
    """A `<failure>` (or, in `JUnitCase.errors`, an `<error>`): message, type, details."""

    message: str
    type: str
    text: str = ""


@dataclass(frozen=True)
class JUnitCase:
    name: str
    classname: str
    failures: tuple[JUnitFailure, ...] = ()
    time: float = 0.0
    system_out: str | None = None
    errors: tuple[JUnitFailure, ...] = ()  # the case could not run (a broken test file)
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class JUnitSuite:
    name: str
    cases: tuple[JUnitCase, ...] = field(default_factory=tuple)
    file: str | None = None
    properties: tuple[tuple[str, str], ...] = ()


def render_junit(suites: Sequence[JUnitSuite], name: str) -> str:
    """A `<testsuites>` document, as Jenkins, GitLab and the GitHub test reporters read it."""
    root = ET.Element("testsuites", {"name": name, **_counts(c for s in suites for c in s.cases)})
    for suite in suites:
        element = ET.SubElement(root, "testsuite", {"name": suite.name, **_counts(suite.cases)})
        if suite.file is not None:
            element.set("file", suite.file)
        if suite.properties:
            listed = ET.SubElement(element, "properties")
            for key, value in suite.properties:
                ET.SubElement(listed, "property", name=key, value=value)
        for case in suite.cases:
            _add_case(element, case)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _counts(cases: Any) -> dict[str, str]:
    listed = list(cases)
    failed = sum(1 for c in listed if c.failures)
    broken = sum(1 for c in listed if c.errors)
    time = sum(c.time for c in listed)
    return {
        "tests": str(len(listed)),
        "failures": str(failed),
        "errors": str(broken),
        "time": f"{time:.3f}",
    }


def _add_case(parent: ET.Element, case: JUnitCase) -> None:
    element = ET.SubElement(
        parent, "testcase", name=case.name, classname=case.classname, time=f"{case.time:.3f}"
    )
    if case.file is not None:
        element.set("file", case.file)
    if case.line is not None:
        element.set("line", str(case.line))
    for tag, problems in (("failure", case.failures), ("error", case.errors)):
        for problem in problems:
            node = ET.SubElement(element, tag, message=problem.message, type=problem.type)
            node.text = problem.text
    if case.system_out:
        ET.SubElement(element, "system-out").text = case.system_out
