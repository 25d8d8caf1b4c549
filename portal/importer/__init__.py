"""The legal-act importer: `parse_act(path)` turns an extracted act text into the tree of tree.py."""

from .errors import ImportActError
from .parser import parse_act

__all__ = ["ImportActError", "parse_act"]
