"""Blob storage behind one small interface: local disk or memory (S3 comes later)."""

from stilton.storage.errors import BlobNotFound, InvalidBlobKey, StorageError
from stilton.storage.interfaces import BlobStore
from stilton.storage.keys import validate_key
from stilton.storage.local import LocalBlobStore
from stilton.storage.memory import MemoryBlobStore

__all__ = [
    "BlobNotFound",
    "BlobStore",
    "InvalidBlobKey",
    "LocalBlobStore",
    "MemoryBlobStore",
    "StorageError",
    "validate_key",
]
