"""The permission matrix, generated from the URL resolver: every route, every method.

Every route the resolver knows must have a line in `ROUTES` saying who may open it (a new
route without one fails `test_every_route_has_a_spec`, naming it). For each route:

- anonymous: sent to sign in (public pages excepted);
- each role on its own board: 403 where the role lacks the route's permission; where it has
  it, pages without an object in their address open (200, or a redirect);
- outsiders: a member of another board, and the admin of another region, get 404 for every
  board route (the board is not revealed), GET and POST;
- another tenant's object ids under one's own board's address: refused (403/404);
- every POST (edit, delete, submit, sign off, upload, download) from an outsider, with their
  own valid CSRF token: refused, and nothing is written (no audit entry appears).

`HOLDERS` states who holds each permission as the roles are described (README, DESIGN), written
here rather than read from `access.permissions`, so the two are checked against each other.
Built once per module on the demo region (ids come from its records) plus a second region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutiny.access.permissions import Permission
from scrutiny.audit.models import AuditEntry
from scrutiny.library.loader import load_library_files, shipped_library_files
from scrutiny.library.models import FrameworkTemplate, IndicatorDefinition
from scrutiny.people.models import Role, RoleAssignment, User
from scrutiny.tenancy.models import Board, Region

P = Permission
R = Role
# Every board role but the independent scrutineer, which reads only what is shared with it.
EVERYONE = frozenset(Role) - {R.SCRUTINEER}
OVERSIGHT = EVERYONE - {R.AGENCY_LEAD}
SCRUTINY = frozenset({R.REGIONAL_ADMIN, R.CHAIR, R.BUSINESS_MANAGER, R.QA_MEMBER})
LEADERSHIP = frozenset({R.REGIONAL_ADMIN, R.CHAIR, R.BUSINESS_MANAGER})
MANAGEMENT = frozenset({R.REGIONAL_ADMIN, R.BUSINESS_MANAGER})
MEMBERS = OVERSIGHT - {R.VIEWER}  # who may see the board's people

HOLDERS: dict[Permission, frozenset[Role]] = {
    P.BOARD_VIEW: EVERYONE,
    P.AGENCIES_VIEW: EVERYONE,
    P.ACTIONS_VIEW: EVERYONE,
    P.ACTIONS_VIEW_ALL: OVERSIGHT,
    P.RETURNS_VIEW: OVERSIGHT,
    P.REPORTS_VIEW: OVERSIGHT,
    P.SELF_ASSESSMENT_VIEW: OVERSIGHT,
    P.PEOPLE_VIEW: MEMBERS,
    P.CHALLENGE_RAISE: SCRUTINY | {R.LAY_MEMBER},
    P.ACTIONS_MANAGE: SCRUTINY,
    P.AUDITS_MANAGE: SCRUTINY,
    P.REVIEWS_MANAGE: SCRUTINY,
    P.RETURNS_REVIEW: SCRUTINY,
    P.SELF_ASSESSMENT_EDIT: SCRUTINY,
    P.REGIONAL_LIBRARY_CONTRIBUTE: SCRUTINY,
    P.TRAINING_MANAGE: SCRUTINY,
    P.ENGAGEMENT_MANAGE: SCRUTINY,
    P.PLAN_MANAGE: LEADERSHIP,
    P.THEMES_MANAGE: LEADERSHIP,
    P.GOVERNANCE_MANAGE: LEADERSHIP,
    P.PEER_REVIEW_MANAGE: LEADERSHIP,
    P.REPORTS_MANAGE: LEADERSHIP,
    P.SELF_ASSESSMENT_DECIDE: LEADERSHIP,
    P.REGIONAL_REPORT_VIEW: frozenset({R.REGIONAL_ADMIN, R.CHAIR}),
    P.SCRUTINY_PLAN_MANAGE: LEADERSHIP,
    P.SCRUTINY_CONDUCT: frozenset({R.SCRUTINEER}),
    P.INSPECTIONS_MANAGE: LEADERSHIP,
    P.PARTNERSHIP_MANAGE: LEADERSHIP,
    P.PEOPLE_MANAGE: MANAGEMENT,
    P.AGENCIES_MANAGE: MANAGEMENT,
    P.AUDIT_LOG_VIEW: MANAGEMENT,
    P.TEMPLATES_ADAPT: MANAGEMENT,
    P.RETURNS_SCHEDULE: MANAGEMENT,
    P.JOBS_MANAGE: MANAGEMENT,
    # Agency-scoped: the agency lead for their own agency; managers for every agency.
    P.AGENCY_EDIT: MANAGEMENT | {R.AGENCY_LEAD},
    P.DATA_ENTER: MANAGEMENT | {R.AGENCY_LEAD},
    P.ACTION_UPDATE: SCRUTINY | {R.AGENCY_LEAD},
    P.RETURN_COMPLETE: frozenset({R.AGENCY_LEAD}),
    # Serious incidents: run by the chair and business manager, read by QA and lay members;
    # agency leads give their agency's contribution to a rapid review, and nothing more.
    P.INCIDENTS_MANAGE: LEADERSHIP,
    P.INCIDENTS_VIEW: LEADERSHIP | {R.QA_MEMBER, R.LAY_MEMBER},
    P.INCIDENT_CONTRIBUTE: frozenset({R.AGENCY_LEAD}),
    # Region-wide work: the region's admins alone (a region page is for no board role).
    P.REGION_MANAGE: frozenset({R.REGIONAL_ADMIN}),
    P.REGIONAL_LIBRARY_CURATE: frozenset({R.REGIONAL_ADMIN}),
}


@dataclass(frozen=True)
class Spec:
    scope: str  # public, signed_in, board, region, peer (peer reviewers only), admin
    permission: Permission | None = None
    roles: frozenset[Role] | None = None  # when the page asks more than its permission

    @property
    def holders(self) -> frozenset[Role]:
        return self.roles if self.roles is not None else HOLDERS[self.permission]


def board(permission: Permission, roles: frozenset[Role] | None = None) -> Spec:
    return Spec("board", permission, roles)


def region(permission: Permission) -> Spec:
    return Spec("region", permission)


PUBLIC = Spec("public")
SIGNED_IN = Spec("signed_in")
PEER = Spec("peer")
ADMIN = Spec("admin")  # Django's admin: staff only, its own sign-in

# One line per route. A route added to urls.py needs its line here.
ROUTES: dict[str, Spec] = {
    "home": SIGNED_IN,
    "login": PUBLIC,
    "health": PUBLIC,
    "logout": PUBLIC,
    "sso_start": PUBLIC,  # 404 unless a single sign-on provider of that slug is configured
    "sso_callback": PUBLIC,  # refuses anything but the state its own session started
    "core:switch_board": SIGNED_IN,
    "core:my_work": SIGNED_IN,  # an agency lead's work across their boards; 404 if they lead none
    "core:board_home": board(P.BOARD_VIEW),
    "people:account": SIGNED_IN,
    "people:two_factor_setup": SIGNED_IN,
    "people:two_factor_verify": SIGNED_IN,
    "people:password_change": SIGNED_IN,
    "people:password_reset": PUBLIC,
    "people:password_reset_done": PUBLIC,
    "people:password_reset_confirm": PUBLIC,
    "people:board_people": board(P.PEOPLE_VIEW),
    "people:add_person": board(P.PEOPLE_MANAGE),
    "people:remove_role": board(P.PEOPLE_MANAGE),
    "tenancy:board_agencies": board(P.AGENCIES_VIEW),
    "tenancy:add_agency_to_board": board(P.AGENCIES_MANAGE),
    "tenancy:agency_detail": board(P.AGENCIES_VIEW),
    "tenancy:agency_edit": board(P.AGENCY_EDIT),
    "tenancy:remove_agency_from_board": board(P.AGENCIES_MANAGE),
    "tenancy:region_home": region(P.REGION_MANAGE),
    "tenancy:region_agency_add": region(P.REGION_MANAGE),
    "tenancy:region_agency_edit": region(P.REGION_MANAGE),
    "tenancy:region_board_add": region(P.REGION_MANAGE),
    "audit:board_log": board(P.AUDIT_LOG_VIEW),
    "library:template_list": SIGNED_IN,
    "library:template_detail": SIGNED_IN,
    "library:template_yaml": SIGNED_IN,
    "library:board_templates": board(P.BOARD_VIEW),
    "library:adapt_template": board(P.TEMPLATES_ADAPT),
    "actions:tracker": board(P.ACTIONS_VIEW),
    "actions:create": board(P.ACTIONS_MANAGE),
    "findings:list": board(P.BOARD_VIEW),
    "findings:raise_action": board(P.ACTIONS_MANAGE),
    "actions:detail": board(P.ACTIONS_VIEW),
    "actions:update": board(P.ACTION_UPDATE),
    "actions:measure": board(P.ACTION_UPDATE),
    "actions:sign_off": board(P.ACTIONS_MANAGE),
    "actions:evidence": board(P.ACTIONS_VIEW),
    "returns:list": board(P.BOARD_VIEW),
    "returns:schedule": board(P.RETURNS_SCHEDULE),
    "returns:schedule_year": board(P.RETURNS_SCHEDULE),
    "returns:sessions": board(P.RETURNS_VIEW),
    "returns:section_11": board(P.RETURNS_VIEW),
    "returns:agency_history": board(P.RETURNS_VIEW),
    "returns:inspection_finding": board(P.RETURNS_REVIEW),
    "returns:detail": board(P.BOARD_VIEW),
    "returns:edit": board(P.RETURN_COMPLETE),
    "returns:upload_evidence": board(P.RETURN_COMPLETE),
    "returns:download_evidence": board(P.BOARD_VIEW),
    "returns:delete_evidence": board(P.RETURN_COMPLETE),
    "returns:reopen": board(P.BOARD_VIEW),
    "returns:accept": board(P.RETURNS_REVIEW),
    "returns:challenge": board(P.RETURNS_REVIEW),
    "returns:respond": board(P.RETURN_COMPLETE),
    "returns:challenge_finding": board(P.RETURNS_REVIEW),
    "returns:export": board(P.BOARD_VIEW),
    "returns:region_section_11": region(P.RETURNS_VIEW),
    "plan:plan": board(P.BOARD_VIEW),
    "plan:priority_add": board(P.PLAN_MANAGE),
    "plan:priority": board(P.BOARD_VIEW),
    "plan:priority_edit": board(P.PLAN_MANAGE),
    "plan:objective_add": board(P.PLAN_MANAGE),
    "plan:objective_edit": board(P.PLAN_MANAGE),
    "plan:measure_add": board(P.PLAN_MANAGE),
    "plan:measure_edit": board(P.PLAN_MANAGE),
    "plan:milestone_add": board(P.PLAN_MANAGE),
    "plan:milestone_edit": board(P.PLAN_MANAGE),
    "plan:objective_measure": board(P.PLAN_MANAGE),
    "plan:action_add": board(P.PLAN_MANAGE),
    "plan:risks": board(P.BOARD_VIEW),
    "plan:risk_add": board(P.PLAN_MANAGE),
    "plan:risk_edit": board(P.PLAN_MANAGE),
    "challenges:list": board(P.BOARD_VIEW),
    "challenges:raise": board(P.CHALLENGE_RAISE),
    "challenges:detail": board(P.BOARD_VIEW),
    "governance:meetings": board(P.BOARD_VIEW),
    "governance:meeting_add": board(P.GOVERNANCE_MANAGE),
    "governance:compliance": board(P.BOARD_VIEW),
    "governance:group_add": board(P.GOVERNANCE_MANAGE),
    "governance:group": board(P.BOARD_VIEW),
    "governance:group_edit": board(P.GOVERNANCE_MANAGE),
    "governance:member_add": board(P.GOVERNANCE_MANAGE),
    "governance:member_edit": board(P.GOVERNANCE_MANAGE),
    "governance:meeting": board(P.BOARD_VIEW),
    "governance:paper": board(P.BOARD_VIEW),
    "dataset:data_set": board(P.BOARD_VIEW),
    "dataset:enter": board(P.BOARD_VIEW, HOLDERS[P.DATA_ENTER]),
    "dataset:import": board(P.BOARD_VIEW, HOLDERS[P.DATA_ENTER]),
    "dataset:import_template": board(P.BOARD_VIEW),
    "dataset:targets": board(P.PLAN_MANAGE),
    "dataset:year_targets": board(P.PLAN_MANAGE),
    "dataset:completeness": board(P.BOARD_VIEW),
    "dataset:statutory": board(P.DATA_ENTER, MANAGEMENT),  # for the whole board, not an agency
    "dataset:scorecard": board(P.BOARD_VIEW),
    "dataset:indicator": board(P.BOARD_VIEW),
    "dataset:indicator_finding": board(P.ACTIONS_MANAGE),
    "dataset:disproportionality": board(P.BOARD_VIEW),
    "dataset:population": board(P.DATA_ENTER, MANAGEMENT),  # the board's, as statutory imports
    "dataset:population_edit": board(P.DATA_ENTER, MANAGEMENT),
    "dataset:local_authorities": board(P.DATA_ENTER, MANAGEMENT),
    "dataset:local_authority_edit": board(P.DATA_ENTER, MANAGEMENT),
    # A pending import belongs to its uploader alone (404 to anyone else, tested in dataset).
    "dataset:import_preview": board(P.BOARD_VIEW, HOLDERS[P.DATA_ENTER]),
    "dataset:neighbours": board(P.PLAN_MANAGE),
    "dataset:region_national_figures": region(P.REGION_MANAGE),
    "audits:programme": board(P.BOARD_VIEW),
    "audits:audit_add": board(P.AUDITS_MANAGE),
    "audits:audit": board(P.BOARD_VIEW),
    "audits:audit_edit": board(P.AUDITS_MANAGE),
    "audits:team_add": board(P.BOARD_VIEW),
    "audits:case_add": board(P.BOARD_VIEW),
    "audits:case": board(P.BOARD_VIEW),
    "audits:moderate": board(P.BOARD_VIEW),
    "audits:case_auditor": board(P.BOARD_VIEW),
    "audits:finding_add": board(P.BOARD_VIEW),
    "audits:interview_add": board(P.BOARD_VIEW),
    "audits:compare": board(P.BOARD_VIEW),
    "audits:report": board(P.BOARD_VIEW),
    "reviews:register": board(P.BOARD_VIEW),
    "reviews:add": board(P.REVIEWS_MANAGE),
    "reviews:detail": board(P.BOARD_VIEW),
    "reviews:edit": board(P.REVIEWS_MANAGE),
    "reviews:recommendation_add": board(P.REVIEWS_MANAGE),
    "reviews:recommendation_edit": board(P.REVIEWS_MANAGE),
    "reviews:disseminate": board(P.REVIEWS_MANAGE),
    "reviews:lesson_finding": board(P.REVIEWS_MANAGE),
    "reviews:recommendation": board(P.BOARD_VIEW),
    "reviews:themes": board(P.BOARD_VIEW),
    "findings:themes": board(P.THEMES_MANAGE),
    "findings:theme_edit": board(P.THEMES_MANAGE),
    "reviews:recurring": board(P.BOARD_VIEW),
    "reviews:monitoring": board(P.ACTIONS_VIEW_ALL),
    "reviews:pack": board(P.ACTIONS_VIEW_ALL),
    "reviews:archive": board(P.ACTIONS_VIEW_ALL),
    "reviews:child_deaths": board(P.BOARD_VIEW),
    "reviews:child_death_add": board(P.REVIEWS_MANAGE),
    "incidents:register": board(P.INCIDENTS_VIEW),
    "incidents:clocks": board(P.INCIDENTS_VIEW),
    "incidents:add": board(P.INCIDENTS_MANAGE),
    "incidents:detail": board(P.INCIDENTS_VIEW),
    "incidents:edit": board(P.INCIDENTS_MANAGE),
    "incidents:rapid_review": board(P.INCIDENTS_VIEW),
    "incidents:rapid_review_edit": board(P.INCIDENTS_MANAGE),
    "incidents:rapid_review_answers": board(P.INCIDENTS_MANAGE),
    "incidents:request_add": board(P.INCIDENTS_MANAGE),
    "incidents:received": board(P.INCIDENTS_MANAGE),
    "incidents:contributions": board(P.INCIDENT_CONTRIBUTE),
    "incidents:contribute": board(P.INCIDENT_CONTRIBUTE),
    "incidents:local_review_add": board(P.INCIDENTS_MANAGE),
    "incidents:local_review": board(P.INCIDENTS_VIEW),
    "incidents:local_review_edit": board(P.INCIDENTS_MANAGE),
    "training:home": board(P.BOARD_VIEW),
    "training:programme_add": board(P.TRAINING_MANAGE),
    "training:programme": board(P.BOARD_VIEW),
    "training:programme_edit": board(P.TRAINING_MANAGE),
    "training:impact": board(P.BOARD_VIEW),
    "training:impact_export": board(P.BOARD_VIEW),
    "training:course_add": board(P.TRAINING_MANAGE),
    "training:course": board(P.BOARD_VIEW),
    "training:course_edit": board(P.TRAINING_MANAGE),
    "training:course_finding": board(P.TRAINING_MANAGE),
    "training:session_add": board(P.TRAINING_MANAGE),
    "training:session": board(P.BOARD_VIEW),
    "training:session_edit": board(P.TRAINING_MANAGE),
    "training:booking_add": board(P.TRAINING_MANAGE),
    "training:attendance": board(P.TRAINING_MANAGE),
    "training:send_evaluations": board(P.TRAINING_MANAGE),
    "training:evaluate": PUBLIC,
    "voice:register": board(P.BOARD_VIEW),
    "voice:register_export": board(P.BOARD_VIEW),
    "voice:activity_add": board(P.ENGAGEMENT_MANAGE),
    "voice:activity": board(P.BOARD_VIEW),
    "voice:activity_edit": board(P.ENGAGEMENT_MANAGE),
    "voice:activity_finding": board(P.ENGAGEMENT_MANAGE),
    "voice:forms": board(P.BOARD_VIEW),
    "voice:form_add": board(P.ENGAGEMENT_MANAGE),
    "voice:help_line": board(P.ENGAGEMENT_MANAGE),
    "voice:form_results": board(P.BOARD_VIEW),
    "voice:form_edit": board(P.ENGAGEMENT_MANAGE),
    "voice:have_your_say": PUBLIC,
    "tenancy:board_logo": PUBLIC,  # the board's logo only; 404 for a board without one
    "voice:have_your_say_thanks": PUBLIC,
    "reports:list": board(P.BOARD_VIEW),
    "reports:start": board(P.REPORTS_MANAGE),
    "reports:report": board(P.BOARD_VIEW),
    "reports:narrative": board(P.REPORTS_MANAGE),
    "reports:publish": board(P.REPORTS_MANAGE),
    "reports:checks": board(P.REPORTS_MANAGE),
    "reports:approve": board(P.BOARD_VIEW),
    "reports:publication": board(P.REPORTS_MANAGE),
    "reports:dispatch": board(P.REPORTS_MANAGE),
    "reports:settings": board(P.REPORTS_MANAGE),
    "reports:signatory": board(P.REPORTS_MANAGE),
    "reports:new_version": board(P.REPORTS_MANAGE),
    "reports:download": board(P.BOARD_VIEW),
    "reports:chart": board(P.BOARD_VIEW),
    "reports:board_pack": board(P.REPORTS_VIEW),
    "reports:board_pack_file": board(P.REPORTS_VIEW),
    "selfassessment:list": board(P.SELF_ASSESSMENT_VIEW),
    "selfassessment:start": board(P.SELF_ASSESSMENT_EDIT),
    "selfassessment:detail": board(P.SELF_ASSESSMENT_VIEW),
    "selfassessment:edit": board(P.SELF_ASSESSMENT_EDIT),
    "selfassessment:decide": board(P.SELF_ASSESSMENT_DECIDE),
    "selfassessment:standing_item": board(P.SELF_ASSESSMENT_DECIDE),
    "selfassessment:revision": board(P.SELF_ASSESSMENT_VIEW),
    "selfassessment:criterion": board(P.SELF_ASSESSMENT_VIEW),
    "selfassessment:evidence_add": board(P.SELF_ASSESSMENT_EDIT),
    "selfassessment:evidence_remove": board(P.SELF_ASSESSMENT_EDIT),
    "peerreview:host_list": board(P.PEER_REVIEW_MANAGE),
    "peerreview:host_add": board(P.PEER_REVIEW_MANAGE),
    "peerreview:host_detail": board(P.PEER_REVIEW_MANAGE),
    "peerreview:host_action": board(P.PEER_REVIEW_MANAGE),
    "peerreview:host_letter": board(P.PEER_REVIEW_MANAGE),
    "peerreview:peer_list": PEER,
    "peerreview:peer_detail": PEER,
    "peerreview:peer_evidence": PEER,
    "peerreview:peer_finding": PEER,
    "peerreview:peer_recommendation": PEER,
    "peerreview:peer_summary": PEER,
    "peerreview:peer_letter": PEER,
    "scrutineer:plan_list": board(P.SCRUTINY_PLAN_MANAGE),
    "scrutineer:plan_add": board(P.SCRUTINY_PLAN_MANAGE),
    "scrutineer:plan_detail": board(P.SCRUTINY_PLAN_MANAGE),
    "scrutineer:plan_edit": board(P.SCRUTINY_PLAN_MANAGE),
    "scrutineer:activity_add": board(P.SCRUTINY_PLAN_MANAGE),
    "scrutineer:activity_edit": board(P.SCRUTINY_PLAN_MANAGE),
    "scrutineer:my_plans": board(P.SCRUTINY_CONDUCT),
    "scrutineer:review": board(P.SCRUTINY_CONDUCT),
    "scrutineer:shared": board(P.SCRUTINY_CONDUCT),
    "scrutineer:finding": board(P.SCRUTINY_CONDUCT),
    "scrutineer:challenge": board(P.SCRUTINY_CONDUCT),
    "scrutineer:statement": board(P.SCRUTINY_CONDUCT),
    "inspections:list": board(P.REPORTS_VIEW),
    "inspections:add": board(P.INSPECTIONS_MANAGE),
    "inspections:detail": board(P.REPORTS_VIEW),
    "inspections:edit": board(P.INSPECTIONS_MANAGE),
    "inspections:judgement": board(P.INSPECTIONS_MANAGE),
    "inspections:report_upload": board(P.INSPECTIONS_MANAGE),
    "inspections:report_download": board(P.REPORTS_VIEW),
    "inspections:finding": board(P.INSPECTIONS_MANAGE),
    "inspections:action": board(P.INSPECTIONS_MANAGE),
    # The partnership: every member reads; leadership edits; a document is signed (POST) by
    # the partner's named lead only, which the service checks (others are told, nothing saved).
    "partnership:overview": board(P.BOARD_VIEW),
    "partnership:partner_edit": board(P.PARTNERSHIP_MANAGE),
    "partnership:register": board(P.BOARD_VIEW),
    "partnership:register_edit": board(P.PARTNERSHIP_MANAGE),
    "partnership:documents": board(P.BOARD_VIEW),
    "partnership:version_add": board(P.PARTNERSHIP_MANAGE),
    "partnership:version_sign": board(P.BOARD_VIEW),
    "partnership:version_file": board(P.BOARD_VIEW),
    "partnership:budget": board(P.BOARD_VIEW),
    "partnership:contribution_add": board(P.PARTNERSHIP_MANAGE),
    "partnership:contribution_edit": board(P.PARTNERSHIP_MANAGE),
    "regional:library": board(P.BOARD_VIEW),
    "regional:resource_add": board(P.REGIONAL_LIBRARY_CONTRIBUTE),
    "regional:resource": board(P.BOARD_VIEW),
    "regional:resource_file": board(P.BOARD_VIEW),
    "regional:board_report": board(P.REGIONAL_REPORT_VIEW),
    "regional:curate": region(P.REGIONAL_LIBRARY_CURATE),
    "regional:region_report": region(P.REGIONAL_REPORT_VIEW),
    "regional:board_report_export": board(P.REGIONAL_REPORT_VIEW),
    "regional:region_report_export": region(P.REGIONAL_REPORT_VIEW),
    # A job's page and file: its starter, or whoever manages its board's jobs (jobs.access);
    # anyone else finds no such job (tested in scrutiny/jobs/tests).
    "jobs:job": SIGNED_IN,
    "jobs:file": SIGNED_IN,
    "jobs:failed": board(P.JOBS_MANAGE),
    "jobs:retry": board(P.JOBS_MANAGE),
}


def spec_for(name: str) -> Spec | None:
    if name in ("admin:login", "admin:logout"):  # signing out of nothing sends one home
        return PUBLIC
    if name.startswith("admin:"):
        return ADMIN
    return ROUTES.get(name)


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in [namespace, pattern.namespace] if n) or None
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


ALL_ROUTES = sorted(set(_walk(get_resolver().url_patterns)))
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def parameters(route: str) -> list[str]:
    return [a or b for a, b in PARAMETER.findall(route)]


def routes(scope: str) -> list[tuple[str, str]]:
    return [(n, r) for n, r in ALL_ROUTES if (s := spec_for(n)) is not None and s.scope == scope]


# How to find one record of a board for each kind of id in an address.
def _in_board(model: str, path: str):
    def find(board: Board, excluding: Board | None = None):
        records = apps.get_model(model).objects.filter(**{path: board})
        if excluding is not None:  # records shared with that board (an agency's return) too
            records = records.exclude(**{path: excluding})
        return records.order_by("pk")

    return find


OBJECT_IDS = {
    "review_id": _in_board("reviews.Review", "board"),
    "recommendation_id": _in_board("reviews.Recommendation", "review__board"),
    "theme_id": _in_board("findings.Theme", "board"),
    "cycle_id": _in_board("reviews.MonitoringCycle", "board"),
    "incident_id": _in_board("incidents.SeriousIncident", "board"),
    "request_id": _in_board("incidents.ContributionRequest", "rapid_review__incident__board"),
    "local_review_id": _in_board("incidents.LocalReview", "board"),
    "audit_id": _in_board("audits.Audit", "board"),
    "case_id": _in_board("audits.AuditCase", "audit__board"),
    "return_id": _in_board("returns.AgencyReturn", "requests__board"),
    "programme_id": _in_board("training.TrainingProgramme", "board"),
    "course_id": _in_board("training.Course", "programme__board"),
    "session_id": _in_board("training.TrainingSession", "course__programme__board"),
    "priority_id": _in_board("plan.Priority", "board"),
    "objective_id": _in_board("plan.Objective", "priority__board"),
    "measure_id": _in_board("plan.Measure", "priority__board"),
    "milestone_id": _in_board("plan.Milestone", "objective__priority__board"),
    "risk_id": _in_board("plan.Risk", "board"),
    "group_id": _in_board("governance.Group", "board"),
    "member_id": _in_board("governance.Member", "group__board"),
    "meeting_id": _in_board("governance.Meeting", "group__board"),
    "item_id": _in_board("governance.AgendaItem", "meeting__group__board"),
    "assessment_id": _in_board("selfassessment.SelfAssessment", "board"),
    "link_id": _in_board("selfassessment.EvidenceLink", "assessment__board"),
    "report_id": _in_board("reports.AnnualReport", "board"),
    "dispatch_id": _in_board("reports.Dispatch", "report__board"),
    "challenge_id": _in_board("challenges.Challenge", "board"),
    "action_id": _in_board("actions.Action", "boards"),
    "finding_id": _in_board("findings.Finding", "board"),
    "activity_id": _in_board("voice.EngagementActivity", "board"),
    "form_id": _in_board("voice.FeedbackForm", "board"),
    "agency_id": _in_board("tenancy.Agency", "memberships__board"),
    "assignment_id": _in_board("people.RoleAssignment", "board"),
    "resource_id": _in_board("regional.Resource", "contributed_by_board"),
    "pending_id": _in_board("dataset.PendingImport", "board"),
    "la_id": _in_board("dataset.LocalAuthority", "board"),
    "job_id": _in_board("jobs.Job", "board"),
    "plan_id": _in_board("scrutineer.ScrutinyPlan", "board"),
    "planned_id": _in_board("scrutineer.PlannedActivity", "plan__board"),
    "shared_id": _in_board("scrutineer.SharedRecord", "plan__board"),
    "inspection_id": _in_board("inspections.Inspection", "board"),
    "version_id": _in_board("partnership.DocumentVersion", "board"),
    "partner_id": _in_board("partnership.Partner", "board"),
    "contribution_id": _in_board("partnership.Contribution", "board"),
}
# Shared across the region by design: no other board's record to hide.
REGION_SHARED = {"resource_id"}
PEER_REVIEW_IDS = {
    "review_id": _in_board("peerreview.PeerReview", "assessment__board"),
    "link_id": _in_board("selfassessment.EvidenceLink", "assessment__board"),
}
MISSING = 999_999  # no record of that kind on the board: the address still resolves


def object_kwargs(
    board: Board, name: str, route: str, excluding: Board | None = None
) -> tuple[dict, bool]:
    """Keyword arguments for the route on this board, and whether every id is a real record
    (of this board and, given `excluding`, not of that board as well)."""
    namespace = name.split(":")[0]
    finders = PEER_REVIEW_IDS if namespace == "peerreview" else OBJECT_IDS
    kwargs: dict = {}
    real = True
    for param in parameters(route):
        if param == "board_slug":
            kwargs[param] = board.slug
        elif param == "region_slug":
            kwargs[param] = board.region.slug
        elif param in finders:
            pk = finders[param](board, excluding).values_list("pk", flat=True).first()
            real = real and pk is not None
            kwargs[param] = pk or MISSING
        else:
            kwargs[param] = {
                "export_format": "xlsx",
                "key": "introduction",
                "code": IndicatorDefinition.objects.values_list("code", flat=True).first(),
                "number": 1,
                "pk": FrameworkTemplate.objects.values_list("pk", flat=True).first(),
                "form_slug": "x",
                "token": "x",
                "uidb64": "x",
                "app_label": "auth",  # the admin's own pages
                "url": "x",
                "year": "2023-24",  # a financial year
                "dimension": "sex",  # a characteristic of disproportionality
                "role": "police",
                "partner_kind": "police",
                "document_kind": "threshold",
            }.get(param, "1")
            real = real and param in (
                "export_format",
                "key",
                "number",
                "pk",
                "code",
                "role",
                "partner_kind",
                "document_kind",
                "year",
                "dimension",
            )
    return kwargs, real


def url(name: str, kwargs: dict) -> str:
    return reverse(name, kwargs=kwargs)


def _client(user: User | None) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
        device = user.totpdevice_set.filter(confirmed=True).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client


DEMO_ROLE_LOGINS = {
    R.REGIONAL_ADMIN: "admin",
    R.CHAIR: "chair.ashbourne",
    R.BUSINESS_MANAGER: "manager.ashbourne",
    R.QA_MEMBER: "qa.ashbourne",
    R.LAY_MEMBER: "lay.ashbourne",
    R.VIEWER: "viewer.ashbourne",
    R.AGENCY_LEAD: "police.lead",
    R.SCRUTINEER: "scrutineer.ashbourne",
}


@dataclass
class World:
    home: Board
    other: Board
    far: Board
    clients: dict[Role, Client]
    other_board_manager: Client
    far_admin: Client
    anonymous: Client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if not FrameworkTemplate.objects.exists():  # emptied by an earlier transactional test
            load_library_files(shipped_library_files())
        call_command("demo")
        far_region = Region.objects.create(name="Far Region", slug="far-region")
        far = Board.objects.create(
            region=far_region, name="Far Board", short_name="Far", slug="far"
        )
        far_admin = User.objects.create_user(email="admin@far.example", full_name="Far Admin")
        RoleAssignment.objects.create(user=far_admin, role=R.REGIONAL_ADMIN, region=far_region)
        TOTPDevice.objects.create(user=far_admin, name="test", confirmed=True)

        def demo(local: str) -> User:
            return User.objects.get(email=f"{local}@riverside.example")

        built = World(
            home=Board.objects.select_related("region").get(slug="ashbourne"),
            other=Board.objects.select_related("region").get(slug="northvale"),
            far=far,
            clients={role: _client(demo(login)) for role, login in DEMO_ROLE_LOGINS.items()},
            other_board_manager=_client(demo("manager.northvale")),
            far_admin=_client(far_admin),
            anonymous=_client(None),
        )
    yield built
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)  # post_migrate reloads the library


def csrf_token(client: Client) -> str:
    """The client's own valid token, from a page it can load."""
    client.get(reverse("people:account"))
    return client.cookies["csrftoken"].value


