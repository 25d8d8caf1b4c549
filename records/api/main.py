"""The one NinjaAPI of /api/v1/: records' endpoints and the routers mounted on it (search), a bearer token
for all of them, every error in the records' shape, and the OpenAPI 3.1 document built from the code."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from portal.acts_api import router as acts_router
from search.api import router as search_router

from ..api_tokens import user_for_key
from . import errors
from .bodies import StrictJsonParser
from .document import complete
from .views import router

SCHEME = "bearerAuth"


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` (or ``Token <token>``) of an active user: records.api_tokens."""

    openapi_description = _("A token from «manage.py api_token create <username>».")

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _sep, key = header.partition(" ")
        if not header or scheme.lower() not in ("bearer", "token"):
            raise errors.Unauthorized()
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_key(token)
        if user is None:
            raise errors.Unauthorized(_("The API token is not valid or has been revoked."))
        return user


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class RecordsApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        """Paths relative to the server URL, as /api/v1/ has always described them."""
        return complete(super().get_openapi_schema(path_prefix="", path_params=path_params), SCHEME)


api = RecordsApi(
    title=_("Veterinary records portal API"),
    version="1.0.0",
    description=_(
        "Applications for the state veterinary services: the e-government intake files them, staff "
        "tools read them and move them through their lawful states. Errors are JSON objects with a "
        "stable code."
    ),
    servers=[{"url": "/api/v1"}],
    urls_namespace="records_api",
    auth=BearerToken(),
    renderer=Renderer(),
    parser=StrictJsonParser(),
    openapi_url=None,
    docs_url=None,
)
errors.install(api)
api.add_router("", router)
api.add_router("", search_router)
api.add_router("", acts_router)  # public: the published acts (portal.acts_api)


@api.get("/schema/", auth=None, url_name="schema", operation_id="getSchema", summary=_("This document"))
def schema(request: HttpRequest) -> dict:
    return api.get_openapi_schema()
