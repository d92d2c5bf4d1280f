"""One model for both engines; the schema changes only through Alembic revisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from stilton.db.types import UTCDateTime

_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONList = JSON()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=_NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    email: Mapped[str] = mapped_column(String(320))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    identifier: Mapped[str] = mapped_column(String(32), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(200), default="")
    projects: Mapped[list[str] | None] = mapped_column(JSONList, nullable=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    expires: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    normalized_name: Mapped[str] = mapped_column(String(200), unique=True)
    confusable_name: Mapped[str] = mapped_column(String(200), index=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    last_serial: Mapped[int] = mapped_column(BigInteger, default=0)
    total_size: Mapped[int] = mapped_column(BigInteger, default=0)
    max_file_size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    max_total_size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    releases: Mapped[list[Release]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )


class Role(Base):
    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("user_id", "project_id", name="uq_roles_user_project"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship()
    project: Mapped[Project] = relationship()


class Release(Base):
    __tablename__ = "releases"
    __table_args__ = (
        UniqueConstraint("project_id", "canonical_version", name="uq_releases_project_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(100))
    canonical_version: Mapped[str] = mapped_column(String(100))
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    yanked: Mapped[bool] = mapped_column(Boolean, default=False)
    yanked_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    metadata_version: Mapped[str] = mapped_column(String(10))
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    description_content_type: Mapped[str | None] = mapped_column(String(200), nullable=True)
    keywords: Mapped[list[str]] = mapped_column(JSONList, default=list)
    home_page: Mapped[str | None] = mapped_column(Text, nullable=True)
    download_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    author_email: Mapped[str | None] = mapped_column(Text, nullable=True)
    maintainer: Mapped[str | None] = mapped_column(Text, nullable=True)
    maintainer_email: Mapped[str | None] = mapped_column(Text, nullable=True)
    license: Mapped[str | None] = mapped_column(Text, nullable=True)
    license_expression: Mapped[str | None] = mapped_column(Text, nullable=True)
    license_files: Mapped[list[str]] = mapped_column(JSONList, default=list)
    classifiers: Mapped[list[str]] = mapped_column(JSONList, default=list)
    platforms: Mapped[list[str]] = mapped_column(JSONList, default=list)
    requires_dist: Mapped[list[str]] = mapped_column(JSONList, default=list)
    requires_python: Mapped[str | None] = mapped_column(String(200), nullable=True)
    requires_external: Mapped[list[str]] = mapped_column(JSONList, default=list)
    provides_extra: Mapped[list[str]] = mapped_column(JSONList, default=list)
    provides_dist: Mapped[list[str]] = mapped_column(JSONList, default=list)
    obsoletes_dist: Mapped[list[str]] = mapped_column(JSONList, default=list)
    project_urls: Mapped[list[list[str]]] = mapped_column(JSONList, default=list)
    dynamic: Mapped[list[str]] = mapped_column(JSONList, default=list)

    project: Mapped[Project] = relationship(back_populates="releases")
    files: Mapped[list[File]] = relationship(back_populates="release", cascade="all, delete-orphan")


class File(Base):
    __tablename__ = "files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("releases.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255), unique=True)
    packagetype: Mapped[str] = mapped_column(String(20))
    python_version: Mapped[str] = mapped_column(String(100))
    requires_python: Mapped[str | None] = mapped_column(String(200), nullable=True)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    blake2_256: Mapped[str] = mapped_column(String(64))
    md5: Mapped[str] = mapped_column(String(32))
    metadata_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    metadata_blake2_256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    upload_time: Mapped[datetime] = mapped_column(UTCDateTime)
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    state: Mapped[str] = mapped_column(String(20), default="published")

    release: Mapped[Release] = relationship(back_populates="files")

    @property
    def path(self) -> str:
        """Where the file lives below `/packages/`: blake2b-256 fanned out, as PyPI lays it out."""
        h = self.blake2_256
        return f"{h[:2]}/{h[2:4]}/{h[4:]}/{self.filename}"


FILE_STATES = ("published", "held", "quarantined", "rejected")
"""`published` files are served; `held` (a suspicious scan) and `quarantined` (a malicious one)
wait for an admin; `rejected` ones never will be served. Only `published` is ever read out."""


class ScanReport(Base):
    """One scan of one file; every scan is kept, and the newest (highest id) is the current one.

    `findings` holds one object per finding (rule, category, severity, path, line, evidence,
    explanation); `trigger` says what ran the scan (`upload` or `rescan`), `actor` who.
    """

    __tablename__ = "scan_reports"
    __table_args__ = (Index("ix_scan_reports_file_latest", "file_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"))
    rules_version: Mapped[str] = mapped_column(String(50))
    verdict: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSONList, default=list)
    capabilities: Mapped[list[str]] = mapped_column(JSONList, default=list)
    seconds: Mapped[float] = mapped_column(Float)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    trigger: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str | None] = mapped_column(String(100), nullable=True)


class DeletedFilename(Base):
    __tablename__ = "deleted_filenames"

    filename: Mapped[str] = mapped_column(String(255), primary_key=True)
    deleted: Mapped[datetime] = mapped_column(UTCDateTime)


class ProhibitedName(Base):
    """Names nobody may register, kept by admins (normalized form)."""

    __tablename__ = "prohibited_names"

    normalized_name: Mapped[str] = mapped_column(String(200), primary_key=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


class JournalEntry(Base):
    """One change; entries about accounts rather than a project have no name."""

    __tablename__ = "journal"
    __table_args__ = (
        Index("ix_journal_normalized_name", "normalized_name"),
        Index("ix_journal_actor", "actor"),
        Index("ix_journal_subject", "subject"),
    )

    serial: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True
    )
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    normalized_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    version: Mapped[str | None] = mapped_column(String(100), nullable=True)
    filename: Mapped[str | None] = mapped_column(String(255), nullable=True)
    action: Mapped[str] = mapped_column(String(200))
    submitted: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str | None] = mapped_column(String(100), nullable=True)
    client_ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    subject: Mapped[str | None] = mapped_column(String(100), nullable=True)
    """The user an entry is about (role and token changes), for each user's audit log."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "serial": self.serial,
            "name": self.name,
            "version": self.version,
            "filename": self.filename,
            "action": self.action,
            "submitted": self.submitted.isoformat(),
            "actor": self.actor,
            "subject": self.subject,
        }


