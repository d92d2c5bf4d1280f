"""A checked distribution becomes a served file: blob first, then rows and journal at once."""

from stilton.publishing.errors import FileExists, ProjectFull, PublishingError, SdistExists
from stilton.publishing.incoming import IncomingFile
from stilton.publishing.keys import file_key, metadata_key
from stilton.publishing.ledger import DatabaseLedger, ProjectFacts
from stilton.publishing.policy import (
    PolicyError,
    ProhibitedNameView,
    ProjectLimits,
    PublishingPolicy,
    parse_size,
)
from stilton.publishing.publisher import Publisher, PublishOutcome, PublishTerms

__all__ = [
    "DatabaseLedger",
    "FileExists",
    "IncomingFile",
    "PolicyError",
    "ProhibitedNameView",
    "ProjectFacts",
    "ProjectFull",
    "ProjectLimits",
    "PublishOutcome",
    "PublishTerms",
    "Publisher",
    "PublishingError",
    "PublishingPolicy",
    "SdistExists",
    "file_key",
    "metadata_key",
    "parse_size",
]
