from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from scrutiny.demo.audits import create_demo_audits
from scrutiny.demo.dataset import create_demo_data_set
from scrutiny.demo.findings import create_demo_findings
from scrutiny.demo.impact import create_demo_impact
from scrutiny.demo.incidents import create_demo_incidents
from scrutiny.demo.inspections import create_demo_inspection
from scrutiny.demo.partnership import create_demo_partnership
from scrutiny.demo.plan import create_demo_plan
from scrutiny.demo.region import DEMO_PASSWORD, create_demo_region
from scrutiny.demo.reports import create_demo_reports
from scrutiny.demo.returns import create_demo_returns
from scrutiny.demo.reviews import create_demo_reviews
from scrutiny.demo.scrutiny_plan import create_demo_scrutiny_plan
from scrutiny.demo.selfassessment import create_demo_self_assessments
from scrutiny.demo.training_voice import create_demo_training_and_voice
from scrutiny.tenancy.models import Region


class Command(BaseCommand):
    help = "Create the fictional demo region (four boards, 22 agencies, a login for every role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if any region already exists"
        )

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        if Region.objects.exists():
            if if_empty:
                self.stdout.write("A region already exists; the demo region was not created.")
                return
            if Region.objects.filter(slug="riverside").exists():
                self.stdout.write("The demo region already exists.")
                return
        region = create_demo_region()
        create_demo_returns(region)
        create_demo_plan(region)
        create_demo_data_set(region)
        create_demo_audits(region)
        create_demo_reviews(region)
        create_demo_incidents(region)
        create_demo_training_and_voice(region)
        create_demo_findings(region)
        create_demo_impact(region)
        create_demo_self_assessments(region)
        create_demo_scrutiny_plan(region)
        create_demo_inspection(region)
        create_demo_partnership(region)
        create_demo_reports(region)
        self.stdout.write(
            f"Created {region} with {region.boards.count()} boards and "
            f"{region.agencies.count()} agencies. Demo password: {DEMO_PASSWORD}"
        )
