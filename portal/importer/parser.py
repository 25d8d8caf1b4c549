"""`parse_act`: the whole pipeline of DOMAIN §5.4, from a file path to a checked ParsedAct."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .act import build_act
from .appendix import add_placeholders, build_appendix
from .document import build_document
from .expected import EXPECTED
from .fixes import apply_curated_fixes
from .fixtable import CURATED
from .heuristics import apply_heuristics
from .metadata import parse_metadata
from .nodes import Builder
from .segment import segment
from .source import read_source
from .tree import ApprovedDocument, ParsedAct
from .validate import check_coverage, check_generic, check_known


def _code(path: Path) -> str:
    match = re.match(r"^(\d+)_", path.name)
    return match.group(1) if match else path.stem


def _documents(builder: Builder, blocks) -> list[ApprovedDocument]:
    documents: list[ApprovedDocument] = []
    for block in blocks:
        if block.kind == "document":
            documents.append(build_document(builder, block, len(documents) + 1))
        elif not documents:
            raise builder.error(block.first, _("an appendix comes before any approved document"))
        else:
            doc = documents[-1]
            doc.appendices.append(build_appendix(builder, block, doc.seq, len(doc.appendices) + 1))
    for doc in documents:
        add_placeholders(doc)
    return documents


def parse_act(path: Path) -> ParsedAct:
    """Parse one act file into the tree of tree.py; raise ImportActError (file + line) if it cannot be done.

    A known act (recognised by its SHA-256) gets the curated fixes and must have exactly the known shape;
    an unseen act gets the rule-A heuristics, marked for review, and comes back as a draft.
    """
    path = Path(path)
    source = read_source(path)
    known = source.sha256 in CURATED
    if known:
        apply_curated_fixes(source, CURATED[source.sha256])
    else:
        apply_heuristics(source)
    builder = Builder(source)
    blocks = segment(source)
    parts = build_act(builder, blocks[0])
    documents = _documents(builder, blocks[1:])
    metadata = parse_metadata(builder, _code(path), parts.header, parts.status_badge, documents)
    parsed = ParsedAct(
        source_name=path.name,
        source_sha256=source.sha256,
        metadata=metadata,
        title=parts.title,
        header=parts.header,
        status_badge=parts.status_badge,
        notes=parts.notes,
        preamble=parts.preamble,
        points=parts.points,
        signature=parts.signature,
        documents=documents,
        draft=not known,
    )
    check_coverage(builder)
    if known:
        check_known(builder, parsed, EXPECTED[source.sha256])
    else:
        check_generic(builder, parsed)
    return parsed
