"""Audits: grading summaries and re-audit comparison on known data, the team's rights,
pseudonymous references and personal-data warnings, moderation, findings and the report."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.actions.models import Action, ActionSource
from scrutiny.audits.models import Audit, AuditCase, AuditTeamMember, CaseStatus, Moderation
from scrutiny.audits.personal_data import personal_data_warnings, reference_problem
from scrutiny.audits.summary import compare, summarise
from scrutiny.findings.models import Finding
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.people.models import Role
from scrutiny.plan.golden_thread import thread_for
from scrutiny.plan.models import Objective, Priority
from scrutiny.questionnaires.models import Answer, Response


@pytest.fixture
def tool(db):
    return FrameworkTemplate.objects.get(code="multi-agency-case-file-audit", owner_board=None)


@pytest.fixture
def lead(make_user, board):
    return make_user(Role.QA_MEMBER, board=board)


def make_audit(board, tool, lead, title="Neglect audit", quarter="2026 Q1", earlier=None):
    return Audit.objects.create(
        board=board,
        title=title,
        theme=board.themes.get(code="neglect"),
        tool=tool,
        planned_quarter=quarter,
        lead=lead,
        re_audit_of=earlier,
    )


def question(tool, code):
    return TemplateQuestion.objects.get(section__template=tool, code=code)


def grade(tool, label):
    return ScaleLevel.objects.get(scale__template=tool, label=label)


def add_case(audit, ref, auditor, status=CaseStatus.COMPLETED, voice=None, overall=None):
    case = AuditCase.objects.create(
        audit=audit,
        reference=ref,
        auditor=auditor,
        response=Response.objects.create(template=audit.tool),
        status=status,
    )
    if voice is not None:
        Answer.objects.create(
            response=case.response,
            question=question(audit.tool, "cfa-child-voice-recorded"),
            yes_no=voice,
        )
    if overall is not None:
        Answer.objects.create(
            response=case.response,
            question=question(audit.tool, "cfa-overall"),
            level=grade(audit.tool, overall),
        )
    return case


def test_grading_summary_on_known_data(board, tool, lead):
    audit = make_audit(board, tool, lead)
    grades = ["Outstanding", "Good", "Requires improvement", "Requires improvement", "Inadequate"]
    for n, (voice, overall) in enumerate(
        zip([True, True, False, False, False], grades, strict=True)
    ):
        add_case(audit, f"A-{n}", lead, voice=voice, overall=overall)
    add_case(
        audit,
        "A-IN-PROGRESS",
        lead,
        status=CaseStatus.IN_PROGRESS,
        voice=True,
        overall="Outstanding",
    )  # not counted
    summaries, distribution = summarise(audit)
    by_code = {s.question.code: s for s in summaries}
    voice = by_code["cfa-child-voice-recorded"]
    assert (voice.cases, voice.positive, voice.positive_share, voice.positive_label) == (
        5,
        2,
        40.0,
        "yes",
    )
    overall = by_code["cfa-overall"]
    assert overall.by_level == [
        ("Outstanding", 1),
        ("Good", 1),
        ("Requires improvement", 2),
        ("Inadequate", 1),
    ]
    assert overall.positive_share == 40.0 and overall.positive_label == "good or better"
    assert distribution == [
        ("Outstanding", 1),
        ("Good", 1),
        ("Requires improvement", 2),
        ("Inadequate", 1),
    ]
    assert by_code["cfa-plan-smart"].cases == 0


def test_re_audit_shows_the_change_question_by_question(board, tool, lead):
    earlier = make_audit(board, tool, lead, quarter="2025 Q1")
    for n in range(5):
        add_case(earlier, f"E-{n}", lead, voice=n < 2)  # 2 of 5: 40%
    later = make_audit(
        board, tool, lead, title="Neglect re-audit", quarter="2026 Q1", earlier=earlier
    )
    for n in range(20):
        add_case(later, f"L-{n}", lead, voice=n < 17)  # 17 of 20: 85%
    change = next(
        c for c in compare(earlier, later) if c.question.code == "cfa-child-voice-recorded"
    )
    assert (change.before, change.after, change.change) == (40.0, 85.0, 45.0)


def test_comparison_page_reads_as_before_and_after(client, login, board, tool, lead):
    earlier = make_audit(board, tool, lead, quarter="2025 Q1")
    add_case(earlier, "E-1", lead, voice=False)
    later = make_audit(board, tool, lead, title="Re-audit", earlier=earlier)
    add_case(later, "L-1", lead, voice=True)
    login(client, lead)
    content = client.get(reverse("audits:compare", args=[board.slug, later.pk])).content.decode()
    assert "Is the child&#x27;s voice recorded?" in content and "up 100 points" in content


def test_a_re_audit_must_use_the_same_tool(client, login, make_user, board, tool, lead):
    earlier = make_audit(board, tool, lead)
    other_tool = FrameworkTemplate.objects.get(code="thresholds-referral-quality-audit")
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.post(
        reverse("audits:audit_add", args=[board.slug]),
        {
            "title": "x",
            "theme": board.themes.get(code="neglect").pk,
            "tool": other_tool.pk,
            "scope": "multi",
            "planned_quarter": "2026 Q2",
            "lead": lead.pk,
            "re_audit_of": earlier.pk,
        },
    )
    assert b"used another tool; a re-audit uses the same one" in response.content
    assert Audit.objects.count() == 1


def test_person_outside_the_audit_team_is_refused(
    client, login, make_user, board, agency, tool, lead
):
    audit = make_audit(board, tool, lead)
    case = add_case(audit, "A-1", lead, status=CaseStatus.IN_PROGRESS)
    outsider = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    login(client, outsider)
    assert client.get(audit.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("audits:case", args=[board.slug, audit.pk, case.pk])).status_code == 404
    )
    assert (
        b"Neglect audit" not in client.get(reverse("audits:programme", args=[board.slug])).content
    )
    client.logout()
    # a QA member oversees the programme but, off the team, cannot audit or moderate cases
    login(client, make_user(Role.QA_MEMBER, board=board))
    assert client.get(audit.get_absolute_url()).status_code == 200
    assert (
        client.post(
            reverse("audits:case_add", args=[board.slug, audit.pk]), {"reference": "X-1"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("audits:case", args=[board.slug, audit.pk, case.pk]), {"intent": "save"}
        ).status_code
        == 403
    )


def test_the_kept_programme_shows_an_agency_lead_only_their_own_audits(
    client, login, make_user, board, agency, tool, lead
):
    audit = make_audit(board, tool, lead)
    on_team = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    # Another lead of the same agency holds the same grants but is not on the team.
    off_team = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    AuditTeamMember.objects.create(audit=audit, user=on_team)
    url = reverse("audits:programme", args=[board.slug])
    login(client, on_team)
    assert b"Neglect audit" in client.get(url).content  # drawn for the team member, kept
    login(client, off_team)
    assert b"Neglect audit" not in client.get(url).content


def test_team_auditor_adds_and_completes_a_case(
    client, login, make_user, board, agency, tool, lead
):
    audit = make_audit(board, tool, lead)
    practitioner = make_user(Role.VIEWER, board=board)
    AuditTeamMember.objects.create(audit=audit, user=practitioner, role="practitioner")
    login(client, practitioner)
    add_url = reverse("audits:case_add", args=[board.slug, audit.pk])
    refused = client.post(add_url, {"reference": "Jane Smith", "auditor": practitioner.pk})
    assert b"Never a name" in refused.content
    client.post(
        add_url, {"reference": "aud-2026-014", "auditor": practitioner.pk, "agencies": [agency.pk]}
    )
    case = AuditCase.objects.get()
    assert case.reference == "AUD-2026-014" and list(case.agencies.all()) == [agency]
    url = reverse("audits:case", args=[board.slug, audit.pk, case.pk])
    data = {"intent": "complete"}
    for q in TemplateQuestion.objects.filter(section__template=tool):
        if q.answer_type == "scale":
            data[f"q{q.pk}"] = str(grade(tool, "Good").pk)
        elif q.answer_type == "yes_no":
            data[f"q{q.pk}"] = "yes"
    data[f"q{question(tool, 'cfa-learning').pk}"] = (
        "Mrs Brown at 12 Acacia Avenue should have been seen"
    )
    warned = client.post(url, data, follow=True).content.decode()
    learning = f"q{question(tool, 'cfa-learning').pk}"
    assert "“12 Acacia Avenue” looks like an address; “Mrs Brown” looks like a name." in warned
    assert f'href="#id_{learning}"' in warned
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and not case.response.answers.exists()
    data[f"q{question(tool, 'cfa-learning').pk}"] = (
        "The family should have been seen together sooner"
    )
    client.post(url, data)
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED
    assert summarise(audit)[0][0].positive_share == 100.0


def test_lead_moderates_with_a_reason(client, login, board, tool, lead):
    audit = make_audit(board, tool, lead)
    case = add_case(audit, "A-1", lead, overall="Outstanding")
    login(client, lead)
    url = reverse("audits:moderate", args=[board.slug, audit.pk, case.pk])
    q = question(tool, "cfa-overall")
    missing = client.post(url, {f"level_{q.pk}": grade(tool, "Good").pk, f"reason_{q.pk}": ""})
    assert b"6.1: say why the grade changes" in missing.content
    client.post(
        url, {f"level_{q.pk}": grade(tool, "Good").pk, f"reason_{q.pk}": "No evidence of impact"}
    )
    moderation = Moderation.objects.get()
    assert (moderation.from_level.label, moderation.to_level.label, moderation.moderated_by) == (
        "Outstanding",
        "Good",
        lead,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.MODERATED
    assert case.response.answers.get(question=q).level.label == "Good"


def test_auditors_cannot_moderate(client, login, make_user, board, tool, lead):
    audit = make_audit(board, tool, lead)
    auditor = make_user(Role.VIEWER, board=board)
    AuditTeamMember.objects.create(audit=audit, user=auditor)
    case = add_case(audit, "A-1", auditor, overall="Outstanding")
    login(client, auditor)
    assert (
        client.get(reverse("audits:moderate", args=[board.slug, audit.pk, case.pk])).status_code
        == 403
    )


def test_findings_raise_owned_actions_on_the_audits_priority(
    client, login, board, agency, tool, lead
):
    priority = Priority.objects.create(
        board=board,
        title="Neglect",
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2027, 3, 31),
    )
    later = Objective.objects.create(
        priority=priority,
        title="Later objective",
        measure_of_success="-",
        due_date=datetime.date(2027, 3, 31),
    )
    first = Objective.objects.create(
        priority=priority,
        title="First objective",
        measure_of_success="-",
        due_date=datetime.date(2026, 9, 30),
    )
    audit = make_audit(board, tool, lead)
    audit.priority = priority
    audit.save()
    login(client, lead)
    url = reverse("audits:finding_add", args=[board.slug, audit.pk])
    # The form proposes the audit's theme and the first objective of the audit's priority.
    form = client.get(url).context["form"]
    assert form.initial["theme"] == audit.theme_id and form.initial["action_objective"] == first.pk
    posted = {
        "kind": "improvement",
        "theme": board.themes.get(code="voice").pk,
        "text": "The child's voice is missing from half the plans",
        "action": "Brief all teams on recording the child's voice",
        "action_agency": agency.pk,
        "action_due": "2026-12-31",
    }
    assert "Choose who owns the action" in client.post(url, posted).content.decode()
    assert not Finding.objects.exists()
    client.post(url, {**posted, "action_owner": lead.pk, "action_objective": later.pk})
    finding = Finding.objects.get()
    assert finding.source == audit and finding.kind == "improvement"
    assert finding.theme.code == "voice" and finding.recorded_by == lead
    action = Action.objects.get()
    assert (
        action.source == ActionSource.AUDIT
        and action.source_object == finding
        and list(action.boards.all()) == [board]
        and action.owner == lead
        and action.agency == agency
        and action.objective == later
    )
    assert b"Brief all teams" in client.get(audit.get_absolute_url()).content
    # The action is on the priority's golden thread, under the objective it serves.
    thread = thread_for(priority, datetime.date(2026, 6, 1))
    assert thread.actions_by_objective == {later.pk: [action], first.pk: []}


def test_report_pdf(client, login, board, tool, lead):
    audit = make_audit(board, tool, lead)
    add_case(audit, "A-1", lead, voice=True, overall="Good")
    login(client, lead)
    response = client.get(reverse("audits:report", args=[board.slug, audit.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    word = client.get(reverse("audits:report", args=[board.slug, audit.pk, "docx"]))
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert (
        "Neglect audit" in text and "3.1 Is the child's voice recorded?: 100% yes (1 cases)" in text
    )
    assert (
        client.get(reverse("audits:report", args=[board.slug, audit.pk, "odt"])).status_code == 404
    )


def test_single_agency_audits_reported_by_agencies_are_collated(
    client, login, make_user, board, agency, tool, lead
):
    Audit.objects.create(
        board=board,
        title="Police own audit",
        theme=board.themes.get(code="domestic_abuse"),
        tool=tool,
        planned_quarter="2026 Q2",
        lead=lead,
        scope="single",
        agency=agency,
        reported_by_agency=True,
    )
    make_audit(board, tool, lead, title="Board audit", quarter="2026 Q2")
    login(client, make_user(Role.CHAIR, board=board))
    content = client.get(reverse("audits:programme", args=[board.slug])).content.decode()
    assert (
        "Police own audit" in content
        and "(reported by the agency)" in content
        and "Board audit" in content
    )


@pytest.mark.parametrize("reference", ["AUD-2026-014", "C123", "2026/77"])
def test_pseudonymous_references_are_accepted(reference):
    assert reference_problem(reference) is None


@pytest.mark.parametrize("reference", ["Jane Smith", "Smith", "ab", "A B C 1"])
def test_names_are_not_references(reference):
    assert reference_problem(reference) is not None


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("born 14/03/2015", "date of birth"),
        ("lives at 12 Acacia Avenue", "address"),
        ("postcode EG19 7TT", "address"),
        ("Mrs Brown attended", "name"),
        ("spoke to Kevin Jones", "name"),
    ],
)
def test_personal_data_warnings(text, warning):
    assert any(warning in w for w in personal_data_warnings(text))


def test_ordinary_case_notes_are_not_flagged():
    assert (
        personal_data_warnings(
            "The Health Visitor and Social Care met; Police shared the notification."
        )
        == []
    )


def test_each_agency_has_its_own_auditor_who_can_work_on_the_case(
    client, login, make_user, board, agency, other_agency, tool, lead
):
    audit = make_audit(board, tool, lead)
    police_auditor = make_user(Role.VIEWER, board=board)
    AuditTeamMember.objects.create(audit=audit, user=police_auditor, agency=agency)
    case = add_case(audit, "A-1", lead, status=CaseStatus.IN_PROGRESS)
    case.agencies.set([agency, other_agency])
    login(client, lead)
    url = reverse("audits:case_auditor", args=[board.slug, audit.pk, case.pk])
    client.post(url, {"agency": agency.pk, "user": police_auditor.pk})
    assert [(a.agency, a.user) for a in case.agency_auditors.all()] == [(agency, police_auditor)]
    outsider = make_user(Role.VIEWER, board=board)
    refused = client.post(url, {"agency": other_agency.pk, "user": outsider.pk}, follow=True)
    assert (
        b"Choose an agency involved in the case and a member of the audit team" in refused.content
    )
    client.logout()
    login(client, police_auditor)
    response = client.post(
        reverse("audits:case", args=[board.slug, audit.pk, case.pk]), {"intent": "save"}
    )
    assert response.status_code == 302  # the police auditor may work on the case


# --- The identifying-text guard, field by field ----------------------------------------


def _case_with_answers(client, login, board, tool, lead):
    audit = make_audit(board, tool, lead)
    case = add_case(audit, "A-7", lead, status=CaseStatus.IN_PROGRESS)
    login(client, lead)
    url = reverse("audits:case", args=[board.slug, audit.pk, case.pk])
    referral = question(tool, "cfa-referral-quality")
    learning = question(tool, "cfa-learning")
    return case, url, f"q{referral.pk}_comment", f"q{learning.pk}"


def test_each_flagged_answer_has_its_own_error_quoting_the_words_and_its_own_box(
    client, login, board, tool, lead
):
    case, url, comment, learning = _case_with_answers(client, login, board, tool, lead)
    data = {
        "intent": "save",
        comment: "Referral made on 14/03/2015 by the school",
        learning: "Kevin Jones should have been seen at EG19 7TT",
    }
    page = client.post(url, data).content.decode()
    # Error summary: one entry per flagged field, each linked to its field.
    assert (
        f'<a href="#id_{comment}">“14/03/2015” looks like a date of birth. Take it out, or if '
        "it does not identify a child or family, tick “This does not identify a child or "
        "family”</a>"
    ) in page
    assert (
        f'<a href="#id_{learning}">“EG19 7TT” looks like an address; “Kevin Jones” looks like '
        "a name."
    ) in page
    # The same error by each field, and a box after each flagged field only.
    assert f'id="id_{comment}-error"' in page and f'id="id_{learning}-error"' in page
    assert page.count('type="checkbox" value="yes"') == 2
    assert f'id="id_{comment}_not_identifying"' in page
    assert f'id="id_{learning}_not_identifying"' in page
    # What was typed is shown again, not lost.
    assert "Kevin Jones should have been seen at EG19 7TT" in page
    assert not case.response.answers.exists()


def test_only_the_confirmed_field_passes(client, login, board, tool, lead):
    case, url, comment, learning = _case_with_answers(client, login, board, tool, lead)
    data = {
        "intent": "save",
        comment: "Referral made on 14/03/2015 by the school",
        learning: "Kevin Jones should have been seen",
        f"{comment}_not_identifying": "yes",
    }
    page = client.post(url, data).content.decode()
    assert f'<a href="#id_{learning}">“Kevin Jones” looks like a name.' in page
    assert f'href="#id_{comment}"' not in page
    assert not case.response.answers.exists()

    data[f"{learning}_not_identifying"] = "yes"
    assert client.post(url, data).status_code == 302
    saved = {a.question.code: a.text for a in case.response.answers.select_related("question")}
    assert saved["cfa-learning"] == "Kevin Jones should have been seen"
    assert saved["cfa-referral-quality"] == "Referral made on 14/03/2015 by the school"


def test_unflagged_answers_never_need_a_tick(client, login, board, tool, lead):
    case, url, comment, learning = _case_with_answers(client, login, board, tool, lead)
    data = {"intent": "save", comment: "Prompt referral", learning: "Share plans sooner"}
    page = client.get(url).content.decode()
    assert "_not_identifying" not in page
    assert client.post(url, data).status_code == 302
    assert case.response.answers.filter(text="Share plans sooner").exists()


def test_a_tick_on_a_field_that_is_not_flagged_confirms_nothing_else(
    client, login, board, tool, lead
):
    case, url, comment, learning = _case_with_answers(client, login, board, tool, lead)
    data = {
        "intent": "save",
        comment: "Prompt referral",
        f"{comment}_not_identifying": "yes",  # a box for a field that is not flagged
        learning: "Mrs Brown was not seen",
    }
    page = client.post(url, data).content.decode()
    assert f'<a href="#id_{learning}">“Mrs Brown” looks like a name.' in page
    assert not case.response.answers.exists()


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("born 14/03/2015", [("a date of birth", ("14/03/2015", "born"))]),
        ("lives at 12 Acacia Avenue", [("an address", ("12 Acacia Avenue",))]),
        ("Mrs Brown and Kevin Jones", [("a name", ("Mrs Brown", "Kevin Jones"))]),
        ("The Health Visitor and Social Care met", []),
    ],
)
def test_the_flagged_words_are_quoted_by_kind(text, flags):
    from scrutiny.audits.personal_data import identifying_flags

    assert [(f.kind, f.words) for f in identifying_flags(text)] == flags
