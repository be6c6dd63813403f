from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import kept_drawing
from scrutiny.core.exporters import docx, pdf, safe_filename
from scrutiny.core.views import form_page
from scrutiny.findings.services import actions_from_findings, findings_for
from scrutiny.findings.source_pages import findings_context
from scrutiny.library.models import AnswerType, ScaleLevel
from scrutiny.people.models import User
from scrutiny.questionnaires.forms import answered_sections

from . import services
from .access import get_audit, sees_every_audit, visible_audits
from .forms import (
    AuditForm,
    CaseAnswersForm,
    CaseAuditorForm,
    CaseForm,
    FindingForm,
    InterviewForm,
    TeamMemberForm,
)
from .models import CaseStatus
from .summary import compare, summarise

# Part of the kept programme's key: change it when its drawing changes.
PROGRAMME_FORMAT = "1"


@board_view(Permission.BOARD_VIEW)
def programme(request: HttpRequest) -> HttpResponse:
    board = current_board(request)

    def content() -> dict:
        audits = visible_audits(request, board).select_related(
            "board", "lead", "priority", "agency", "tool", "theme"
        )
        quarters: dict[str, list] = {}
        for audit in audits.order_by("planned_quarter", "title"):
            quarters.setdefault(audit.planned_quarter, []).append(audit)
        return {
            "quarters": quarters,
            "can_manage": has_permission(request.user, Permission.AUDITS_MANAGE, board=board),
        }

    # Someone who may not see every audit sees those they lead or are on the team of.
    sees_all = sees_every_audit(request.user, board)
    body = kept_drawing(
        request,
        f"audits:programme:{PROGRAMME_FORMAT}",
        "audits/_programme_body.html",
        content,
        vary=["all" if sees_all else request.user.pk],
    )
    return render(request, "audits/programme.html", {"board": board, "body": body})


@board_view(Permission.AUDITS_MANAGE)
def audit_form(request: HttpRequest, audit_id: int | None = None) -> HttpResponse:
    board = current_board(request)
    audit = get_object_or_404(board.audits, pk=audit_id) if audit_id else None
    form = AuditForm(request.POST or None, instance=audit, board=board)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"“{saved.title}” is in the audit programme.")
        return redirect(saved)
    return form_page(
        request,
        form,
        heading="Plan an audit" if audit is None else "Edit the audit",
        cancel=reverse("audits:programme", args=[board.slug]),
    )


@board_view(Permission.BOARD_VIEW)
def audit(request: HttpRequest, audit_id: int) -> HttpResponse:
    board = current_board(request)
    item, access = get_audit(request, board, audit_id)
    summaries, distribution = summarise(item)
    findings = findings_for(item)
    return render(
        request,
        "audits/audit.html",
        {
            "board": board,
            "audit": item,
            "access": access,
            "team": item.team.select_related("user", "agency"),
            "cases": item.cases.select_related("auditor").prefetch_related("agencies"),
            "summaries": summaries,
            "distribution": distribution,
            "distribution_max": max([n for _, n in distribution] + [1]),
            **findings_context(request.user, board, findings),
            "interviews": item.interviews.all(),
            "user_id": request.user.pk,
        },
    )


def _actions(item, board):
    return list(actions_from_findings(item, board))


def _require(flag: bool) -> None:
    if not flag:
        raise PermissionDenied


@board_view(Permission.BOARD_VIEW)
def team_add(request: HttpRequest, audit_id: int) -> HttpResponse:
    board = current_board(request)
    item, access = get_audit(request, board, audit_id)
    _require(access.directs)
    form = TeamMemberForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_team_member(item, user=data["user"], agency=data["agency"], role=data["role"])
        messages.success(request, f"{data['user']} is on the audit team.")
        return redirect(item)
    return form_page(
        request,
        form,
        heading="Add to the audit team",
        caption=item.title,
        cancel=item.get_absolute_url(),
    )