def assert_post_refused(client: Client, address: str, expected=(403, 404, 405)) -> None:
    before = AuditEntry.objects.count()
    response = client.post(address, {"csrfmiddlewaretoken": csrf_token(client)})
    assert response.status_code in expected, f"POST {address}: {response.status_code}"
    assert b"CSRF verification failed" not in response.content, f"POST {address}: its token"
    assert AuditEntry.objects.count() == before, f"POST {address} changed something"


REFUSED = (403, 404)


def test_every_route_has_a_spec():
    missing = [name for name, _ in ALL_ROUTES if spec_for(name) is None]
    assert not missing, "routes with no line in ROUTES: " + ", ".join(missing)
    stale = set(ROUTES) - {name for name, _ in ALL_ROUTES}
    assert not stale, "ROUTES names routes that no longer exist: " + ", ".join(sorted(stale))
    for name, spec in ROUTES.items():
        if spec.scope in ("board", "region"):
            assert spec.permission in HOLDERS, f"{name}: who holds {spec.permission}?"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), [r for r in ALL_ROUTES if spec_for(r[0]) != PUBLIC])
def test_anonymous_is_sent_to_sign_in(world, name, route):
    kwargs, _ = object_kwargs(world.home, name, route)
    response = world.anonymous.get(url(name, kwargs))
    if response.status_code == 405:  # POST only: send one, with a valid token
        world.anonymous.get(reverse("login"))
        token = world.anonymous.cookies["csrftoken"].value
        response = world.anonymous.post(url(name, kwargs), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302, f"{name}: {response.status_code}"
    sign_in = reverse("admin:login") if name.startswith("admin:") else reverse("login")
    assert response["Location"].startswith(sign_in)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), routes("board"))
