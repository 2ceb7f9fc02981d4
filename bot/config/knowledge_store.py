"""Everything admins edit, loaded and cross-checked as one unit; a bad edit never replaces a good one."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from bot.config.catalog import (
    answers,
    aspects,
    categories,
    categories_en,
    feelings,
    gazetteer,
    intents,
    languages,
    need_offices,
    office_kinds,
    office_kinds_easy,
    office_kinds_en,
    people,
    smalltalk,
    texts,
    texts_easy,
    texts_en,
    vague_words,
)
from bot.config.compose import check_offices, compose_answers, with_need_offices
from bot.config.faq_files import load_faq_dir
from bot.config.rules_file import load_rules
from bot.config.services_files import load_services_dir
from bot.config.yamlsrc import Problem
from bot.core.english import english_matcher
from bot.core.hours import TOKYO
from bot.core.knowledge import Knowledge
from bot.core.matcher import Matcher
from bot.core.rules import RuleSet
from bot.core.services import Area, Service

RULES_FILE = "handoff_rules.yaml"


def deployment_area(areas: tuple[Area, ...] | list[Area]) -> str | None:
    return os.environ.get("MADOGUCHI_AREA") or (areas[0].id if areas else None)


def find_base_dir() -> Path:
    """MADOGUCHI_HOME, else the current folder if it holds the data, else the source checkout."""
    if os.environ.get("MADOGUCHI_HOME"):
        return Path(os.environ["MADOGUCHI_HOME"])
    if (Path.cwd() / RULES_FILE).exists():
        return Path.cwd()
    return Path(__file__).resolve().parents[2]  # bot/config/ -> the checkout


def load_knowledge(base: Path) -> tuple[Knowledge | None, list[Problem]]:
    entries, synonyms, synonyms_en, problems = load_faq_dir(base / "faq")
    services, areas, service_problems = load_services_dir(base / "services")
    rules, rule_problems = load_rules(base / RULES_FILE)
    problems += service_problems + rule_problems + check_offices(entries, services, office_kinds())
    if rules is not None:
        problems += _check_numbers(base / RULES_FILE, rules, services)
    if problems or rules is None:
        return None, problems
    # The national answer and the deployment's own offices, composed once here (the core stays pure).
    area = deployment_area(areas)
    entries = compose_answers(
        entries,
        services,
        area,
        office_kinds(),
        texts(),
        english=(office_kinds_en(), texts_en()),
        easy=(office_kinds_easy(), texts_easy()),
    )
    offices = need_offices()
    knowledge = Knowledge(
        tuple(entries),
        Matcher(entries, synonyms, names_nothing=vague_words()),
        rules,
        tuple(services),
        tuple(areas),
        texts=with_need_offices(texts(), categories(), offices, office_kinds()),
        texts_en=with_need_offices(texts_en(), categories_en(), offices, office_kinds_en()),
        texts_easy=with_need_offices(texts_easy(), categories(), offices, office_kinds_easy()),
        categories=categories(),
        people=people(),
        languages=languages(),
        smalltalk=smalltalk(),
        answers=answers(),
        intents=intents(),
        feelings=feelings(),
        aspects=aspects(),
        gazetteer=gazetteer(),
        default_area=area,
        matcher_en=english_matcher(entries, synonyms_en, vague_words()),
        categories_en=categories_en(),
    )
    return knowledge, []


def _check_numbers(path: Path, rules: RuleSet, services: list[Service]) -> list[Problem]:
    """Every number a rule lists must exist, have a phone, and, for each rule, one of its numbers
    (or the always-listed ones) must answer at every hour of the week by a schedule an official page
    confirms: a person at risk at 3 a.m. always gets a number that really answers."""
    by_id = {service.id: service for service in services}
    problems = []
    for rule in rules.rules:
        line = int(rule.where.rpartition(":")[2] or 0)
        listed = rule.numbers + rules.always_numbers
        for service_id in listed:
            if service_id not in by_id:
                problems.append(Problem(str(path), line, f"rule '{rule.id}': unknown service '{service_id}'"))
            elif not by_id[service_id].shown_phones:
                problems.append(Problem(str(path), line, f"rule '{rule.id}': service '{service_id}' has no phone"))
        known = [by_id[sid] for sid in listed if sid in by_id and by_id[sid].shown_phones]
        gap = _first_uncovered_hour(known)
        if gap is not None:
            problems.append(Problem(str(path), line, f"rule '{rule.id}': no listed number answers at {gap:%a %H:%M}"))
    for service_id in rules.police_numbers:
        if service_id not in by_id:  # the file is read again only to name the line of a mistake
            line = _line_of_key(path, "police_numbers")
            problems.append(Problem(str(path), line, f"police_numbers: unknown service '{service_id}'"))
    return problems


def _line_of_key(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return next((number for number, text in enumerate(lines, 1) if text.startswith(f"{key}:")), 0)


def _first_uncovered_hour(services: list[Service]) -> datetime | None:
    start = datetime(2026, 12, 28, 0, 30, tzinfo=TOKYO)  # a week that includes 年末年始 closures
    for step in range(7 * 24 * 2):
        moment = start + timedelta(minutes=30 * step)
        if not any(service.open_at(moment) for service in services):
            return moment
    return None
