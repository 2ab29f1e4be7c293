"""An e-mail backend whose server is down, to test that a failed reminder is tried again."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def open(self):
        raise ConnectionRefusedError("the mail server is down")

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")
