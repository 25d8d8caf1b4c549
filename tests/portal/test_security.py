"""Headers and limits (issue 13): the Content-Security-Policy, the request body limit that refuses an
oversize upload before reading it, and the length of a staff session."""

from __future__ import annotations

import io
import json
import socket
import time
from http.client import HTTPResponse
from urllib.parse import urlsplit

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIRequest
from django.core.management import get_commands, load_command_class
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.security import RequestBodyLimitMiddleware, upload_limit
from records.models import Application

# /kk/apply/ needs a signed-in applicant (issue 14): anonymous visitors land on /kk/login/.
PUBLIC_PAGES = ["/kk/", "/ru/acts/003/", "/kk/track/", "/ru/search/?q=вет", "/kk/login/", "/kk/verify/"]


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_forbid_inline_scripts_plugins_and_framing(published, client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert all("'unsafe-inline'" not in values for values in policy.values())


@pytest.mark.django_db
def test_the_admin_keeps_the_directives_that_do_not_break_wagtail(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert "script-src" not in policy  # Wagtail's panels and date widgets are inline scripts


def raw_post(
    url: str, path: str, declared: int, sent: bytes, headers: str = ""
) -> tuple[HTTPResponse, bytes, float]:
    """POST announcing ``declared`` bytes but sending only ``sent``: a server that reads before answering
    would wait for the rest, so a prompt answer shows the body was refused unread."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    started = time.monotonic()
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {declared}\r\n{headers}Connection: close\r\n\r\n"
            ).encode()
            + sent
        )
        response = HTTPResponse(conn)
        response.begin()
        body = response.read(int(response.getheader("Content-Length")))
    return response, body, time.monotonic() - started


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_an_oversize_application_is_refused_before_it_is_read(live_server, settings, language):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    media_before = sorted(p for p in settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else []
    response, body, seconds = raw_post(
        live_server.url, f"/{language}/apply/", 500 * 1024 * 1024, b"--x\r\n" * 1000
    )
    assert response.status == 413
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")
    assert seconds < 5
    with translation.override(language):
        expected = translation.gettext("The request is too large: at most %(size)s MB can be sent at once.")
    assert (expected % {"size": 1}) in body.decode()
    assert not Application.objects.exists()
    media_after = sorted(p for p in settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else []
    assert media_after == media_before


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_an_oversize_body_in_json(live_server, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    response, body, seconds = raw_post(
        live_server.url, "/api/v1/applications/", 50 * 1024 * 1024, b"{" * 1000, "Accept-Language: ru\r\n"
    )
    assert response.status == 413 and response.getheader("Content-Type") == "application/json"
    with translation.override("ru"):
        expected = translation.gettext("The request is too large: at most %(size)s MB can be sent at once.")
    assert json.loads(body) == {
        "code": "payload_too_large",
        "message": expected % {"size": 1},
        "field_errors": {},
    }
    assert seconds < 5


@pytest.mark.django_db
def test_a_body_of_unknown_length_stops_being_read_at_the_limit(settings):
    settings.MAX_UPLOAD_BYTES = 64 * 1024
    body = io.BytesIO(b"a=" + b"b" * (10 * 1024 * 1024))
    # Chunked: no Content-Length; the server de-chunks the body and ends the stream itself.
    environ = {"wsgi.input": body, "wsgi.input_terminated": True}
    request = WSGIRequest(
        RequestFactory()._base_environ(
            REQUEST_METHOD="POST",
            PATH_INFO="/kk/apply/",
            CONTENT_TYPE="application/x-www-form-urlencoded",
            **environ,
        )
    )
    assert "CONTENT_LENGTH" not in request.META

    # Wrapped as Django's handler wraps every view: the overflow becomes a 400 there.
    view = convert_exception_to_response(lambda req: HttpResponse(req.POST["a"][:10]))
    response = RequestBodyLimitMiddleware(view)(request)
    assert response.status_code == 413
    assert body.tell() <= settings.MAX_UPLOAD_BYTES + 1  # stopped one byte past the limit


def test_the_recorders_evidence_upload_has_its_own_larger_limit(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    assert upload_limit("/kk/apply/") == 1024
    assert upload_limit(reverse("recorders:entry_action", args=(17, "upload"))) > 1024**3
    assert upload_limit(reverse("recorders:entry_action", args=(17, "verify_upload"))) == 1024


@pytest.mark.django_db
def test_a_staff_session_lasts_eight_hours(client, django_user_model):
    django_user_model.objects.create_user("clerk", password="s3cret-pass", is_staff=True)
    credentials = {"username": "clerk", "password": "s3cret-pass"}
    remembered = client.post("/admin/login/", {**credentials, "remember": "on"})
    assert remembered.status_code == 302
    assert remembered.cookies["sessionid"]["max-age"] == 8 * 3600
    client.logout()
    # Without "remember me" Wagtail ends the session when the browser closes.
    once = client.post("/admin/login/", credentials)
    assert once.status_code == 302 and once.cookies["sessionid"]["max-age"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/static/../", "/static/../portal/site.css", "/static/../../manage.py"])
def test_the_development_server_answers_a_path_outside_static_with_404(settings, path):
    """``runserver`` in DEBUG: the dot-dot path (``/static/..%2f`` arrives decoded) must not be a 500."""
    settings.DEBUG = True
    command = load_command_class(get_commands()["runserver"], "runserver")
    options = vars(command.create_parser("manage.py", "runserver").parse_args([]))  # `manage.py runserver`
    handler = command.get_handler(**options)
    environ = RequestFactory()._base_environ(PATH_INFO=path)
    statuses = []
    body = b"".join(handler(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    assert statuses == ["404 Not Found"], body[:300]
    ok = b"".join(
        handler(RequestFactory()._base_environ(PATH_INFO="/static/portal/site.css"), lambda *a: None)
    )
    assert b"{" in ok  # the stylesheet itself is still served
