"""The password rules speak with Persian digits, in the hint and in the error."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.utils import translation


def test_the_hint_and_the_error_give_the_length_in_persian_digits(db):
    with translation.override("fa"):
        hints = " ".join(password_validators_help_texts())
        assert "۸" in hints and "8" not in hints
        with pytest.raises(ValidationError) as error:
            validate_password("a1b2")
        said = " ".join(error.value.messages)
        assert "۸" in said and "8" not in said
