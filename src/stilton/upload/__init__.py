"""`POST /legacy/`: the upload endpoint and its pipeline of named checks."""

from stilton.upload import errors
from stilton.upload.context import UploadContext
from stilton.upload.errors import UploadError
from stilton.upload.form import FormLimits
from stilton.upload.interfaces import ProjectLedger
from stilton.upload.routes import routes
from stilton.upload.rules import UploadRules
from stilton.upload.screening import ScanSlots
from stilton.upload.subject import Upload

__all__ = [
    "FormLimits",
    "ProjectLedger",
    "ScanSlots",
    "Upload",
    "UploadContext",
    "UploadError",
    "UploadRules",
    "errors",
    "routes",
]
