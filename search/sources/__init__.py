"""Turning registered objects into documents: the generic part of a source (search.registry).  The sources
themselves are registered by the apps that own the objects, from their AppConfig.ready()."""
