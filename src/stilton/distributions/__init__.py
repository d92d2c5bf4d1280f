"""Safe, static reading of uploaded wheels and sdists: filenames, bounded archives, core metadata.

Nothing is extracted, imported or executed. `inspect(path, filename)` returns a `Distribution`
or raises one `DistributionError` subclass, each with a stable `code` and a message for the
publisher.
"""

from stilton.distributions.errors import (
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
)
from stilton.distributions.filenames import parse_filename
from stilton.distributions.inspection import inspect
from stilton.distributions.metadata import parse_core_metadata
from stilton.distributions.models import (
    ArchiveLimits,
    ArchiveMember,
    CoreMetadata,
    Distribution,
    ParsedFilename,
)

__all__ = [
    "ArchiveLimitExceeded",
    "ArchiveLimits",
    "ArchiveMember",
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
    "inspect",
    "parse_core_metadata",
    "parse_filename",
]
