"""Search views: public (views.public), archivist (views.archive), JSON API (views.api)."""
