from typing import Any

from django.core.management.base import BaseCommand
from django_otp.oath import totp

from scrutiny.demo.region import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-factor code for the demo logins (it changes every 30 seconds)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
