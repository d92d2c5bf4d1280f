class PublishingError(Exception):
    """A distribution that cannot become a served file; the message is for the publisher."""

    code = "publishing"


class FileExists(PublishingError):
    """The filename, or the exact contents, is taken (also by files deleted since)."""

    code = "file-exists"


class SdistExists(PublishingError):
    """The release has an sdist already, under another filename."""

    code = "duplicate-sdist"


class ProjectFull(PublishingError):
    """The file would take the project past its size limit."""

    code = "project-too-large"
