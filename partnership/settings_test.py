"""Settings for the test suite: the real settings, with a throwaway key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("SECURE_HTTPS", "0")

from partnership.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests that are about hashing use it explicitly.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than an in-memory database: the browser tests' live server thread then
    # opens its own connection, as a real server process would, and sees committed data only.
    import os
    import tempfile

    # One file per process, so that test runs started side by side never share a database.
    _tag = str(os.getpid())
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"registry-test-{_tag}.sqlite3")  # noqa: F405
    }
