"""Settings for the test suite: the project's own, with what is deliberately slow on the real site
made cheap.

Passwords are hashed with MD5 (the real hasher spends most of a test's time on purpose); e-mail
stays in memory. Everything else — both databases, WeasyPrint, Chromium — is the real thing.
"""

from secretariat.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
