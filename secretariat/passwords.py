"""Password rules as Django's, said with Persian digits (Django's own text prints «8»)."""

from __future__ import annotations

from django.contrib.auth import password_validation

from secretariat.persian import localize_digits


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_help_text(self) -> str:
        return localize_digits(super().get_help_text())

    def get_error_message(self) -> str:
        return localize_digits(super().get_error_message())
