"""The library loader: the shipped Ofsted criteria load; malformed files are refused whole."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from scrutiny.library.loader import LibraryError, load_library_files, shipped_library_files
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.tenancy.models import AgencyType

GOOD = """\
schema: scrutiny.library/1
code: tiny-audit
version: 1
title: A tiny audit tool
kind: audit_tool
scales:
  - code: grade
    title: Grade
    levels:
      - code: good
        label: Good
      - code: poor
        label: Poor
sections:
  - code: one
    title: Section one
    questions:
      - code: voice
        text: Is the child's voice recorded?
        answer: scale
        scale: grade
      - code: notes
        text: Notes
        answer: text
        required: false
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def table_counts() -> tuple[int, int, int]:
    return (
        FrameworkTemplate.objects.count(),
        TemplateQuestion.objects.count(),
        ScaleLevel.objects.count(),
    )


def test_shipped_ofsted_criteria_are_loaded_on_first_run(db):
    template = FrameworkTemplate.objects.get(code="ofsted-lscb-review-good")
    questions = TemplateQuestion.objects.filter(section__template=template).order_by("order")
    assert [q.number for q in questions] == [str(n) for n in range(77, 88)]
    scale = template.scales.get()
    assert [lv.label for lv in scale.levels.order_by("rank")] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    assert all(q.scale_id == scale.pk and q.answer_type == "scale" for q in questions)


def test_loading_again_changes_nothing(db):
    before = table_counts()
    result = load_library_files(shipped_library_files())
    assert result.loaded == []
    assert sorted(t.code for t in result.unchanged) == [
        "agency-annual-report",
        "common-data-set",
        "five-domain-self-assessment",
        "have-your-say",
        "multi-agency-case-file-audit",
        "multi-agency-child-protection-standards",
        "ofsted-lscb-review-good",
        "quarterly-agency-report",
        "rapid-review",
        "school-safeguarding-audit",
        "section-11-audit",
        "thresholds-referral-quality-audit",
        "training-follow-up-evaluation",
        "training-session-evaluation",
    ]
    assert table_counts() == before


def test_a_good_file_loads_with_ranks_from_best_to_worst(db, tmp_path):
    result = load_library_files([write(tmp_path, "tiny.yaml", GOOD)])
    (template,) = result.loaded
    assert template.source_file == "tiny.yaml"
    levels = ScaleLevel.objects.filter(scale__template=template)
    assert {(lv.code, lv.rank, lv.is_top) for lv in levels} == {
        ("good", 1, True),
        ("poor", 2, False),
    }
    notes = TemplateQuestion.objects.get(section__template=template, code="notes")
    assert notes.required is False and notes.scale is None


BAD_FILES = [
    (
        "not yaml",
        GOOD.replace("title: Section one", "title: [unclosed"),
        17,
        "is not valid YAML: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence started on line 16)",
    ),
    (
        "missing key",
        GOOD.replace("title: A tiny audit tool\n", ""),
        1,
        "The file is missing 'title'",
    ),
    (
        "unknown key",
        GOOD.replace("kind: audit_tool", "kind: audit_tool\ncolour: blue"),
        6,
        "unknown key 'colour'",
    ),
    ("bad kind", GOOD.replace("kind: audit_tool", "kind: poem"), 5, "kind 'poem' is not one of"),
    (
        "bad version",
        GOOD.replace("version: 1", "version: one"),
        3,
        "version should be a whole number",
    ),
    (
        "undefined scale",
        GOOD.replace("scale: grade", "scale: stars"),
        21,
        "uses scale 'stars', which this file does not define",
    ),
    (
        "scale missing",
        GOOD.replace("        scale: grade\n", ""),
        18,
        "is answered on a scale but names no 'scale'",
    ),
    (
        "duplicate question",
        GOOD.replace("code: notes", "code: voice"),
        22,
        "Question code 'voice' is used twice",
    ),
    (
        "bad answer type",
        GOOD.replace("answer: text", "answer: essay"),
        24,
        "answer 'essay' is not one of",
    ),
    (
        "wrong schema",
        GOOD.replace("scrutiny.library/1", "other/2"),
        1,
        "schema should be 'scrutiny.library/1'",
    ),
    (
        "one-level scale",
        GOOD.replace("      - code: poor\n        label: Poor\n", ""),
        10,
        "needs at least two levels",
    ),
    (
        "required not boolean",
        GOOD.replace("required: false", "required: maybe"),
        25,
        "required should be true or false",
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "line", "message"), BAD_FILES, ids=[c[0] for c in BAD_FILES]
)
def test_malformed_file_is_refused_naming_file_line_and_problem(
    db, tmp_path, case, text, line, message
):
    good = write(tmp_path, "a-good.yaml", GOOD.replace("tiny-audit", "other-audit"))
    bad = write(tmp_path, "broken.yaml", text)
    before = table_counts()
    with pytest.raises(LibraryError) as caught:
        load_library_files([good, bad])
    rendered = [str(p) for p in caught.value.problems]
    assert any(r.startswith(f"{bad}:{line}: ") and message in r for r in rendered), rendered
    # nothing is written, not even the good file loaded alongside it
    assert table_counts() == before


def test_every_problem_in_a_file_is_reported_at_once(db, tmp_path):
    text = GOOD.replace("kind: audit_tool", "kind: poem").replace("answer: text", "answer: essay")
    with pytest.raises(LibraryError) as caught:
        load_library_files([write(tmp_path, "two.yaml", text)])
    assert len(caught.value.problems) == 2


