"""Import of legacy minutes text: plain Python, no database writes (``meetings.importing.save`` saves).

``read_document(bytes, filename)`` decodes a .txt or .docx file; ``parse_minutes(text,
organizations=OrganizationIndex.for_group(group))`` extracts a ``MinutesImport``;
``with_reference_date(minutes, date)`` re-counts its relative deadlines from another date.
"""

from meetings.importing.organizations import KnownOrganization, OrganizationIndex
from meetings.importing.parser import parse_minutes
from meetings.importing.reference import with_reference_date
from meetings.importing.structure import MinutesImport
from meetings.importing.text import MAX_UPLOAD_BYTES, DocumentText, ImportTextError, read_document

__all__ = [
    "MAX_UPLOAD_BYTES",
    "DocumentText",
    "ImportTextError",
    "KnownOrganization",
    "MinutesImport",
    "OrganizationIndex",
    "parse_minutes",
    "read_document",
    "with_reference_date",
]
