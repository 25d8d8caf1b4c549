from wagtail.fields import RichTextField
from wagtail.models import Page


class StockPage(Page):
    """What a Wagtail site would do out of the box: the text as rich text, rendered by `|richtext`."""

    body = RichTextField(blank=True)

    class Meta:
        app_label = "stock_page"
