"""Load framework library files (YAML) into the database.

Every file is checked in full before anything is written; all files in one call are
written in one transaction, so a bad file leaves the database as it was. Problems are
reported as `file:line: problem`.

File shape (see frameworks/*.yaml):

    schema: scrutiny.library/1
    code: ofsted-lscb-review          # with version, identifies the template
    version: 1
    title: ...
    kind: self_assessment             # one of TemplateKind
    publisher / source / description  # optional text
    applies_to: [police, ...]         # optional: agency types usually asked to complete it
    subjects:                         # optional: what it is used for, e.g. kinds of annual report
      - code, title, description?
    scales:                           # rating scales, best level first
      - code, title, description?, levels: [{code, label, description?}]
    sections:
      - code, title, description?, questions:
          - code, number?, text, guidance?, evidence?, answer, scale (if answer is scale),
            required? (default true)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from scrutiny.tenancy.models import AgencyType, Board

from .models import (
    AnswerType,
    FrameworkTemplate,
    IndicatorDefinition,
    IndicatorStage,
    IndicatorUnit,
    OBAQuestion,
    Polarity,
    RatingScale,
    ReportingPeriod,
    ScaleLevel,
    TemplateKind,
    TemplateQuestion,
    TemplateSection,
    TemplateSubject,
)
from .signals import template_version_loaded

SCHEMA = "scrutiny.library/1"


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class LibraryError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Level:
    code: str
    label: str
    description: str


@dataclass
class Scale:
    code: str
    title: str
    description: str
    levels: list[Level]


@dataclass
class Question:
    code: str
    number: str
    text: str
    guidance: str
    evidence: str
    answer: str
    scale: str | None
    required: bool


@dataclass
class Section:
    code: str
    title: str
    description: str
    questions: list[Question]


@dataclass
class Indicator:
    code: str
    name: str
    stage: str
    unit: str
    polarity: str
    period: str
    oba: str
    numerator: str
    denominator: str
    reported_by: list[str]
    description: str


@dataclass
class Subject:
    code: str
    title: str
    description: str


@dataclass
class TemplateFile:
    name: str
    checksum: str
    code: str
    version: int
    title: str
    kind: str
    publisher: str
    source: str
    description: str
    applies_to: list[str] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    scales: list[Scale] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class LoadResult:
    loaded: list[FrameworkTemplate]
    unchanged: list[FrameworkTemplate]


class _Reader:
    """Walks a composed YAML node tree, checking shapes and remembering every problem."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, message))

    def mapping(
        self, node: yaml.Node, where: str, required: set[str], optional: set[str]
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where} should be a mapping of keys to values")
            return None
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in result:
                self.problem(key_node, f"{where} has '{key}' twice")
            elif key not in required | optional:
                allowed = ", ".join(sorted(required | optional))
                self.problem(key_node, f"{where} has an unknown key '{key}' (allowed: {allowed})")
            result[key] = value_node
        for key in sorted(required - result.keys()):
            self.problem(node, f"{where} is missing '{key}'")
        return result

    def text(self, node: yaml.Node | None, where: str, *, required: bool = True) -> str:
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            self.problem(node, f"{where} should be text")
            return ""
        value = str(node.value).strip()
        if required and not value:
            self.problem(node, f"{where} should not be empty")
        return value

    def integer(self, node: yaml.Node, where: str) -> int:
        value = self.text(node, where)
        if not value.isdigit() or int(value) < 1:
            self.problem(node, f"{where} should be a whole number of 1 or more, not '{value}'")
            return 0
        return int(value)

    def boolean(self, node: yaml.Node | None, where: str, default: bool) -> bool:
        if node is None:
            return default
        if node.tag != "tag:yaml.org,2002:bool":
            self.problem(node, f"{where} should be true or false")
            return default
        return str(node.value).lower() in {"true", "yes", "on"}

    def sequence(self, node: yaml.Node, where: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where} should be a list")
            return []
        if not node.value:
            self.problem(node, f"{where} should not be empty")
        return list(node.value)

    def unique(self, items: Iterable[tuple[str, yaml.Node]], what: str) -> None:
        seen: set[str] = set()
        for code, node in items:
            if code in seen:
                self.problem(node, f"{what} code '{code}' is used twice")
            seen.add(code)


