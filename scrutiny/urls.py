from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from scrutiny.operations.health import health
from scrutiny.pages import people_views
from scrutiny.pages import views as core_views
from scrutiny.people import sso

# The Django admin, for system administrators, also demands a verified second factor.
admin.site.__class__ = OTPAdminSite

# Bodies over Django's limits, too many fields or files: a page saying which limit.
handler400 = "scrutiny.core.errors.bad_request"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", health, name="health"),
    path("login/", people_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/sso/callback/", sso.callback, name="sso_callback"),
    path("login/sso/<slug:slug>/", sso.start, name="sso_start"),
    path("", include("scrutiny.pages.urls")),
    path("", include("scrutiny.pages.people_urls")),
    path("", include("scrutiny.pages.tenancy_urls")),
    path("", include("scrutiny.audit.urls")),
    path("", include("scrutiny.library.urls")),
    path("", include("scrutiny.actions.urls")),
    path("", include("scrutiny.returns.urls")),
    path("", include("scrutiny.plan.urls")),
    path("", include("scrutiny.challenges.urls")),
    path("", include("scrutiny.governance.urls")),
    path("", include("scrutiny.dataset.urls")),
    path("", include("scrutiny.audits.urls")),
    path("", include("scrutiny.reviews.urls")),
    path("", include("scrutiny.incidents.urls")),
    path("", include("scrutiny.findings.urls")),
    path("", include("scrutiny.training.urls")),
    path("", include("scrutiny.voice.urls")),
    path("", include("scrutiny.scrutineer.urls")),
    path("", include("scrutiny.inspections.urls")),
    path("", include("scrutiny.partnership.urls")),
    path("", include("scrutiny.reports.urls")),
    path("", include("scrutiny.selfassessment.urls")),
    path("", include("scrutiny.peerreview.urls")),
    path("", include("scrutiny.regional.urls")),
    path("", include("scrutiny.jobs.urls")),
    path("django-admin/", admin.site.urls),
]