@board_view(Permission.BOARD_VIEW)
def case_add(request: HttpRequest, audit_id: int) -> HttpResponse:
    board = current_board(request)
    item, access = get_audit(request, board, audit_id)
    _require(access.on_team)  # cases are audited by the audit's own team
    auditors = User.objects.filter(
        pk__in=[item.lead_id, *item.team.values_list("user_id", flat=True)]
    )
    form = CaseForm(
        request.POST or None, board=board, auditors=auditors, initial={"auditor": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.add_case(
                item,
                reference=data["reference"],
                auditor=data["auditor"],
                agencies=list(data["agencies"]),
            )
        except services.CaseExists as exists:
            form.add_error("reference", str(exists))
        else:
            messages.success(request, f"Case {case.reference} has been added.")
            return redirect("audits:case", board.slug, item.pk, case.pk)
    return form_page(
        request, form, heading="Add a case", caption=item.title, cancel=item.get_absolute_url()
    )


@board_view(Permission.BOARD_VIEW)
def case(request: HttpRequest, audit_id: int, case_id: int) -> HttpResponse:
    board = current_board(request)
    item, access = get_audit(request, board, audit_id)
    audited = get_object_or_404(item.cases.select_related("response", "auditor"), pk=case_id)
    auditors = audited.agency_auditors.select_related("agency", "user")
    is_auditor = audited.auditor_id == request.user.pk or any(
        a.user_id == request.user.pk for a in auditors
    )
    may_edit = audited.status == CaseStatus.IN_PROGRESS and (is_auditor or access.is_lead)
    answers = {a.question_id: a for a in audited.response.answers.select_related("level")}
    if request.method == "POST":
        _require(may_edit)
        completing = request.POST.get("intent") == "complete"
        form = CaseAnswersForm(
            request.POST,
            template=item.tool,
            answers=answers,
            submitting=completing,
            ask_improvements=False,
            record=audited,
        )
        if form.is_valid():
            services.save_case_answers(audited, form, completing=completing)
            messages.success(
                request,
                f"Case {audited.reference} has been {'completed' if completing else 'saved'}.",
            )
            return redirect("audits:case", board.slug, item.pk, audited.pk)
        return render(
            request,
            "audits/case.html",
            {
                "board": board,
                "audit": item,
                "case": audited,
                "form": form,
                "may_edit": True,
                "access": access,
            },
        )
    context = {
        "board": board,
        "audit": item,
        "case": audited,
        "may_edit": may_edit,
        "access": access,
    }
    if may_edit:
        context["form"] = CaseAnswersForm(
            template=item.tool, answers=answers, ask_improvements=False, record=audited
        )
    else:
        context["sections"] = answered_sections(item.tool, answers)
        context["moderations"] = audited.moderations.select_related(
            "question", "from_level", "to_level", "moderated_by"
        )
    return render(request, "audits/case.html", context)


@board_view(Permission.BOARD_VIEW)
def moderate(request: HttpRequest, audit_id: int, case_id: int) -> HttpResponse:
    """The lead moderates a completed case's grades; each change keeps the original and why."""
    board = current_board(request)
    item, access = get_audit(request, board, audit_id)
    _require(access.is_lead)
    audited = get_object_or_404(item.cases.exclude(status=CaseStatus.IN_PROGRESS), pk=case_id)
    answers = {
        a.question_id: a
        for a in audited.response.answers.filter(
            question__answer_type=AnswerType.SCALE
        ).select_related("question", "level")
    }
    rows = []
    for answer in sorted(answers.values(), key=lambda a: (a.question.section_id, a.question.order)):
        levels = list(ScaleLevel.objects.filter(scale_id=answer.question.scale_id))
        rows.append((answer, levels))
    errors = []
    if request.method == "POST":
        changes = []
        for answer, levels in rows:
            chosen = request.POST.get(f"level_{answer.question_id}", "")
            reason = request.POST.get(f"reason_{answer.question_id}", "").strip()
            level = next((lv for lv in levels if str(lv.pk) == chosen), None)
            if level and level.pk != answer.level_id:
                if not reason:
                    errors.append(f"{answer.question.number}: say why the grade changes")
                changes.append(services.GradeChange(answer, level, reason))
        if not errors:
            services.moderate_case(audited, changes, user=request.user)  # type: ignore[arg-type]
            messages.success(
                request,
                f"Case {audited.reference} is moderated "
                f"({len(changes)} grade{'s' if len(changes) != 1 else ''} changed).",
            )
            return redirect("audits:case", board.slug, item.pk, audited.pk)
    return render(
        request,
        "audits/moderate.html",
        {"board": board, "audit": item, "case": audited, "rows": rows, "errors": errors},
    )


@board_view(Permission.BOARD_VIEW)
def finding_add(request: HttpRequest, audit_id: int) -> HttpResponse:
    board = current_board(request)
    item, access = get_audit(request, board, audit_id)
    _require(access.directs)
    form = FindingForm(request.POST or None, board=board, audit=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.record_audit_finding(
            item,
            kind=data["kind"],
            theme=data["theme"],
            text=data["text"],
            user=request.user,  # type: ignore[arg-type]
            action=services.ActionRequest(
                title=data["action"],
                owner=data["action_owner"],
                agency=data["action_agency"],
                due_date=data["action_due"],
                objective=data["action_objective"],
            )
            if data["action"]
            else None,
        )
        messages.success(
            request,
            "The finding has been recorded"
            + (" and its action added to the tracker." if data["action"] else "."),
        )
        return redirect(item)
    return form_page(
        request,
        form,
        heading="Record a finding",
        caption=item.title,
        cancel=item.get_absolute_url(),
    )


@board_view(Permission.BOARD_VIEW)
def interview_add(request: HttpRequest, audit_id: int) -> HttpResponse:
    board = current_board(request)
    item, access = get_audit(request, board, audit_id)
    _require(access.on_team or access.can_manage)
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interview = services.record_interview(
            item,
            form.save(commit=False),
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, f"The {interview.get_kind_display().lower()} has been recorded.")
        return redirect(item)
    return form_page(
        request,
        form,
        heading="Record an interview or focus group",
        caption=item.title,
        cancel=item.get_absolute_url(),
    )


@board_view(Permission.BOARD_VIEW)
def comparison(request: HttpRequest, audit_id: int) -> HttpResponse:
    board = current_board(request)
    item, _ = get_audit(request, board, audit_id)
    if item.re_audit_of is None:
        messages.error(request, "This audit is not a re-audit of an earlier one.")
        return redirect(item)
    return render(
        request,
        "audits/compare.html",
        {
            "board": board,
            "audit": item,
            "earlier": item.re_audit_of,
            "changes": compare(item.re_audit_of, item),
        },
    )


@board_view(Permission.BOARD_VIEW)
def report(request: HttpRequest, audit_id: int, export_format: str) -> HttpResponse:
    board = current_board(request)
    item, _ = get_audit(request, board, audit_id)
    if export_format not in ("pdf", "docx"):
        raise Http404("Unknown format")
    summaries, distribution = summarise(item)
    findings = findings_for(item)
    context = {
        "board": board,
        "audit": item,
        "summaries": summaries,
        "distribution": distribution,
        "distribution_max": max([n for _, n in distribution] + [1]),
        "findings": findings,
        "actions": _actions(item, board),
        "cases": item.cases.count(),
        "printed": timezone.now(),
        "changes": compare(item.re_audit_of, item) if item.re_audit_of else None,
    }
    name = safe_filename(board.short_name, item.title)
    if export_format == "docx":
        return docx(f"{name}.docx", lambda document: _word_report(document, context)).as_response()
    return pdf(f"{name}.pdf", "audits/print/report.html", context).as_response()


def _word_report(document, context) -> None:
    audit = context["audit"]
    document.add_heading(audit.title, level=0)
    document.add_paragraph(
        f"{context['board'].name} · {audit.get_scope_display()} audit · "
        f"{audit.theme.name} · {audit.planned_quarter} · lead {audit.lead.full_name} · "
        f"{context['cases']} cases"
    )
    document.add_heading("Grades across all cases", level=1)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Grade", "Answers"
    for label, n in context["distribution"]:
        row = table.add_row().cells
        row[0].text, row[1].text = label, str(n)
    document.add_heading("Question by question", level=1)
    for s in context["summaries"]:
        result = f"{s.positive_share:.0f}% {s.positive_label}" if s.cases else "not answered"
        document.add_paragraph(
            f"{s.question.number} {s.question.text}: {result} ({s.cases} cases)",
            style="List Bullet",
        )
    if context["changes"]:
        document.add_heading(f"Change since {audit.re_audit_of}", level=1)
        for c in context["changes"]:
            before = "–" if c.before is None else f"{c.before:.0f}%"
            after = "–" if c.after is None else f"{c.after:.0f}%"
            document.add_paragraph(
                f"{c.question.number} {c.question.text}: {before} → {after}", style="List Bullet"
            )
    document.add_heading("Findings", level=1)
    for f in context["findings"]:
        document.add_paragraph(
            f"{f.get_kind_display()} ({f.theme_label or 'no theme'}): {f.text}",
            style="List Bullet",
        )
    document.add_heading("Actions", level=1)
    for a in context["actions"]:
        document.add_paragraph(
            f"{a.title}, due {a.due_date:%d %B %Y} ({a.get_status_display().lower()})",
            style="List Bullet",
        )


@board_view(Permission.BOARD_VIEW)
def case_auditor(request: HttpRequest, audit_id: int, case_id: int) -> HttpResponse:
    """Name who audits the case for one of the agencies involved."""
    board = current_board(request)
    item, access = get_audit(request, board, audit_id)
    _require(access.on_team and request.method == "POST")
    audited = get_object_or_404(item.cases.filter(status=CaseStatus.IN_PROGRESS), pk=case_id)
    form = CaseAuditorForm(request.POST, case=audited)
    if form.is_valid():
        services.name_case_auditor(
            audited, agency=form.cleaned_data["agency"], user=form.cleaned_data["user"]
        )
        messages.success(
            request,
            f"{form.cleaned_data['user']} audits case {audited.reference} "
            f"for {form.cleaned_data['agency']}.",
        )
    else:
        messages.error(
            request, "Choose an agency involved in the case and a member of the audit team."
        )
    return redirect("audits:case", board.slug, item.pk, audited.pk)
