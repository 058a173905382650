"""Write the Whoosh search index from the content tables of a finished build.

The build writes the database first and then this index from it, so the index
can never name a record the database lacks. Rows are read in batches (one
query per child table per batch) and fed to a single writer, so memory stays
flat however many recalls and releases there are, and a 30,000-document build
does not pay a query per record. One commit at the end: a failed build leaves
no half-written index behind for the swap step to pick up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from whoosh.index import create_in

from portal.db.content import (
    Make,
    Model,
    Recall,
    RecallVehicle,
    Release,
    ReleaseChange,
    ReleaseFeature,
    ReleaseModel,
    ReleaseRemedy,
    ReleaseVersion,
)
from portal.search.documents import Names, recall_document, release_document
from portal.search.schema import build_schema

BATCH_SIZE = 500
# One process: jieba's dictionary and the analyzers are loaded once, and a
# build machine may be small. 256 MB of posting buffer before spilling to disk
# keeps a 30,000-document build in one pass without temporary segments.
WRITER_PROCS = 1
WRITER_LIMIT_MB = 256
# One file per part of the segment, not one compound file: every searcher on a
# compound file copies its postings and terms into its own memory (about 260 MB
# per searcher at 100,000 documents, three searchers per worker), while
# separate files are read where they lie.
WRITER_COMPOUND = False


def write_index(index_dir: Path, session: Session) -> int:
    """Create a fresh index in ``index_dir`` from the content rows; return the document count."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    index = create_in(str(index_dir), build_schema())
    writer = index.writer(procs=WRITER_PROCS, limitmb=WRITER_LIMIT_MB, compound=WRITER_COMPOUND)
    count = 0
    try:
        for document in iter_documents(session):
            writer.add_document(**document)
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    index.close()
    return count


def iter_documents(session: Session) -> Iterator[dict]:
    """Every recall, then every release, as search documents."""
    names = load_names(session)
    yield from _recall_documents(session, names)
    yield from _release_documents(session, names)


def load_names(session: Session) -> Names:
    names = Names()
    for make in session.scalars(select(Make)):
        names.makes[make.slug] = (make.name_en, make.name_zh)
    for model in session.scalars(select(Model)):
        names.models[(model.make_slug, model.slug)] = (model.name_en, model.name_zh)
    return names


def _batches(session: Session, statement):
    result = session.scalars(statement.execution_options(yield_per=BATCH_SIZE))
    yield from result.partitions(BATCH_SIZE)


def _children(session: Session, entity, key, keys: list, order) -> dict[object, list]:
    """Rows of a child table for one batch of parents, grouped by parent key."""
    grouped: dict[object, list] = defaultdict(list)
    for row in session.scalars(select(entity).where(key.in_(keys)).order_by(key, *order)):
        grouped[getattr(row, key.key)].append(row)
    return grouped


def _recall_documents(session: Session, names: Names) -> Iterator[dict]:
    for batch in _batches(session, select(Recall).order_by(Recall.id)):
        keys = [recall.id for recall in batch]
        vehicles = _children(session, RecallVehicle, RecallVehicle.recall_id, keys,
                             (RecallVehicle.model_slug, RecallVehicle.year))
        for recall in batch:
            yield recall_document(recall, vehicles.get(recall.id, ()), names)


def _release_documents(session: Session, names: Names) -> Iterator[dict]:
    for batch in _batches(session, select(Release).order_by(Release.id)):
        keys = [release.id for release in batch]
        versions = _children(session, ReleaseVersion, ReleaseVersion.release_id, keys,
                             (ReleaseVersion.version_key,))
        changes = _children(session, ReleaseChange, ReleaseChange.release_id, keys,
                            (ReleaseChange.position,))
        features = _children(session, ReleaseFeature, ReleaseFeature.release_id, keys,
                             (ReleaseFeature.position,))
        models = _children(session, ReleaseModel, ReleaseModel.release_id, keys,
                           (ReleaseModel.model_slug, ReleaseModel.year))
        remedies = _children(session, ReleaseRemedy, ReleaseRemedy.release_id, keys,
                             (ReleaseRemedy.recall_id,))
        for release in batch:
            yield release_document(
                release,
                versions=[v.version for v in versions.get(release.id, ())],
                changes=changes.get(release.id, ()),
                features=[f.name for f in features.get(release.id, ())],
                models=models.get(release.id, ()),
                remedies=[r.recall_id for r in remedies.get(release.id, ())],
                names=names,
            )
