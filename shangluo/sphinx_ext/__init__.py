"""The book's Sphinx extensions, one module per feature, each with its own ``setup()``.

Listed one by one in ``_config.yml`` (sphinx.extra_extensions):

* `generated_pages`: fills ``<!-- generated: NAME -->`` pages from the data;
* `freshness`: a change to data/ or to the package re-runs the chapters;
* `alt_text`: every chart gets the alt text its SVG carries;
* `web_font`: a subset of Noto Sans SC, served by the book, for Chinese text;
* `search_dictionary`: Chinese search keeps the book's policy terms whole;
* `stale_files`: images and downloads no page uses any more are removed.

Each is tested in-process on a tiny fixture site (tests/test_sphinx_ext.py).
"""
