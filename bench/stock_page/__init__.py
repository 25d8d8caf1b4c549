"""A stock Wagtail page (a RichTextField through a template) for bench_act_pages.py's comparison."""
