"""The parsed tree of one legal act: what `import_act` produces and what publishing consumes.

Every text-bearing node keeps the raw text as extracted (lines joined, nothing repaired), the
repaired text that is published, the repairs applied (rule letter A–K from DOMAIN.md §5.3 plus a
human-readable detail) and the 1-based source line range.  Printed numbers are *not* keys: numbers
repeat (act 003, regulation 3 has two «7.»), so every node also has an ordinal and a stable anchor.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

NodeKind = Literal[
    "title",
    "status",
    "header",
    "note",
    "preamble",
    "point",
    "subpoint",
    "paragraph",
    "signature",
    "stamp",
    "heading",
    "appendix_title",
    "legend",
    "text",
]


@dataclass
class Repair:
    rule: str  # "A".."K", or "A?" for a heuristic repair that an editor must review
    detail: str
    needs_review: bool = False


@dataclass
class Node:
    kind: NodeKind
    text: str  # repaired text, as published
    raw: str  # the source lines joined with "\n", exactly as extracted
    lines: tuple[int, int]  # first and last source line (1-based, inclusive)
    number: str = ""  # printed number without punctuation: "7" for «7.», "3" for «3)»
    anchor: str = ""  # stable permalink id, unique within the act, e.g. "d3-p7-2", "d1-p9-s3"
    repairs: list[Repair] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)  # sub-points and unnumbered paragraphs, in order


@dataclass
class Division:
    number: str  # "1" for «1. Жалпы ережелер» / «1-тарау. …»; "" when printed without a number
    title: Node
    anchor: str
    points: list[Node] = field(default_factory=list)


@dataclass
class JournalColumn:
    number: int
    heading: str  # exact Kazakh heading, repaired (DOMAIN.md §1.6)
    cell: Node | None = None  # the source cell (raw lines, repairs) the heading was checked against


@dataclass
class Appendix:
    seq: int
    number: str  # "1", "2"…; "" for the single unnumbered «қосымша» of act 000
    anchor: str
    stamp: Node | None
    title: Node | None
    form_label: str = ""  # «Нысан» when the appendix is a form
    body: list[Node] = field(default_factory=list)  # cover texts, legend «Шартты белгілер:» …
    columns: list[JournalColumn] = field(default_factory=list)  # the journal form's table
    graphics_missing: bool = False  # the source lost the diagram/handbook graphics
    missing_in_source: bool = False  # the whole appendix is absent from the source (DOMAIN §5.3 I)
    form_label_node: Node | None = None  # the source line of `form_label` («Нысан»)
    column_numbers: Node | None = None  # the table's column-number row «1 2 3 4 5 6 7 8»


@dataclass
class ApprovedDocument:
    seq: int  # 1-based order inside the act
    kind: Literal["rules", "regulation"]
    anchor: str  # "d1", "d2" …
    stamp: Node
    title: Node
    divisions: list[Division] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)


@dataclass
class ActMetadata:
    code: str  # "000", "003": the file's prefix
    act_type: str  # "order" | "resolution"
    issuing_body: str  # e.g. «Қазақстан Республикасы Ауыл шаруашылығы министрі»
    date: str  # ISO date, e.g. "2021-04-14"
    number: str
    registering_body: str
    registration_date: str
    registration_number: str
    status: Literal["in_force", "repealed"]
    repealed_by: str = ""  # e.g. «Жамбыл облысы әкімдігінің 2018 жылғы 28 ақпандағы № 24 қаулысы»
    repealed_date: str = ""  # ISO date of the repealing act
    stamp_number: str = ""  # the number the approval stamps print, when it differs (003: "20")


@dataclass
class ParsedAct:
    source_name: str
    source_sha256: str
    metadata: ActMetadata
    title: Node
    header: Node
    status_badge: Node | None
    notes: list[Node]
    preamble: Node
    points: list[Node]  # operative points of the order/resolution
    signature: Node
    documents: list[ApprovedDocument]
    draft: bool = False  # an unseen act: heuristic repairs only, must be reviewed before publishing

    def to_dict(self) -> dict:
        return asdict(self)
