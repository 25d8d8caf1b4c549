"""StreamField blocks for the published text of legal acts.

Every text block carries the printed `number` (numbers repeat inside an act, so they are never keys) and
the importer's `anchor`, the stable permalink id of the point.  Sub-points and unnumbered paragraphs of a
point share one StreamBlock so that their printed order is kept.  The public pages do not render these
blocks through per-block templates (an act has ~1500 of them): portal/rendering.py walks the raw data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class NumberedTextBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        required=False,
        max_length=20,
        search_index=False,
        label=_("Printed number"),
        help_text=_("As printed, without punctuation: «7» for «7.», «3» for «3)». Numbers may repeat."),
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        search_index=False,
        label=_("Anchor"),
        help_text=_("Permalink id of this element; keep it unchanged so that links stay valid."),
    )
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")


class ParagraphBlock(NumberedTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")


class NestedSubPointBlock(NumberedTextBlock):
    """A sub-point inside a sub-point (the deepest level the acts use)."""

    children = blocks.StreamBlock(
        [("paragraph", ParagraphBlock())],
        required=False,
        label=_("Paragraphs"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Nested sub-point")


class SubPointBlock(NumberedTextBlock):
    children = blocks.StreamBlock(
        [("subpoint", NestedSubPointBlock()), ("paragraph", ParagraphBlock())],
        required=False,
        label=_("Nested sub-points and paragraphs"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Sub-point")


class PointBlock(NumberedTextBlock):
    children = blocks.StreamBlock(
        [("subpoint", SubPointBlock()), ("paragraph", ParagraphBlock())],
        required=False,
        label=_("Sub-points and paragraphs"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Point")


class DivisionBlock(blocks.StructBlock):
    """A chapter («1-тарау. …») or section («1. Жалпы ережелер») of an approved document."""

    number = blocks.CharBlock(required=False, max_length=20, search_index=False, label=_("Printed number"))
    anchor = blocks.CharBlock(required=False, max_length=80, search_index=False, label=_("Anchor"))
    title = blocks.TextBlock(label=_("Heading"))
    content = blocks.StreamBlock(
        [("point", PointBlock()), ("paragraph", ParagraphBlock())],
        required=False,
        label=_("Points"),
    )

    class Meta:
        icon = "doc-full"
        label = _("Chapter or section")


class AnchoredTextBlock(blocks.StructBlock):
    anchor = blocks.CharBlock(required=False, max_length=80, search_index=False, label=_("Anchor"))
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "pilcrow"


ACT_BODY_BLOCKS = [
    ("title", AnchoredTextBlock(label=_("Title"), icon="title")),
    ("header", AnchoredTextBlock(label=_("Header"))),
    ("status_badge", AnchoredTextBlock(label=_("Status badge"), icon="tag")),
    ("note", AnchoredTextBlock(label=_("Editorial note"), icon="info-circle")),
    ("preamble", AnchoredTextBlock(label=_("Preamble"))),
    ("point", PointBlock()),
    ("paragraph", ParagraphBlock()),
    ("signature", AnchoredTextBlock(label=_("Signature"), icon="user")),
]

DOCUMENT_BODY_BLOCKS = [
    ("division", DivisionBlock()),
    ("point", PointBlock()),
    ("paragraph", ParagraphBlock()),
]

APPENDIX_BODY_BLOCKS = [
    ("heading", AnchoredTextBlock(label=_("Heading"), icon="title")),
    ("text", AnchoredTextBlock(label=_("Text"))),
    ("legend", AnchoredTextBlock(label=_("Legend"), icon="info-circle")),
]


class JournalColumnBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(min_value=1, label=_("Column number"))
    heading = blocks.TextBlock(label=_("Column heading"), help_text=_("Exact Kazakh wording of the form."))

    class Meta:
        icon = "table"
        label = _("Table column")


JOURNAL_COLUMN_BLOCKS = [("column", JournalColumnBlock())]
