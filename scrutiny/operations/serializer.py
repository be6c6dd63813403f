"""Django's JSON serialisation, without losing microseconds.

`DjangoJSONEncoder` cuts datetimes and times to milliseconds, so a dumpdata backup would
not give back the timestamps it was made from. Registered as the `exactjson` format.
"""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401 - the format's reader
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer

FORMAT = "exactjson"


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()  # every digit, with its UTC offset when it has one
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()
