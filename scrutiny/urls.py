from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from scrutiny.core import views as core_views
from scrutiny.operations.health import health
from scrutiny.people import views as people_views

# The Django admin, for system administrators, also demands a verified second factor.
admin.site.__class__ = OTPAdminSite

# Bodies over Django's limits, too many fields or files: a page saying which limit.
handler400 = "scrutiny.core.errors.bad_request"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", health, name="health"),
    path("login/", people_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("scrutiny.core.urls")),
    path("", include("scrutiny.people.urls")),
    path("", include("scrutiny.tenancy.urls")),
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
    path("", include("scrutiny.findings.urls")),
    path("", include("scrutiny.training.urls")),
    path("", include("scrutiny.voice.urls")),
    path("", include("scrutiny.reports.urls")),
    path("", include("scrutiny.selfassessment.urls")),
    path("", include("scrutiny.peerreview.urls")),
    path("", include("scrutiny.regional.urls")),
    path("django-admin/", admin.site.urls),
]
