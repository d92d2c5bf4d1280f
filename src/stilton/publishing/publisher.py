from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stilton.accounts import Identity
from stilton.db import Database, models, utcnow
from stilton.distributions import Distribution
from stilton.projects.names import confusable_key
from stilton.publishing.errors import FileExists, ProjectFull, SdistExists
from stilton.publishing.incoming import IncomingFile
from stilton.publishing.keys import file_key, metadata_key
from stilton.publishing.records import new_file, new_release, record
from stilton.publishing.releases import find_release_id
from stilton.review import HELD, PUBLISHED, QUARANTINED, UPLOAD, record_report
from stilton.review.states import state_for
from stilton.scanning import ScanReport
from stilton.storage import BlobStore

OWNER = "Owner"


@dataclass(frozen=True)
class PublishTerms:
    """What an upload brings beside the file: where it came from, and the size limit of a
    project without its own (None: no limit)."""

    client_ip: str | None = None
    max_project_size: int | None = None


@dataclass(frozen=True)
class PublishOutcome:
    serial: int
    normalized_name: str
    already_present: bool
    state: str = PUBLISHED
    """The file's state: `published`, or held, quarantined or rejected (not served)."""


class Publisher:
    """Stores the blob, then records project, release, file and journal in one transaction.

    A crash between the two steps leaves an unreferenced blob at worst, never a row that
    points at a missing or partial file.
    """

    def __init__(self, database: Database, store: BlobStore) -> None:
        self.database = database
        self.store = store

    def publish(
        self,
        dist: Distribution,
        incoming: IncomingFile,
        identity: Identity,
        terms: PublishTerms = PublishTerms(),
        report: ScanReport | None = None,
    ) -> PublishOutcome:
        """Record the file, published or, by the verdict of `report` (stored with it), held
        or quarantined; None: published unscanned."""
        with self.database.session() as session:
            existing = self._authorize_and_find(session, dist, incoming, identity)
        if existing is not None:
            return existing
        created_blobs = self._store_blobs(dist, incoming)
        try:
            return self._record(dist, incoming, identity, terms, report)
        except IntegrityError:
            # A concurrent upload won the race; the second attempt sees its rows.
            try:
                return self._record(dist, incoming, identity, terms, report)
            except BaseException:
                self._discard(created_blobs)
                raise
        except BaseException:
            self._discard(created_blobs)
            raise

    def _authorize_and_find(
        self, session: Session, dist: Distribution, incoming: IncomingFile, identity: Identity
    ) -> PublishOutcome | None:
        project = _find_project(session, dist.filename.normalized_name)
        role = _role_of(session, identity.user_id, project) if project else None
        identity.check_upload(dist.filename.normalized_name, role, project is not None)
        return _already_present(session, incoming)

    def _store_blobs(self, dist: Distribution, incoming: IncomingFile) -> list[str]:
        created: list[str] = []
        key = file_key(incoming.blake2_256, incoming.filename)
        if not self.store.exists(key):
            self.store.put(key, incoming.path)
            created.append(key)
        if dist.serves_metadata:
            meta = metadata_key(incoming.blake2_256, incoming.filename)
            if not self.store.exists(meta):
                self.store.put_bytes(meta, dist.metadata_bytes)
                created.append(meta)
        return created

    def _discard(self, keys: list[str]) -> None:
        for key in keys:
            self.store.delete(key)

    def _record(
        self,
        dist: Distribution,
        incoming: IncomingFile,
        identity: Identity,
        terms: PublishTerms,
        report: ScanReport | None,
    ) -> PublishOutcome:
        """One transaction; the project row is locked first (PostgreSQL), so the checks that
        a concurrent upload could falsify (one sdist, the size limit) hold when it commits."""
        with self.database.session() as session:
            project = _find_project(session, dist.filename.normalized_name, lock=True)
            found = self._authorize_and_find(session, dist, incoming, identity)
            if found is not None:
                return found
            actor, address = identity.username, terms.client_ip
            if project is None:
                project = models.Project(
                    name=dist.metadata.name,
                    normalized_name=dist.filename.normalized_name,
                    confusable_name=confusable_key(dist.metadata.name),
                    created=utcnow(),
                    last_serial=0,
                    total_size=0,
                )
                session.add(project)
                session.flush()
                session.add(
                    models.Role(user_id=identity.user_id, project_id=project.id, role=OWNER)
                )
                record(session, project, None, None, "create", actor, address)
                record(session, project, None, None, f"add {OWNER} {actor}", None, address)
            _check_size(project, incoming, terms)
            release = _find_release(session, project, dist)
            if release is None:
                release = new_release(project, dist)
                session.add(release)
                record(session, project, release.version, None, "new release", actor, address)
            elif dist.filename.filetype == "sdist":
                _check_one_sdist(release, incoming)
            metadata_sha256 = (
                hashlib.sha256(dist.metadata_bytes).hexdigest() if dist.serves_metadata else None
            )
            state = PUBLISHED if report is None else state_for(report.verdict)
            file = new_file(release, dist, incoming, identity.user_id, metadata_sha256, state)
            session.add(file)
            project.total_size += incoming.size
            session.flush()
            if report is not None:
                record_report(session, file.id, report, UPLOAD, actor)
            action = f"{_verb(state)} {dist.filename.python_version} file {incoming.filename}"
            if report is not None and state != PUBLISHED:
                action += f" ({report.verdict}, score {report.score:.2f})"
            serial = record(
                session, project, release.version, incoming.filename, action, actor, address
            )
            session.flush()
            return PublishOutcome(serial, project.normalized_name, False, state)


