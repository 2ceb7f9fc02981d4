"""The state of every fact, for admins: what is unverified, only secondary, disputed or stale.

`madoguchi check` prints these as warnings (`file:line: warning: …`; they never fail the check) and
`madoguchi report content` lists them grouped by what people see most: the crisis lines a handoff
lists first, then the other national lines, the deployment's own directory, and the FAQ answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.config.yamlsrc import Problem
from bot.core.knowledge import Knowledge
from bot.core.services import NATIONAL, Service
from bot.core.status import OFFICIAL, Status

GROUPS = ("crisis lines", "national lines", "local directory", "FAQ answers")


@dataclass(frozen=True)
class Ages:
    """How old a checked date may be before the fact is called stale (days)."""

    hours: int = 180
    phones: int = 180
    facts: int = 365


@dataclass(frozen=True)
class Finding:
    group: str
    item: str  # "yorisoi-hotline", "yorisoi-hotline hours", "yorisoi-hotline phone 0120-279-338"
    status: Status
    issues: tuple[str, ...]

    def warning(self) -> Problem:
        path, _, line = self.status.where.rpartition(":")
        return Problem(path, int(line or 0), f"warning: {self.item}: {'; '.join(self.issues)}")

    def as_dict(self) -> dict[str, Any]:
        checked = self.status.checked.isoformat() if self.status.checked else None
        return {
            "group": self.group,
            "item": self.item,
            "verified": self.status.verified,
            "checked": checked,
            "source": self.status.source,
            "where": self.status.where,
            "issues": list(self.issues),
        }


def _level_issues(status: Status) -> list[str]:
    issues = []
    if status.verified == "unverified":
        issues.append("unverified: no page we trust says this")
    elif status.verified != OFFICIAL:
        issues.append("secondary source: confirm on the operator's own page")
    if status.disputed:
        issues.append(f"sources disagree, treated as unknown: {status.disputed}")
    return issues


def _stale(status: Status, today: date, days: int) -> list[str]:
    if status.checked is None:
        return ["no checked date"]
    age = (today - status.checked).days
    return [f"stale: checked {status.checked.isoformat()} ({age} days ago, limit {days})"] if age > days else []


def _service_findings(service: Service, group: str, today: date, ages: Ages) -> Iterator[Finding]:
    record = service.status
    yield Finding(group, service.id, record, tuple(_level_issues(record) + _stale(record, today, ages.facts)))
    hours = service.hours_status
    if service.hours.known or service.hours_note:
        issues = _stale(hours, today, ages.hours)
        if service.hours.known and not hours.confirmed:
            issues = ["hours not confirmed: never called open, told to ask by phone", *_level_issues(hours), *issues]
        yield Finding(group, f"{service.id} hours", hours, tuple(issues))
    for phone in service.phones:
        issues = _stale(phone.status, today, ages.phones)
        if phone.status.verified != record.verified:
            issues = _level_issues(phone.status) + issues
        if phone.status.verified == "unverified":
            issues = ["not shown to people", *issues]
        yield Finding(group, f"{service.id} phone {phone.number}", phone.status, tuple(dict.fromkeys(issues)))


def audit(knowledge: Knowledge, today: date, ages: Ages = Ages()) -> list[Finding]:
    """Every fact with its issues (an empty tuple: confirmed and current), in report order."""
    crisis = {sid for rule in knowledge.rules.rules for sid in rule.numbers} | set(knowledge.rules.always_numbers)
    findings: list[Finding] = []
    for service in knowledge.services:
        group = GROUPS[0] if service.id in crisis else GROUPS[1] if NATIONAL in service.service_areas else GROUPS[2]
        findings.extend(_service_findings(service, group, today, ages))
    for entry in knowledge.entries:
        issues = _level_issues(entry.status) + _stale(entry.status, today, ages.facts)
        findings.append(Finding(GROUPS[3], f"faq {entry.id}", entry.status, tuple(issues)))
    return sorted(findings, key=lambda finding: GROUPS.index(finding.group))


def warnings(knowledge: Knowledge, today: date, ages: Ages = Ages()) -> list[Problem]:
    return [finding.warning() for finding in audit(knowledge, today, ages) if finding.issues]


def render_report(findings: list[Finding]) -> str:
    lines = []
    for group in GROUPS:
        mine = [finding for finding in findings if finding.group == group]
        open_items = [finding for finding in mine if finding.issues]
        lines.append(
            f"{group}: {len(mine)} facts, {len(mine) - len(open_items)} confirmed and current, "
            f"{len(open_items)} to look at"
        )
        for finding in open_items:
            checked = finding.status.checked.isoformat() if finding.status.checked else "never"
            lines.append(f"  {finding.item}  [{finding.status.verified}, checked {checked}]  {finding.status.where}")
            lines += [f"      - {issue}" for issue in finding.issues]
            if finding.status.source:
                lines.append(f"      source: {finding.status.source}")
            if finding.status.admin_note:
                lines.append(f"      note: {finding.status.admin_note}")
    return "\n".join(lines)