def test_changed_content_under_the_same_version_is_refused(db, tmp_path):
    load_library_files([write(tmp_path, "tiny.yaml", GOOD)])
    changed = write(tmp_path, "tiny.yaml", GOOD.replace("A tiny audit tool", "A renamed tool"))
    with pytest.raises(LibraryError, match="already loaded with different content"):
        load_library_files([changed])
    bumped = write(
        tmp_path,
        "tiny.yaml",
        GOOD.replace("A tiny audit tool", "A renamed tool").replace("version: 1", "version: 2"),
    )
    (v2,) = load_library_files([bumped]).loaded
    assert v2.version == 2
    assert sorted(
        FrameworkTemplate.objects.filter(code="tiny-audit").values_list("version", "title")
    ) == [(1, "A tiny audit tool"), (2, "A renamed tool")]


def test_command_reports_problems_and_loads_nothing(db, tmp_path):
    bad = write(tmp_path, "broken.yaml", GOOD.replace("kind: audit_tool", "kind: poem"))
    before = table_counts()
    with pytest.raises(CommandError) as caught:
        call_command("load_library", str(bad))
    assert f"{bad}:5: kind 'poem' is not one of" in str(caught.value)
    assert table_counts() == before


def test_command_loads_a_good_file(db, tmp_path, capsys):
    call_command("load_library", str(write(tmp_path, "tiny.yaml", GOOD)))
    assert "loaded tiny-audit v1: A tiny audit tool" in capsys.readouterr().out
    assert FrameworkTemplate.objects.filter(code="tiny-audit").exists()


def test_shipped_section_11_template_rates_eight_standards_with_evidence(db):
    template = FrameworkTemplate.objects.get(code="section-11-audit", owner_board=None)
    sections = list(template.sections.all())
    assert len(sections) == 8
    assert sections[0].title == "Senior management commitment and accountability"
    questions = TemplateQuestion.objects.filter(section__template=template)
    assert all(q.answer_type == "scale" and q.evidence for q in questions)
    assert [lv.label for lv in template.scales.get().levels.all()] == [
        "Fully met",
        "Partially met",
        "Not met",
    ]
    assert "police" in template.applies_to and "schools" not in template.applies_to


def test_shipped_annual_report_lists_the_expected_reports(db):
    template = FrameworkTemplate.objects.get(code="agency-annual-report", owner_board=None)
    titles = list(template.subjects.values_list("title", flat=True))
    assert len(titles) == 15
    assert "Private fostering annual report" in titles
    assert "Adult safeguarding board annual report" in titles


def test_applies_to_must_name_agency_types(db, tmp_path):
    text = GOOD.replace(
        "kind: audit_tool", "kind: audit_tool\napplies_to:\n  - police\n  - wizards"
    )
    with pytest.raises(LibraryError) as caught:
        load_library_files([write(tmp_path, "t.yaml", text)])
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "applies_to 'wizards' is not one of: " + ", ".join(AgencyType.values)
    ]


def test_shipped_data_set_has_the_named_indicators(db):
    from scrutiny.library.models import IndicatorDefinition

    indicators = {
        i.code: i for i in IndicatorDefinition.objects.filter(template__code="common-data-set")
    }
    assert 24 <= len(indicators) <= 30
    for code in [
        "re-referrals-12m",
        "assessments-45-days",
        "section-47-rate",
        "icpc-15-days",
        "cp-plans-rate",
        "cp-second-plans",
        "cp-plans-2-years",
        "lac-rate",
        "missing-episodes",
    ]:
        assert code in indicators, code
    assert indicators["section-47-rate"].factor == 10_000
    assert (
        indicators["assessments-45-days"].factor == 100
        and indicators["assessments-45-days"].higher_is_better
    )
    assert (
        indicators["missing-episodes"].factor == 1
        and not indicators["missing-episodes"].denominator
    )


INDICATORS = """\
schema: scrutiny.library/1
code: tiny-set
version: 1
title: Tiny set
kind: indicators
indicators:
  - code: a
    name: A count
    stage: missing
    unit: count
    polarity: lower_is_better
    period: quarter
    oba: how_much
    numerator: Episodes
    denominator: Children
  - code: b
    name: A percentage
    stage: assessment
    unit: percent
    polarity: sideways
    period: quarter
    oba: how_well
    numerator: In time
"""


def test_indicator_definitions_are_checked(db, tmp_path):
    with pytest.raises(LibraryError) as caught:
        load_library_files([write(tmp_path, "set.yaml", INDICATORS)])
    messages = [str(p).split(": ", 1)[1] for p in caught.value.problems]
    assert "Indicator 1 is a count and takes no 'denominator'" in messages
    assert "Indicator 2 is a percent and needs a 'denominator'" in messages
    assert any(m.startswith("Indicator 2 polarity 'sideways' is not one of") for m in messages)


def test_an_indicator_set_needs_indicators_and_other_templates_need_sections(db, tmp_path):
    no_indicators = "schema: scrutiny.library/1\ncode: x\nversion: 1\ntitle: X\nkind: indicators\n"
    with pytest.raises(LibraryError, match="is an indicator set but has no 'indicators'"):
        load_library_files([write(tmp_path, "x.yaml", no_indicators)])
    with pytest.raises(LibraryError, match="The file is missing 'sections'"):
        load_library_files(
            [write(tmp_path, "y.yaml", no_indicators.replace("indicators", "audit_tool"))]
        )
