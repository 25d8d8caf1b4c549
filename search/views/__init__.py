"""Search views: public (views.public), archivist (views.archive); the JSON API's router is search.api."""
