"""Where rendered reports are kept: one folder per government under the report directory, one file per report.

A file appears whole or not at all. It is written to a temporary file in the same folder, flushed to disk
(fsync), then renamed over the final name (os.replace, atomic on POSIX), and the folder is synced so the
rename survives a crash. A worker killed mid-write leaves only a `.<report id>.*.part` file, which the next
attempt for that report removes before it writes; readers only ever open the final name. When the disk is
full or the folder cannot be written, `ReportStorageError` says so plainly and nothing is left behind.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import tempfile
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

FULL = "full"  # no space left (or over quota)
UNWRITABLE = "unwritable"  # permissions, a read-only file system, a path that is not a folder
FAILED = "failed"  # any other I/O error

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_UNWRITABLE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR, errno.ENOENT, errno.EEXIST}


class ReportStorageError(Exception):
    """The report could not be stored; `reason` is FULL, UNWRITABLE or FAILED. Nothing was left behind."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class StoredFile:
    path: Path
    size: int
    sha256: str


def _storage_error(error: OSError, where: Path) -> ReportStorageError:
    reason = FULL if error.errno in _FULL_ERRNOS else UNWRITABLE if error.errno in _UNWRITABLE_ERRNOS else FAILED
    detail = f"{where}: {error.strerror or error}"
    # The path is for the operators' log; people are told what happened and what to do, not where.
    log.error("report storage %s: %s", reason, detail)
    return ReportStorageError(reason, detail)


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: fsync the folder that holds it (not possible everywhere; best effort there)."""
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


class ReportStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder_of(self, tenant_id: uuid.UUID) -> Path:
        return self.root / str(uuid.UUID(str(tenant_id)))

    def path_of(self, tenant_id: uuid.UUID, report_id: uuid.UUID) -> Path:
        return self.folder_of(tenant_id) / f"{uuid.UUID(str(report_id))}.pdf"

    def partial_files(self, tenant_id: uuid.UUID, report_id: uuid.UUID) -> list[Path]:
        """Temporary files an interrupted write of this report left behind."""
        folder = self.folder_of(tenant_id)
        return sorted(folder.glob(f".{uuid.UUID(str(report_id))}.*.part")) if folder.is_dir() else []

    def discard_partial(self, tenant_id: uuid.UUID, report_id: uuid.UUID) -> None:
        for leftover in self.partial_files(tenant_id, report_id):
            with suppress(FileNotFoundError):
                leftover.unlink()

    def store(self, tenant_id: uuid.UUID, report_id: uuid.UUID, data: bytes) -> StoredFile:
        """Write the report's file whole, replacing an earlier one; raises ReportStorageError."""
        folder = self.folder_of(tenant_id)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _storage_error(error, folder) from error
        self.discard_partial(tenant_id, report_id)
        target = self.path_of(tenant_id, report_id)
        temporary: str | None = None
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part", dir=folder)
            with os.fdopen(descriptor, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
            temporary = None
        except OSError as error:
            raise _storage_error(error, folder) from error
        finally:
            if temporary is not None:
                with suppress(OSError):
                    os.unlink(temporary)
        _sync_folder(folder)
        return StoredFile(target, len(data), hashlib.sha256(data).hexdigest())

    def verify(self, tenant_id: uuid.UUID, report_id: uuid.UUID, size: int, sha256: str) -> bool:
        """Whether the stored file is there, whole, and the one that was recorded."""
        path = self.path_of(tenant_id, report_id)
        try:
            if not sha256 or path.stat().st_size != size:
                return False
            digest = hashlib.sha256()
            with path.open("rb") as stored:
                for chunk in iter(lambda: stored.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            return False
        return digest.hexdigest() == sha256

    def remove(self, tenant_id: uuid.UUID, report_id: uuid.UUID) -> None:
        self.discard_partial(tenant_id, report_id)
        with suppress(FileNotFoundError):
            self.path_of(tenant_id, report_id).unlink()

    def remove_government(self, tenant_id: uuid.UUID) -> None:
        """Every file of one government's reports: for the purge, once its rows are gone."""
        shutil.rmtree(self.folder_of(tenant_id), ignore_errors=True)
