"""An e-mail backend whose server is down, to test that a failed reminder is tried again."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionError("the mail server is down")
