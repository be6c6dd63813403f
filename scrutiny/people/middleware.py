"""django-otp's middleware with the person's TOTP device read in SQL."""

from __future__ import annotations

import functools

from django.db import connection
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutiny.core.sql import model_columns


@functools.cache
def _device_sql(vendor: str) -> str:
    """The query for one TOTP device by its number, written once for the database in use."""
    quote = connection.ops.quote_name
    table, pk = quote(TOTPDevice._meta.db_table), quote(TOTPDevice._meta.pk.column)
    columns = model_columns(TOTPDevice, "d").select
    # The names are the model's own; the device's number goes as a parameter.
    return f"SELECT {columns} FROM {table} d WHERE d.{pk} = %s"  # noqa: S608


class OTPMiddleware(DjangoOTPMiddleware):
    """Marks the person verified when their session names a confirmed device of theirs, as
    django-otp's middleware does (which also drops a device that is not). Every signed-in
    page loads that device, so a TOTP device, the only kind Scrutiny issues, is read in SQL
    (`core.sql`): one query, as before, without the ORM building it again each time."""

    def _device_from_persistent_id(self, persistent_id: str) -> TOTPDevice | None:
        label, _, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        if label != TOTPDevice._meta.label_lower or not device_id.isdigit():
            return super()._device_from_persistent_id(persistent_id)
        with connection.cursor() as cursor:
            cursor.execute(_device_sql(connection.vendor), [int(device_id)])
            row = cursor.fetchone()
        return model_columns(TOTPDevice, "d").build(row) if row else None
