"""Fetch a source's files, keep the raw copies and their checksums.

Each file is streamed to disk through the one :class:`HttpClient` (timeouts,
retries), conditionally on the ETag it had last time. A zip is unpacked and
its inner data file hashed, since the authority re-zips its file every day:
the zip's bytes change while the data does not. Everything lands first in a
staging folder; :func:`promote` moves it beside the kept copies only once the
source has been imported, so a failed or partial fetch changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from indexer.importers.fetch import FetchError, HttpClient
from indexer.sources import Source, SourceFile

STATE_FILE = "state.json"
STAGING = ".incoming"
_CHUNK = 1 << 20


class SourceFetchError(RuntimeError):
    """A source could not be fetched whole; names the source, the URL and why."""

    def __init__(self, source: str, url: str | None, reason: str):
        self.source, self.url, self.reason = source, url, reason
        super().__init__(f"{source}: {url or 'no URL'}: {reason}")


@dataclass
class FetchedFile:
    name: str
    url: str
    data_path: Path  # the data file itself (unpacked from its zip where zipped)
    sha256: str
    etag: str | None
    not_modified: bool


def sync_dir(root: Path, source: Source) -> Path:
    return Path(root) / "sync" / source.name


def load_state(folder: Path) -> dict:
    path = folder / STATE_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def fetch_files(source: Source, folder: Path, client: HttpClient, progress=None) -> list[FetchedFile]:
    """Every file of ``source``, in the staging folder (or the kept copy when the server says 304)."""
    state = load_state(folder).get("files", {})
    staging = folder / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    fetched = []
    for item in source.files:
        if not item.url:
            raise SourceFetchError(source.name, None, "no published URL is configured")
        known = state.get(item.name) or {}
        kept = folder / known["data"] if known.get("data") else None
        etag = known.get("etag") if kept is not None and kept.is_file() else None
        label = f"{source.name} {item.name}"
        try:
            download = client.download(item.url, staging / item.name, etag=etag,
                                       progress=(lambda done, total, label=label: progress(label, done, total))
                                       if progress else None)
        except FetchError as exc:
            raise SourceFetchError(source.name, item.url, exc.reason) from None
        if download.not_modified:
            fetched.append(FetchedFile(item.name, item.url, kept, known["sha256"], download.etag, True))
            continue
        data_path, sha = _data_file(source, item, staging / item.name, staging)
        fetched.append(FetchedFile(item.name, item.url, data_path, sha, download.etag, False))
    return fetched


def combined_sha256(files: list[FetchedFile]) -> str:
    """One file: its own sha256. Several: the sha256 over their names and checksums, in order."""
    if len(files) == 1:
        return files[0].sha256
    digest = hashlib.sha256()
    for item in files:
        digest.update(f"{item.name}\0{item.sha256}\n".encode())
    return digest.hexdigest()


def promote(folder: Path, files: list[FetchedFile]) -> None:
    """Keep the staged copies (replacing the previous ones) and remember their ETags and checksums."""
    state = load_state(folder)
    entries = state.setdefault("files", {})
    for item in files:
        if item.not_modified:
            continue
        target = folder / item.data_path.name
        item.data_path.replace(target)
        item.data_path = target
        entries[item.name] = {"url": item.url, "etag": item.etag, "sha256": item.sha256, "data": target.name}
    for item in files:
        if item.not_modified and item.etag:
            entries[item.name]["etag"] = item.etag
    (folder / STATE_FILE).write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    discard(folder)


def discard(folder: Path) -> None:
    shutil.rmtree(folder / STAGING, ignore_errors=True)


def _data_file(source: Source, item: SourceFile, downloaded: Path, staging: Path) -> tuple[Path, str]:
    """The data file and its sha256: the download itself, or the file inside it when it is a zip."""
    if not zipfile.is_zipfile(downloaded):
        if item.member or downloaded.suffix.lower() == ".zip":
            raise SourceFetchError(source.name, item.url, "the zip is damaged or incomplete")
        return downloaded, _sha256(downloaded)
    try:
        with zipfile.ZipFile(downloaded) as archive:
            member = _member(archive, item.member)
            target = staging / Path(member.filename).name
            digest = hashlib.sha256()
            with archive.open(member) as inner, open(target, "wb") as out:
                while chunk := inner.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise SourceFetchError(source.name, item.url, f"the zip cannot be read ({exc})") from None
    downloaded.unlink()
    return target, digest.hexdigest()


def _member(archive: zipfile.ZipFile, wanted: str | None) -> zipfile.ZipInfo:
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if wanted:
        for info in infos:
            if Path(info.filename).name.lower() == wanted.lower():
                return info
    if not infos:
        raise zipfile.BadZipFile("the zip holds no file")
    # The authority renames its inner file now and then: the largest file is the data.
    return max(infos, key=lambda info: info.file_size)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def decode(path: Path) -> str:
    """The file's text: UTF-8 when it is, else the encoding ``charset_normalizer`` detects.

    NHTSA's flat file has been published in Windows-1252; a wrong guess would
    turn every accented maker name into mojibake, so the encoding is detected
    from the bytes rather than assumed.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 << 20]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace")
