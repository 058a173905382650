"""``ota-portal``: thin click wrappers over importable functions (docs/ARCHITECTURE.md §6b)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from portal.instance import InstancePaths

DEFAULT_CONTENT = Path("content")


@click.group(help="OTA Transparency Portal: build the data, serve it, import official records.")
def main() -> None:
    pass


@main.command(help="Validate content/ and build the database and search index (atomic swap).")
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=DEFAULT_CONTENT, show_default=True)
def build(content_dir: Path) -> None:
    from indexer.build import BuildLocked, DiskFull
    from indexer.build import build as run_build
    from indexer.progress import ProgressBar
    from indexer.validation import ContentValidationError

    paths = InstancePaths.from_env()
    click.echo(f"Building {content_dir} into {paths.root}")
    try:
        result = run_build(content_dir, paths, os.environ.get("DATABASE_URL") or None, ProgressBar())
    except ContentValidationError as exc:
        click.echo(str(exc), err=True)
        click.echo("Nothing was changed: the previous build is still served.", err=True)
        sys.exit(1)
    except BuildLocked as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except DiskFull as exc:
        click.echo(f"Error: {exc}. Free some space and build again.", err=True)
        click.echo("Nothing was changed: the previous build is still served.", err=True)
        sys.exit(1)
    except ValueError as exc:  # a setting that cannot work (SEARCH_BACKEND)
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    counts = result.manifest["counts"]
    click.echo(
        f"Built {result.build_id} in {result.seconds:.1f}s: {counts['recalls']} recalls "
        f"({counts['recalls_ota']} OTA), {counts['releases']} releases, {counts['versions']} versions, "
        f"{counts['vehicles']} demo vehicles, {result.manifest['index_documents']} search documents."
    )


@main.command(help="Serve the built instance with gunicorn.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
def serve(host: str, port: int, workers: int) -> None:
    from portal.serve import serve as run_server

    run_server(host, port, workers)


@main.command(help="Apply the runtime tables' migrations (chat log, staff, serving nodes); safe to repeat.")
def migrate() -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from portal.db.migrate import RuntimeNewerThanCode, head_revision, migrate_runtime
    from portal.instance import runtime_database_url
    from portal.startup import first_line

    paths = InstancePaths.from_env()
    paths.root.mkdir(parents=True, exist_ok=True)
    url = runtime_database_url(paths, os.environ.get("DATABASE_URL") or None)
    try:
        applied = migrate_runtime(url)
    except RuntimeNewerThanCode as exc:
        click.echo(f"Error: {exc}.", err=True)
        sys.exit(3)
    except SQLAlchemyError as exc:
        click.echo(f"Error: cannot migrate the runtime database: {first_line(exc)}; check DATABASE_URL.", err=True)
        sys.exit(3)
    for line in applied:
        click.echo(f"Applied {line}")
    click.echo(f"Runtime tables are at revision {head_revision()}"
               + (f" ({len(applied)} revision(s) applied)." if applied else "; nothing to apply."))


@main.command(help="List build schemas no live node serves and this instance does not keep; --yes drops them.")
@click.option("--yes", is_flag=True, help="Drop the listed schemas (without it, only list them).")
def prune(yes: bool) -> None:
    from portal.prune import PruneError
    from portal.prune import prune as run_prune

    try:
        report = run_prune(InstancePaths.from_env(), os.environ.get("DATABASE_URL") or None, drop=yes)
    except PruneError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    click.echo(report.text(dropped=yes))


@main.command(help="Serve the previous build again (or --to ID): checks it, then swaps the `current` link.")
@click.option("--to", "to", default=None, help="The build id to serve (default: the newest one before the served one).")
def rollback(to: str | None) -> None:
    from portal.rollback import RollbackError
    from portal.rollback import rollback as run_rollback

    try:
        result = run_rollback(InstancePaths.from_env(), os.environ.get("DATABASE_URL") or None, to)
    except RollbackError as exc:
        click.echo(f"Error: {exc}. Nothing was changed.", err=True)
        sys.exit(2)
    click.echo(f"Now serving build {result.build_id} (was {result.previous or 'none'}); running servers switch "
               f"at their next request. On every other node: ota-portal rollback --to {result.build_id}")


@main.command(help="Fetch each configured source, import what changed, rebuild and swap (see docs/DATA.md, 'Keeping the data current').")
@click.option("--source", "names", multiple=True, metavar="NAME", help="Only this source (repeatable); default: all.")
@click.option("--dry-run", is_flag=True, help="Fetch and say what would change; write nothing.")
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=DEFAULT_CONTENT, show_default=True)
def sync(names: tuple[str, ...], dry_run: bool, content_dir: Path) -> None:
    from indexer.progress import ProgressBar
    from indexer.sources import SourceConfigError
    from indexer.sync.run import SyncError
    from indexer.sync.run import sync as run_sync

    try:
        result = run_sync(content_dir, InstancePaths.from_env(), os.environ.get("DATABASE_URL") or None,
                          list(names) or None, dry_run=dry_run, progress=ProgressBar())
    except (SyncError, SourceConfigError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    for outcome in result.outcomes:
        click.echo(outcome.line(), err=outcome.status == "failed")
    if dry_run:
        click.echo("Dry run: nothing was written.")
    elif result.build_error:
        click.echo(f"Error: the rebuild failed ({result.build_error}); the previous build is still served.", err=True)
    elif result.build_id:
        click.echo(f"Rebuilt and swapped in {result.build_id}.")
    if result.failed or result.build_error:
        names_failed = ", ".join(o.name for o in result.failed)
        if names_failed:
            click.echo(f"Failed: {names_failed}; their data and records are unchanged.", err=True)
        sys.exit(1)


@main.group(name="import", help="Bring official data into content/ (idempotent; a bad file changes nothing).")
def import_group() -> None:
    pass


def _run_import(kind: str, source: str, content_dir: Path) -> None:
    from indexer.importers.common import ImportFileError

    importer = _importer(kind)
    try:
        report = importer(source, content_dir)
    except ImportFileError as exc:
        click.echo(f"Error: {exc}", err=True)
        click.echo("Nothing was changed.", err=True)
        sys.exit(1)
    click.echo(f"{kind}: {report.summary()}")


def _importer(kind: str):
    if kind == "nhtsa":
        from indexer.importers.nhtsa import import_nhtsa

        return import_nhtsa
    if kind == "samr":
        from indexer.importers.samr import import_samr

        return import_samr
    from indexer.importers.releases import import_releases

    return import_releases


for _kind, _help in (
    ("nhtsa", "NHTSA recalls: flat file (TSV), API CSV/JSON, or an api.nhtsa.gov URL."),
    ("samr", "SAMR OTA recall fact file (JSON)."),
    ("releases", "Release notes: Tesla release_families.json, Rivian CHANGELOG.md, or a releases YAML."),
):
    def _command(source: str, content_dir: Path, _k: str = _kind) -> None:
        _run_import(_k, source, content_dir)

    import_group.command(name=_kind, help=_help)(
        click.argument("source")(
            click.option("--content", "content_dir", type=click.Path(path_type=Path), default=DEFAULT_CONTENT,
                         show_default=True)(_command)))


def _instance_engine():
    from portal.chat.service import instance_engine

    return instance_engine(InstancePaths.from_env(), os.environ.get("DATABASE_URL") or None)


def _not_ready(exc: Exception) -> None:
    click.echo(f"Error: {exc}", err=True)
    sys.exit(1)


@main.command(help="Ask the assistant a question; prints the answer, its sources and the rule that fired.")
@click.argument("question")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--vin", default=None, help="The car the question is about (17 characters).")
def ask(question: str, lang: str, vin: str | None) -> None:
    from portal.chat.service import format_answer
    from portal.instance import InstanceNotReady
    from portal.vehicles import error_message, validate_vin

    check = validate_vin(vin) if vin else None
    if check is not None and not check.ok:
        click.echo(f"Error: {error_message(check.error.code, lang, **check.error.details)}", err=True)
        sys.exit(1)
    try:
        with _instance_engine() as engine:
            answer = engine.ask(question, lang, vin=check.vin if check else None)
    except InstanceNotReady as exc:
        _not_ready(exc)
    click.echo(format_answer(answer))


@main.command(name="eval-qa", help="Run a question file (dev.jsonl format): accuracy per language, confusions, latency.")
@click.argument("file", type=click.Path(path_type=Path))
def eval_qa(file: Path) -> None:
    from portal.chat.service import QuestionFileError, run_evaluation
    from portal.instance import InstanceNotReady

    try:
        with _instance_engine() as engine:
            click.echo(run_evaluation(file, engine))
    except QuestionFileError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except InstanceNotReady as exc:
        _not_ready(exc)


@main.group(help="Staff console accounts.")
def staff() -> None:
    pass


@staff.command(name="create", help="Create a staff account; the password is asked for twice, hidden.")
@click.argument("username")
@click.password_option(help="Prompted (hidden, twice) when not given.")
def staff_create(username: str, password: str) -> None:
    from portal.instance import InstanceNotReady
    from portal.staff.auth import StaffAccountError, create_account

    try:
        name = create_account(InstancePaths.from_env(), os.environ.get("DATABASE_URL") or None, username, password)
    except StaffAccountError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except InstanceNotReady as exc:
        _not_ready(exc)
    click.echo(f"Created staff user {name}.")


def _staff_change(username: str, change) -> None:
    """Run ``change(db, user)`` on an existing account; errors in one line."""
    from sqlalchemy.exc import SQLAlchemyError

    from portal.staff.auth import StaffAccountError, account_session, existing_user
    from portal.startup import first_line

    try:
        with account_session(InstancePaths.from_env(), os.environ.get("DATABASE_URL") or None) as db:
            click.echo(change(db, existing_user(db, username)))
    except StaffAccountError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        click.echo(f"Error: cannot open the runtime database: {first_line(exc)}; check DATABASE_URL.", err=True)
        sys.exit(3)


@staff.command(name="passwd", help="Set a staff user's password (prompted, hidden, twice); ends their sessions.")
@click.argument("username")
@click.password_option(help="Prompted (hidden, twice) when not given.")
def staff_passwd(username: str, password: str) -> None:
    from portal.staff.auth import set_password

    _staff_change(username, lambda db, user: (
        f"Password of {user.username} changed; {set_password(db, user, password)} session(s) ended."))


@staff.command(name="disable", help="Stop a staff user signing in, and end their sessions.")
@click.argument("username")
def staff_disable(username: str) -> None:
    from portal.staff.auth import set_disabled

    _staff_change(username, lambda db, user: (
        f"Disabled {user.username}; {set_disabled(db, user, True)} session(s) ended."))


@staff.command(name="enable", help="Let a disabled staff user sign in again.")
@click.argument("username")
def staff_enable(username: str) -> None:
    from portal.staff.auth import set_disabled

    _staff_change(username, lambda db, user: (set_disabled(db, user, False), f"Enabled {user.username}.")[1])


@staff.command(name="list", help="Staff users: name, created, enabled or disabled, open sessions.")
def staff_list() -> None:
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from portal.db.runtime import StaffSession, StaffUser
    from portal.staff.auth import account_session
    from portal.startup import first_line

    try:
        with account_session(InstancePaths.from_env(), os.environ.get("DATABASE_URL") or None) as db:
            open_sessions = dict(db.execute(select(StaffSession.user_id, func.count()).where(
                StaffSession.ended_at.is_(None)).group_by(StaffSession.user_id)).all())
            users = list(db.scalars(select(StaffUser).order_by(StaffUser.username)))
            if not users:
                click.echo("No staff users; add one with `ota-portal staff create USER`.")
            for user in users:
                state = f"disabled {user.disabled_at:%Y-%m-%d %H:%M}" if user.disabled_at else "enabled"
                click.echo(f"{user.username:24} created {user.created_at:%Y-%m-%d}  {state:24} "
                           f"{open_sessions.get(user.id, 0)} session(s) not ended")
    except SQLAlchemyError as exc:
        click.echo(f"Error: cannot open the runtime database: {first_line(exc)}; check DATABASE_URL.", err=True)
        sys.exit(3)


if __name__ == "__main__":  # python -m portal.cli
    main()
