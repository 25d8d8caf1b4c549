"""Moving in from Plone: the export of collective.exportimport (plone.restapi serialisation) → Wagtail.

reader (streaming ijson over the three layouts of the content export) → items (one dataclass per item)
→ importer (pages, documents and images keyed by UID in PloneProvenance) → richtext (second pass: the
`resolveuid/<UID>` links become Wagtail links).  `manage.py import_plone` drives it.
"""