def _choice(reader: _Reader, node: yaml.Node, where: str, choices: type) -> str:
    value = reader.text(node, where)
    allowed = [c.value for c in choices]
    if value and value not in allowed:
        reader.problem(node, f"{where} '{value}' is not one of: {', '.join(allowed)}")
    return value


def parse_library_file(path: Path) -> TemplateFile:
    """Read and check one file; raise LibraryError naming every problem found."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LibraryError([Problem(str(path), 0, f"cannot be read: {exc}")]) from exc
    return parse_library_source(str(path), raw)


def parse_library_source(name: str, raw: bytes) -> TemplateFile:
    """Check the text of a library file called `name` (a path or an uploaded file's name)."""
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LibraryError([Problem(name, 0, "is not UTF-8 text")]) from exc
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        context = ""
        if exc.context and exc.context_mark:
            context = f" ({exc.context} started on line {exc.context_mark.line + 1})"
        message = f"is not valid YAML: {exc.problem}{context}"
        raise LibraryError([Problem(name, line, message)]) from exc
    except yaml.YAMLError as exc:
        raise LibraryError([Problem(name, 0, f"is not valid YAML: {exc}")]) from exc
    if root is None:
        raise LibraryError([Problem(name, 1, "is empty")])

    r = _Reader(name)
    top = r.mapping(
        root,
        "The file",
        required={"schema", "code", "version", "title", "kind"},
        optional={
            "publisher",
            "source",
            "description",
            "scales",
            "applies_to",
            "subjects",
            "sections",
            "indicators",
        },
    )
    if top is None:
        raise LibraryError(r.problems)
    schema = r.text(top.get("schema"), "schema")
    if "schema" in top and schema != SCHEMA:
        r.problem(top["schema"], f"schema should be '{SCHEMA}', not '{schema}'")

    template = TemplateFile(
        name=name,
        checksum=hashlib.sha256(raw).hexdigest(),
        code=r.text(top.get("code"), "code"),
        version=r.integer(top["version"], "version") if "version" in top else 0,
        title=r.text(top.get("title"), "title"),
        kind=_choice(r, top["kind"], "kind", TemplateKind) if "kind" in top else "",
        publisher=r.text(top.get("publisher"), "publisher", required=False),
        source=r.text(top.get("source"), "source", required=False),
        description=r.text(top.get("description"), "description", required=False),
    )

    for node in r.sequence(top["applies_to"], "applies_to") if "applies_to" in top else []:
        template.applies_to.append(_choice(r, node, "applies_to", AgencyType))

    subject_nodes: list[tuple[str, yaml.Node]] = []
    for i, node in enumerate(
        r.sequence(top["subjects"], "subjects") if "subjects" in top else [], 1
    ):
        sm = r.mapping(node, f"Subject {i}", required={"code", "title"}, optional={"description"})
        if sm is None:
            continue
        subject = Subject(
            code=r.text(sm.get("code"), f"Subject {i} code"),
            title=r.text(sm.get("title"), f"Subject {i} title"),
            description=r.text(sm.get("description"), f"Subject {i} description", required=False),
        )
        template.subjects.append(subject)
        subject_nodes.append((subject.code, node))
    r.unique(subject_nodes, "Subject")

    scale_nodes: list[tuple[str, yaml.Node]] = []
    for i, node in enumerate(r.sequence(top["scales"], "scales") if "scales" in top else [], 1):
        scale = _read_scale(r, node, f"Scale {i}")
        if scale:
            template.scales.append(scale)
            scale_nodes.append((scale.code, node))
    r.unique(scale_nodes, "Scale")
    scale_codes = {s.code for s in template.scales}

    section_nodes: list[tuple[str, yaml.Node]] = []
    question_nodes: list[tuple[str, yaml.Node]] = []
    for i, node in enumerate(
        r.sequence(top["sections"], "sections") if "sections" in top else [], 1
    ):
        section = _read_section(r, node, f"Section {i}", scale_codes, question_nodes)
        if section:
            template.sections.append(section)
            section_nodes.append((section.code, node))
    r.unique(section_nodes, "Section")
    r.unique(question_nodes, "Question")

    indicator_nodes: list[tuple[str, yaml.Node]] = []
    for i, node in enumerate(
        r.sequence(top["indicators"], "indicators") if "indicators" in top else [], 1
    ):
        indicator = _read_indicator(r, node, f"Indicator {i}")
        if indicator:
            template.indicators.append(indicator)
            indicator_nodes.append((indicator.code, node))
    r.unique(indicator_nodes, "Indicator")
    if template.kind == TemplateKind.INDICATORS and "indicators" not in top:
        r.problem(root, "The file is an indicator set but has no 'indicators'")
    if template.kind != TemplateKind.INDICATORS and "sections" not in top:
        r.problem(root, "The file is missing 'sections'")

    if r.problems:
        raise LibraryError(r.problems)
    return template


def _read_indicator(r: _Reader, node: yaml.Node, where: str) -> Indicator | None:
    m = r.mapping(
        node,
        where,
        required={"code", "name", "stage", "unit", "polarity", "period", "oba", "numerator"},
        optional={"denominator", "reported_by", "description"},
    )
    if m is None:
        return None
    choices = {
        "stage": IndicatorStage,
        "unit": IndicatorUnit,
        "polarity": Polarity,
        "period": ReportingPeriod,
        "oba": OBAQuestion,
    }
    values = {
        key: _choice(r, m[key], f"{where} {key}", options) if key in m else ""
        for key, options in choices.items()
    }
    denominator = r.text(m.get("denominator"), f"{where} denominator", required=False)
    if values["unit"] and values["unit"] != IndicatorUnit.COUNT and not denominator:
        r.problem(node, f"{where} is a {values['unit']} and needs a 'denominator'")
    if values["unit"] == IndicatorUnit.COUNT and denominator:
        r.problem(m["denominator"], f"{where} is a count and takes no 'denominator'")
    reported_by = [
        _choice(r, n, f"{where} reported_by", AgencyType)
        for n in (
            r.sequence(m["reported_by"], f"{where} reported_by") if "reported_by" in m else []
        )
    ]
    return Indicator(
        code=r.text(m.get("code"), f"{where} code"),
        name=r.text(m.get("name"), f"{where} name"),
        numerator=r.text(m.get("numerator"), f"{where} numerator"),
        denominator=denominator,
        reported_by=reported_by,
        description=r.text(m.get("description"), f"{where} description", required=False),
        **values,
    )


def _read_scale(r: _Reader, node: yaml.Node, where: str) -> Scale | None:
    m = r.mapping(node, where, required={"code", "title", "levels"}, optional={"description"})
    if m is None:
        return None
    levels: list[Level] = []
    level_nodes: list[tuple[str, yaml.Node]] = []
    for j, level_node in enumerate(
        r.sequence(m["levels"], f"{where} levels") if "levels" in m else [], 1
    ):
        lm = r.mapping(
            level_node, f"{where} level {j}", required={"code", "label"}, optional={"description"}
        )
        if lm is None:
            continue
        level = Level(
            code=r.text(lm.get("code"), f"{where} level {j} code"),
            label=r.text(lm.get("label"), f"{where} level {j} label"),
            description=r.text(
                lm.get("description"), f"{where} level {j} description", required=False
            ),
        )
        levels.append(level)
        level_nodes.append((level.code, level_node))
    r.unique(level_nodes, f"{where} level")
    if "levels" in m and len(levels) == 1:
        r.problem(m["levels"], f"{where} needs at least two levels")
    return Scale(
        code=r.text(m.get("code"), f"{where} code"),
        title=r.text(m.get("title"), f"{where} title"),
        description=r.text(m.get("description"), f"{where} description", required=False),
        levels=levels,
    )


def _read_section(
    r: _Reader,
    node: yaml.Node,
    where: str,
    scale_codes: set[str],
    question_nodes: list[tuple[str, yaml.Node]],
) -> Section | None:
    m = r.mapping(node, where, required={"code", "title", "questions"}, optional={"description"})
    if m is None:
        return None
    section = Section(
        code=r.text(m.get("code"), f"{where} code"),
        title=r.text(m.get("title"), f"{where} title"),
        description=r.text(m.get("description"), f"{where} description", required=False),
        questions=[],
    )
    nodes = r.sequence(m["questions"], f"{where} questions") if "questions" in m else []
    for j, q_node in enumerate(nodes, 1):
        qw = f"{where} question {j}"
        qm = r.mapping(
            q_node,
            qw,
            required={"code", "text", "answer"},
            optional={"number", "guidance", "evidence", "scale", "required"},
        )
        if qm is None:
            continue
        answer = _choice(r, qm["answer"], f"{qw} answer", AnswerType) if "answer" in qm else ""
        scale = r.text(qm.get("scale"), f"{qw} scale") if "scale" in qm else None
        if answer == AnswerType.SCALE and scale is None:
            r.problem(q_node, f"{qw} is answered on a scale but names no 'scale'")
        elif answer and answer != AnswerType.SCALE and scale is not None:
            r.problem(qm["scale"], f"{qw} names a scale but its answer is '{answer}'")
        elif scale and scale not in scale_codes:
            r.problem(qm["scale"], f"{qw} uses scale '{scale}', which this file does not define")
        question = Question(
            code=r.text(qm.get("code"), f"{qw} code"),
            number=r.text(qm.get("number"), f"{qw} number", required=False),
            text=r.text(qm.get("text"), f"{qw} text"),
            guidance=r.text(qm.get("guidance"), f"{qw} guidance", required=False),
            evidence=r.text(qm.get("evidence"), f"{qw} evidence", required=False),
            answer=answer,
            scale=scale,
            required=r.boolean(qm.get("required"), f"{qw} required", default=True),
        )
        section.questions.append(question)
        question_nodes.append((question.code, q_node))
    return section


def shipped_library_files() -> list[Path]:
    files: list[Path] = []
    for directory in settings.LIBRARY_DIRS:
        files.extend(sorted(Path(directory).glob("*.yaml")))
    return files


def _same_owner(using: str, owner_board: Board | None) -> QuerySet[FrameworkTemplate]:
    templates = FrameworkTemplate.objects.using(using)
    if owner_board is None:
        return templates.filter(owner_board__isnull=True)
    return templates.filter(owner_board=owner_board)


def _check_against_database(
    parsed: list[TemplateFile], using: str, owner_board: Board | None
) -> Iterator[Problem]:
    seen: dict[tuple[str, int], str] = {}
    for t in parsed:
        key = (t.code, t.version)
        if key in seen:
            yield Problem(t.name, 1, f"{t.code} version {t.version} is also in {seen[key]}")
        seen[key] = t.name
        existing = (
            _same_owner(using, owner_board)
            .filter(code=t.code, version=t.version)
            .values_list("checksum", flat=True)
            .first()
        )
        if existing and existing != t.checksum:
            yield Problem(
                t.name,
                1,
                f"{t.code} version {t.version} is already loaded with different content; "
                "give the changed template a new version number",
            )


def load_library_files(
    paths: Iterable[Path], using: str = "default", owner_board: Board | None = None
) -> LoadResult:
    """Check every file, then write all new templates in one transaction.

    With `owner_board`, the templates are that board's adapted versions, kept apart from
    the shared library (their codes and versions are checked against the board's own).
    """
    sources: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            sources.append((str(path), Path(path).read_bytes()))
        except OSError as exc:
            problems.append(Problem(str(path), 0, f"cannot be read: {exc}"))
    if problems:
        raise LibraryError(problems)
    return load_library_sources(sources, using=using, owner_board=owner_board)


def load_library_sources(
    sources: Iterable[tuple[str, bytes]], using: str = "default", owner_board: Board | None = None
) -> LoadResult:
    """`load_library_files` for file contents already in memory, e.g. an upload."""
    parsed: list[TemplateFile] = []
    problems: list[Problem] = []
    for name, raw in sources:
        try:
            parsed.append(parse_library_source(name, raw))
        except LibraryError as exc:
            problems.extend(exc.problems)
    problems.extend(_check_against_database(parsed, using, owner_board))
    if problems:
        raise LibraryError(problems)

    result = LoadResult(loaded=[], unchanged=[])
    with transaction.atomic(using=using):
        for t in parsed:
            existing = (
                _same_owner(using, owner_board).filter(code=t.code, version=t.version).first()
            )
            if existing:
                result.unchanged.append(existing)
            else:
                written = _write(t, using, owner_board)
                result.loaded.append(written)
                previous = list(
                    _same_owner(using, owner_board)
                    .filter(code=t.code, version__lt=t.version)
                    .order_by("-version")
                )
                if previous:
                    template_version_loaded.send(
                        sender=FrameworkTemplate, template=written, previous=previous, using=using
                    )
    return result


def _write(t: TemplateFile, using: str, owner_board: Board | None) -> FrameworkTemplate:
    template = FrameworkTemplate.objects.using(using).create(
        code=t.code,
        version=t.version,
        title=t.title,
        kind=t.kind,
        publisher=t.publisher,
        source=t.source,
        description=t.description,
        applies_to=t.applies_to,
        owner_board=owner_board,
        source_file=Path(t.name).name,
        checksum=t.checksum,
    )
    IndicatorDefinition.objects.using(using).bulk_create(
        IndicatorDefinition(template=template, order=i, **vars(ind))
        for i, ind in enumerate(t.indicators, 1)
    )
    TemplateSubject.objects.using(using).bulk_create(
        TemplateSubject(
            template=template, code=s.code, title=s.title, description=s.description, order=i
        )
        for i, s in enumerate(t.subjects, 1)
    )
    scales: dict[str, RatingScale] = {}
    for s in t.scales:
        scale = RatingScale.objects.using(using).create(
            template=template, code=s.code, title=s.title, description=s.description
        )
        ScaleLevel.objects.using(using).bulk_create(
            ScaleLevel(
                scale=scale, code=lv.code, label=lv.label, description=lv.description, rank=rank
            )
            for rank, lv in enumerate(s.levels, 1)
        )
        scales[s.code] = scale
    for order, s in enumerate(t.sections, 1):
        section = TemplateSection.objects.using(using).create(
            template=template, code=s.code, title=s.title, description=s.description, order=order
        )
        TemplateQuestion.objects.using(using).bulk_create(
            TemplateQuestion(
                section=section,
                code=q.code,
                number=q.number,
                text=q.text,
                guidance=q.guidance,
                evidence=q.evidence,
                answer_type=q.answer,
                scale=scales[q.scale] if q.scale else None,
                required=q.required,
                order=q_order,
            )
            for q_order, q in enumerate(s.questions, 1)
        )
    return template


def dump_template(template: FrameworkTemplate) -> str:
    """The template as a library file, to download, adapt and upload again."""
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "code": template.code,
        "version": template.version,
        "title": template.title,
        "kind": template.kind,
    }
    for key in ("publisher", "source", "description"):
        if getattr(template, key):
            data[key] = getattr(template, key)
    if template.applies_to:
        data["applies_to"] = list(template.applies_to)
    subjects = [
        _drop_empty({"code": s.code, "title": s.title, "description": s.description})
        for s in template.subjects.all()
    ]
    if subjects:
        data["subjects"] = subjects
    scales = []
    for scale in template.scales.prefetch_related("levels"):
        levels = [
            _drop_empty({"code": lv.code, "label": lv.label, "description": lv.description})
            for lv in scale.levels.all()
        ]
        scales.append(
            _drop_empty(
                {
                    "code": scale.code,
                    "title": scale.title,
                    "description": scale.description,
                    "levels": levels,
                }
            )
        )
    if scales:
        data["scales"] = scales
    sections = []
    for section in template.sections.prefetch_related("questions__scale"):
        questions = []
        for q in section.questions.all():
            question = _drop_empty(
                {
                    "code": q.code,
                    "number": q.number,
                    "text": q.text,
                    "guidance": q.guidance,
                    "evidence": q.evidence,
                    "answer": q.answer_type,
                    "scale": q.scale.code if q.scale else "",
                }
            )
            if not q.required:
                question["required"] = False
            questions.append(question)
        sections.append(
            _drop_empty(
                {
                    "code": section.code,
                    "title": section.title,
                    "description": section.description,
                    "questions": questions,
                }
            )
        )
    data["sections"] = sections
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None, [])}
