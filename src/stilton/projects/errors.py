from typing import ClassVar


class ProjectError(Exception):
    """A lifecycle change that cannot be made; the message is shown to the user.

    `status` is the HTTP status the management API answers with, `code` a stable slug.
    """

    status: ClassVar[int] = 400
    code: ClassVar[str] = "project-error"


class UnknownProject(ProjectError):
    status = 404
    code = "unknown-project"


class UnknownRelease(ProjectError):
    status = 404
    code = "unknown-release"


class UnknownFile(ProjectError):
    status = 404
    code = "unknown-file"


class AlreadyYanked(ProjectError):
    status = 409
    code = "already-yanked"


class NotYanked(ProjectError):
    status = 409
    code = "not-yanked"


class ReasonTooLong(ProjectError):
    code = "reason-too-long"


class InvalidRole(ProjectError):
    code = "invalid-role"


class RoleExists(ProjectError):
    status = 409
    code = "role-exists"


class RoleNotHeld(ProjectError):
    status = 404
    code = "no-role"


class LastOwnerRefused(ProjectError):
    """Removing or demoting the only owner would leave nobody to manage the project."""

    status = 409
    code = "last-owner"
