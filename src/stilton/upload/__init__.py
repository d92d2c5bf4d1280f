"""`POST /legacy/`: the upload endpoint and its pipeline of named checks."""

from stilton.upload import errors
from stilton.upload.context import UploadContext
from stilton.upload.errors import UploadError
from stilton.upload.form import FormLimits
from stilton.upload.routes import routes

__all__ = ["FormLimits", "UploadContext", "UploadError", "errors", "routes"]