class WebSession(Base):
    """A browser's session: only a digest of the cookie's random id is stored.

    Visitors who have not logged in get one (no user) when a page shows them a form, so
    every form's CSRF token is tied to a session.
    """

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    expires: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    flash: Mapped[list[list[str]]] = mapped_column(JSONList, default=list)
    """Messages for the next page shown: [kind, text] pairs."""


class LoginFailure(Base):
    """One failed log-in, counted per user name and per client address for rate limits."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username", "username", "attempted"),
        Index("ix_login_failures_address", "address", "attempted"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(64))
    attempted: Mapped[datetime] = mapped_column(UTCDateTime)


class SearchDocument(Base):
    """A project as search and listings read it: its newest release, flattened.

    Derived data: `stilton.search` rebuilds a row whenever its project's serial moves past
    `serial`, which is unique (a project's last serial is one of its own journal entries) and
    orders hits, newest change first. The `*_words` columns hold the text already cut into
    lowercase words, so both engines index the same words. The engine's full-text index over
    them (an FTS5 table on SQLite, tsvector columns on PostgreSQL) is raw SQL in the migration
    and not modelled here.
    """

    __tablename__ = "search_documents"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(200))
    normalized_name: Mapped[str] = mapped_column(String(200), unique=True)
    version: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text, default="")
    updated: Mapped[datetime] = mapped_column(UTCDateTime)
    serial: Mapped[int] = mapped_column(BigInteger, unique=True)
    name_words: Mapped[str] = mapped_column(Text, default="")
    summary_words: Mapped[str] = mapped_column(Text, default="")
    keywords_words: Mapped[str] = mapped_column(Text, default="")
    description_words: Mapped[str] = mapped_column(Text, default="")


class SearchClassifier(Base):
    """One trove classifier of a search document, for filtering by classifier."""

    __tablename__ = "search_classifiers"

    classifier: Mapped[str] = mapped_column(String(255), primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("search_documents.project_id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    )


class SearchDependency(Base):
    """A project named by the newest release of another: the "used by" lists read these.

    `extra` is the extra the requirement belongs to, or "" when it is always required.
    """

    __tablename__ = "search_dependencies"

    dependency: Mapped[str] = mapped_column(String(200), primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("search_documents.project_id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    )
    extra: Mapped[str] = mapped_column(String(200), primary_key=True, default="")


# What the project page reads for its history, served from indexes alone: a project's releases
# without touching their wide rows (descriptions), and "has a published file" per release.
Index(
    "ix_releases_history",
    Release.project_id,
    Release.id,
    Release.version,
    Release.created,
    Release.yanked,
)
Index("ix_files_release_state", File.release_id, File.state)


# Schema objects made in raw SQL by the migrations, which the models cannot describe: the
# full-text index of the search documents (FTS5 with its shadow tables on SQLite; tsvector
# columns and their GIN indexes on PostgreSQL). Comparing the models to the database skips them.
UNMODELLED_TABLE_PREFIX = "search_fts"
_VECTORS = ("name_vector", "head_vector", "text_vector")
UNMODELLED_NAMES = frozenset(
    [*_VECTORS, *(f"ix_search_documents_{v}" for v in _VECTORS), "ix_search_documents_name_prefix"]
)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's `include_name` hook: False for the raw-SQL objects above."""
    if name is None:
        return True
    if type_ == "table" and name.startswith(UNMODELLED_TABLE_PREFIX):
        return False
    return name not in UNMODELLED_NAMES
