"""Errors that reach a user as one clear sentence.

Every failure a user can cause or meet (wrong passphrase, missing database,
conflict, forbidden action...) is a `QaTuiError`; the CLI prints its message on
stderr and exits non-zero, the TUI shows it in the app. Anything else is a bug.
"""


class QaTuiError(Exception):
    """A failure explained to the user in one sentence (the exception message)."""

    exit_code = 1


class UsageError(QaTuiError):
    """The user asked for something malformed (bad value, bad file)."""

    exit_code = 2


class DatabaseNotFound(QaTuiError):
    """There is no qa-tui database where the user pointed."""


class NotAQaTuiDatabase(QaTuiError):
    """The file or server holds something that is not a qa-tui database."""


class DatabaseUnavailable(QaTuiError):
    """The database exists but cannot be used now (locked, unreachable)."""


class AuthenticationError(QaTuiError):
    """Sign-in failed: unknown or disabled user, wrong passphrase, back-off."""


class PermissionDenied(QaTuiError):
    """The signed-in user's role does not allow the action."""


class ConflictError(QaTuiError):
    """Someone else changed the record since it was read."""


class NotFound(QaTuiError):
    """A record the user named does not exist."""


class IntegrityError(QaTuiError):
    """Stored data failed an integrity check (tampered ciphertext, key slot or audit chain)."""
