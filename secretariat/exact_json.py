"""A JSON serialization format that keeps every microsecond, for backups.

Django's JSON encoder cuts datetimes to milliseconds (ECMA-262), so a restored backup would not
equal what was saved: a time of 10:00:00.000456 came back as 10:00:00. This format writes the
full ISO 8601 value; Django's own JSON deserializer reads it, so a backup's ``data.json`` loads
with the standard ``loaddata``. Registered as ``exact_json`` in ``SERIALIZATION_MODULES``.
"""

from __future__ import annotations

import datetime

from django.core.serializers import json
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.timezone import is_aware


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and not is_aware(o):
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()


Deserializer = json.Deserializer