def _verb(state: str) -> str:
    """The journal's word for a new file in `state`."""
    return {PUBLISHED: "add", HELD: "hold", QUARANTINED: "quarantine"}[state]


def _find_project(
    session: Session, normalized_name: str, *, lock: bool = False
) -> models.Project | None:
    query = select(models.Project).where(models.Project.normalized_name == normalized_name)
    return session.scalar(query.with_for_update() if lock else query)


def _check_size(project: models.Project, incoming: IncomingFile, terms: PublishTerms) -> None:
    limit = project.max_total_size if project.max_total_size is not None else terms.max_project_size
    if limit is not None and project.total_size + incoming.size > limit:
        raise ProjectFull(
            f"Project too large: '{project.name}' would hold {project.total_size + incoming.size} "
            f"bytes; the limit is {limit} bytes"
        )


def _check_one_sdist(release: models.Release, incoming: IncomingFile) -> None:
    for file in release.files:
        if file.packagetype == "sdist" and file.filename != incoming.filename:
            raise SdistExists(
                f"Release {release.version} has an sdist already ('{file.filename}'); "
                "a release takes only one"
            )


def _role_of(session: Session, user_id: int, project: models.Project) -> str | None:
    return session.scalar(
        select(models.Role.role).where(
            models.Role.user_id == user_id, models.Role.project_id == project.id
        )
    )


def _find_release(
    session: Session, project: models.Project, dist: Distribution
) -> models.Release | None:
    release_id = find_release_id(session, project.id, dist.filename.version)
    return None if release_id is None else session.get(models.Release, release_id)


def _already_present(session: Session, incoming: IncomingFile) -> PublishOutcome | None:
    """An identical re-upload succeeds; the name or the bytes used otherwise are refused."""
    same_name = session.scalar(select(models.File).where(models.File.filename == incoming.filename))
    if same_name is not None:
        if same_name.sha256 != incoming.sha256:
            raise FileExists(f"File already exists: '{incoming.filename}' with other contents")
        project = same_name.release.project
        return PublishOutcome(project.last_serial, project.normalized_name, True, same_name.state)
    if session.get(models.DeletedFilename, incoming.filename) is not None:
        raise FileExists(
            f"File already exists: '{incoming.filename}' was deleted and cannot be reused"
        )
    same_bytes = session.scalar(select(models.File).where(models.File.sha256 == incoming.sha256))
    if same_bytes is not None:
        raise FileExists(f"File already exists: the same contents as '{same_bytes.filename}'")
    return None
