"""The HTTP server: uvicorn with httptools, taught to send a custom reason phrase."""

from stilton.server.protocol import PhrasedHttpToolsProtocol
from stilton.server.responses import PhrasedResponse, reason_phrase

__all__ = ["PhrasedHttpToolsProtocol", "PhrasedResponse", "reason_phrase"]
