"""SMS backends, chosen by the setting ``RECORDS_SMS_BACKEND`` (a dotted path), as Django chooses its e-mail
backend: ``FileBackend`` (the demo: one file per message under ``RECORDS_SMS_FILE_PATH``), ``ConsoleBackend``,
``LocmemBackend`` (tests: ``outbox``) and ``HttpBackend`` for a real SMS gateway.

The gateway contract (``HttpBackend``): ``POST RECORDS_SMS_GATEWAY_URL`` with
``Authorization: Bearer RECORDS_SMS_GATEWAY_TOKEN`` and the JSON body
``{"id": "<our message id>", "to": "+77011234567", "text": "…", "sender": RECORDS_SMS_SENDER}``.
``id`` is an idempotency key: a message re-sent after a worker died mid-send carries the same id, and the
gateway must not deliver it twice.  A 2xx answer (JSON ``{"id": "<gateway id>"}``, optional) means accepted;
a 4xx other than 408/429 is a permanent refusal (bad number, blocked sender: no retry); anything else, a
timeout or a refused connection is temporary (retried with back-off).
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsError(Exception):
    """A message not sent; ``permanent`` when retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class BaseBackend:
    def send(self, message_id: str, to: str, text: str) -> str:
        """Send one message; return the gateway's id of it (or ""); raise ``SmsError`` when not sent."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, message_id: str, to: str, text: str) -> str:
        sys.stdout.write(f"SMS {message_id} to {to}: {text}\n")
        sys.stdout.flush()
        return ""


class FileBackend(BaseBackend):
    def send(self, message_id: str, to: str, text: str) -> str:
        folder = Path(getattr(settings, "RECORDS_SMS_FILE_PATH", settings.BASE_DIR / "var" / "sms"))
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"{stamp}-{message_id}.txt"
        path.write_text(f"To: {to}\nId: {message_id}\n\n{text}\n", encoding="utf-8")
        return path.name


class LocmemBackend(BaseBackend):
    """Keeps the messages in ``LocmemBackend.outbox`` (tests)."""

    outbox: list[dict[str, str]] = []

    def send(self, message_id: str, to: str, text: str) -> str:
        LocmemBackend.outbox.append({"id": message_id, "to": to, "text": text})
        return message_id


class HttpBackend(BaseBackend):
    def __init__(self) -> None:
        self.url = getattr(settings, "RECORDS_SMS_GATEWAY_URL", "")
        self.token = getattr(settings, "RECORDS_SMS_GATEWAY_TOKEN", "")
        self.sender = getattr(settings, "RECORDS_SMS_SENDER", "VETPORTAL")
        self.timeout = float(getattr(settings, "RECORDS_SMS_GATEWAY_TIMEOUT", 10))

    def send(self, message_id: str, to: str, text: str) -> str:
        if not self.url:
            raise SmsError("RECORDS_SMS_GATEWAY_URL is not set")
        body = json.dumps({"id": message_id, "to": to, "text": text, "sender": self.sender}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                answer = response.read()
        except urllib.error.HTTPError as error:
            permanent = 400 <= error.code < 500 and error.code not in (408, 429)
            raise SmsError(f"SMS gateway answered HTTP {error.code}", permanent=permanent) from error
        except (OSError, ValueError) as error:  # refused, timed out, unreadable
            raise SmsError(f"SMS gateway unreachable: {error}") from error
        try:
            return str(json.loads(answer or b"{}").get("id", ""))
        except (ValueError, AttributeError):
            return ""


def get_backend() -> BaseBackend:
    path = getattr(settings, "RECORDS_SMS_BACKEND", "records.notifications.sms.ConsoleBackend")
    return import_string(path)()
