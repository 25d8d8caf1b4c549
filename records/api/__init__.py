"""The JSON API /api/v1/ (e-government intake and staff tools) on django-ninja: main.py (the NinjaAPI, its
bearer token, search's router mounted), views.py (the applications), schemas.py (Pydantic bodies and
answers), errors.py, document.py (what the OpenAPI document adds), urls.py.

Every error is ``{"code", "message", "field_errors"}`` with a stable code: ``invalid_input`` (400),
``unauthorized`` (401), ``permission_denied`` (403), ``not_found`` (404), ``method_not_allowed`` (405),
``forbidden_transition`` / ``conflict`` (409), ``guard_failed`` (422).  The OpenAPI 3.1 document at
/api/v1/schema/ is generated from the same models the bodies are checked against.
"""
