"""The built-in sources: the points of the published acts, and the record types of the records,
certificates and recorders apps.  Registered when the app is ready (search.apps)."""


def register_builtin() -> None:
    from . import points, recorders, records

    points.register()
    records.register()
    recorders.register()
