"""The staff screens of the records app in the Wagtail admin (menu, lists, record page, dashboard panels)."""
