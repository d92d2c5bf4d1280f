"""A checked distribution becomes a served file: blob first, then rows and journal at once."""

from stilton.publishing.errors import FileExists, PublishingError
from stilton.publishing.incoming import IncomingFile
from stilton.publishing.keys import file_key, metadata_key
from stilton.publishing.publisher import Publisher, PublishOutcome

__all__ = [
    "FileExists",
    "IncomingFile",
    "PublishOutcome",
    "Publisher",
    "PublishingError",
    "file_key",
    "metadata_key",
]
