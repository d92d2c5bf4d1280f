"""Safe, static reading of uploaded wheels and sdists: filenames, bounded archives, core metadata.

Nothing is extracted, imported or executed. `inspect(path, filename)` returns a `Distribution`
or raises one `DistributionError` subclass, each with a stable `code` and a message for the
publisher.
"""

from stilton.distributions.errors import (
    AmbiguousArchive,
    ArchiveLimitExceeded,
    DistributionError,
    InvalidFilename,
    InvalidLayout,
    InvalidMetadata,
    MetadataMissing,
    NameMismatch,
    UnreadableArchive,
    UnsafeArchiveMember,
    VersionMismatch,
    quote,
)
from stilton.distributions.filenames import is_valid_project_name, parse_filename
from stilton.distributions.inspection import inspect
from stilton.distributions.metadata import field_label, parse_core_metadata, unfold_description
from stilton.distributions.models import (
    ArchiveLimits,
    ArchiveMember,
    CoreMetadata,
    Distribution,
    ParsedFilename,
)
from stilton.distributions.streams import CheckedStream

__all__ = [
    "AmbiguousArchive",
    "ArchiveLimitExceeded",
    "ArchiveLimits",
    "ArchiveMember",
    "CheckedStream",
    "CoreMetadata",
    "Distribution",
    "DistributionError",
    "InvalidFilename",
    "InvalidLayout",
    "InvalidMetadata",
    "MetadataMissing",
    "NameMismatch",
    "ParsedFilename",
    "UnreadableArchive",
    "UnsafeArchiveMember",
    "VersionMismatch",
    "field_label",
    "inspect",
    "is_valid_project_name",
    "parse_core_metadata",
    "parse_filename",
    "quote",
    "unfold_description",
]
