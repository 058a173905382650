"""Staff accounts: argon2id password hashes, creation rules and sign-in checks (no Flask).

Passwords are only ever stored as argon2 hashes (argon2-cffi's defaults, which
follow RFC 9106). Signing in with an unknown name still runs one hash
verification, so response time does not reveal which names exist; hashes
made with older parameters are upgraded on the next successful sign-in.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.runtime import StaffUser

# Long enough that a guessed or reused short password is not enough on its own;
# the login rate limit does the rest.
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 accepts more; nobody types more, and hashing costs grow with it
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class StaffAccountError(ValueError):
    """An account that cannot be created; ``code`` is stable, the message says what to change."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def normalise_username(raw: str) -> str:
    return (raw or "").strip().lower()


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password must have at most {MAX_PASSWORD_LENGTH} characters"
    return None


def find_user(db: Session, username: str) -> StaffUser | None:
    return db.scalar(select(StaffUser).where(StaffUser.username == normalise_username(username)))


def create_staff_user(db: Session, username: str, password: str) -> StaffUser:
    """Create and commit an account, or raise :class:`StaffAccountError`."""
    name = normalise_username(username)
    if not USERNAME_RE.fullmatch(name):
        raise StaffAccountError("invalid_username", "a user name is 2-64 characters: letters, digits, '.', '_', '-'")
    problem = password_problem(password)
    if problem:
        raise StaffAccountError("weak_password", problem)
    if find_user(db, name) is not None:
        raise StaffAccountError("duplicate", f"a staff user named {name!r} already exists")
    user = StaffUser(username=name, password_hash=_hasher.hash(password))
    db.add(user)
    db.commit()
    return user


def authenticate(db: Session, username: str, password: str) -> StaffUser | None:
    """The user if the password matches, else None (the same answer for unknown names and wrong passwords)."""
    if not password or len(password) > MAX_PASSWORD_LENGTH:
        return None
    user = find_user(db, username)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled_at is not None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        db.commit()
    return user


def verify_password(user: StaffUser, password: str) -> bool:
    """Whether ``password`` is this user's (the console asks for it again before changing it)."""
    if not password or len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def set_password(db: Session, user: StaffUser, password: str) -> int:
    """Store a new password and end every session of the user; returns how many were ended."""
    from portal.staff.sessions import end_user_sessions

    problem = password_problem(password)
    if problem:
        raise StaffAccountError("weak_password", problem)
    user.password_hash = _hasher.hash(password)
    db.flush()
    return end_user_sessions(db, user.id)


def set_disabled(db: Session, user: StaffUser, disabled: bool) -> int:
    """Disable (ending every session) or enable an account; returns the sessions ended."""
    from datetime import datetime

    from portal.staff.sessions import end_user_sessions

    user.disabled_at = datetime.now(UTC) if disabled else None
    db.flush()
    return end_user_sessions(db, user.id) if disabled else _commit(db)


def _commit(db: Session) -> int:
    db.commit()
    return 0


@contextmanager
def account_session(paths, database_url: str | None):
    """A session on the instance's runtime database, migrated first (for the ``ota-portal staff`` commands)."""
    from sqlalchemy import create_engine

    from portal.db.migrate import migrate_runtime
    from portal.instance import runtime_database_url
    from portal.private_files import private_sqlite

    url = runtime_database_url(paths, database_url)
    private_sqlite(url)
    engine = create_engine(url)
    try:
        migrate_runtime(engine)
        with Session(engine) as db:
            yield db
    finally:
        engine.dispose()


def existing_user(db: Session, username: str) -> StaffUser:
    user = find_user(db, username)
    if user is None:
        raise StaffAccountError("unknown_user", f"there is no staff user named {normalise_username(username)!r}")
    return user


def create_account(paths, database_url: str | None, username: str, password: str) -> str:
    """``ota-portal staff create``: add an account to the instance's runtime database; returns the name.

    The instance must be built (``read_manifest`` raises ``InstanceNotReady``
    naming the fix); the runtime tables are migrated first (created on first
    use), so an older database gains the columns this code writes.
    """
    from portal.instance import read_manifest

    read_manifest(paths)
    with account_session(paths, database_url) as db:
        return create_staff_user(db, username, password).username