def test_each_role_on_its_own_board(world, name, route):
    kwargs, real = object_kwargs(world.home, name, route)
    has_objects = any(p.endswith("_id") for p in parameters(route))
    holders = ROUTES[name].holders
    address = url(name, kwargs)
    for role, client in world.clients.items():
        status = client.get(address).status_code
        assert status < 500, f"{role} GET {name}: {status}"
        if role not in holders:
            if status == 405:  # POST only: the refusal must come on POST, writing nothing
                assert_post_refused(client, address, expected=(403,))
            else:
                assert status == 403, f"{role} may not open {name}, which gave {status}"
        elif not has_objects and "export_format" not in kwargs:
            assert status in (200, 302, 405), f"{role} may open {name}, which gave {status}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), routes("board"))
def test_outsiders_find_no_board(world, name, route):
    kwargs, _ = object_kwargs(world.home, name, route)
    address = url(name, kwargs)
    for outsider in (world.other_board_manager, world.far_admin):
        assert outsider.get(address).status_code in (404, 405)  # 405: a POST-only route
        assert_post_refused(outsider, address, expected=(404,))


OBJECT_ROUTES = [(n, r) for n, r in routes("board") if any(p in OBJECT_IDS for p in parameters(r))]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), OBJECT_ROUTES)
def test_another_boards_records_are_not_found_through_ones_own(world, name, route):
    theirs, real = object_kwargs(world.other, name, route, excluding=world.home)
    if not real or REGION_SHARED & set(parameters(route)):
        pytest.skip(f"the demo has no record on {world.other.slug} for {name}")
    theirs["board_slug"] = world.home.slug
    address = url(name, theirs)
    for role in (R.REGIONAL_ADMIN, R.BUSINESS_MANAGER):
        status = world.clients[role].get(address).status_code
        assert status in (*REFUSED, 405), f"{role} GET {address}: {status}"
    assert_post_refused(world.clients[R.BUSINESS_MANAGER], address)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), routes("region"))
def test_region_pages_are_for_that_regions_admins(world, name, route):
    kwargs, _ = object_kwargs(world.home, name, route)
    address = url(name, kwargs)
    holders = HOLDERS[ROUTES[name].permission]
    if R.REGIONAL_ADMIN in holders:
        # 405: a POST-only page (starting the regional report's export)
        assert world.clients[R.REGIONAL_ADMIN].get(address).status_code in (200, 302, 404, 405)
    for outsider in (world.far_admin, world.clients[R.CHAIR], world.clients[R.AGENCY_LEAD]):
        assert outsider.get(address).status_code == 404
        assert_post_refused(outsider, address)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), routes("peer"))
def test_peer_review_pages_are_for_its_peer_reviewers(world, name, route):
    kwargs, _ = object_kwargs(world.home, name, route)
    address = url(name, kwargs)
    for outsider in (world.clients[R.VIEWER], world.far_admin):
        status = outsider.get(address).status_code
        if "review_id" in kwargs:
            assert status in (*REFUSED, 405), f"GET {address}: {status}"
        else:
            assert status == 200  # the list of one's own peer reviews: empty for them
        if "review_id" in kwargs:
            assert_post_refused(outsider, address)
