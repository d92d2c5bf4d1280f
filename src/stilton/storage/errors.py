class StorageError(Exception):
    """A blob could not be stored or read."""


class InvalidBlobKey(StorageError):
    """A key that could name something outside the store's root."""


class BlobNotFound(StorageError, KeyError):
    """No blob is stored under the key."""
