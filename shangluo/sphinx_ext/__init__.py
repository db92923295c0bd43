"""The book's Sphinx extensions, one module per feature, each with its own ``setup()``.

Listed one by one in ``_config.yml`` (sphinx.config.extensions, after Jupyter Book's own):

* `generated_pages`: fills ``<!-- generated: NAME -->`` pages from the data, makes the
  data package's zip if the build has not, and gives Get the data its Dataset record;
* `freshness`: a change to data/ or to the package re-runs the chapters;
* `alt_text`: every chart gets the alt text its SVG carries;
* `web_font`: for each page, a subset of Noto Sans SC holding the Chinese it shows, served
  by the book and preloaded;
* `search_dictionary`: Chinese search keeps the book's policy terms whole;
* `stale_files`: images and downloads no page uses any more are removed;
* `lean_theme`: the theme without its 1.5 MB icon script, search scripts on the search
  page only, every script after the first paint, each inline script once, phone menu
  buttons that work;
* `unused_css`: each stylesheet less the rules no page or script uses (PurgeCSS);
* `editions`: the English and Chinese editions (``book/zh/``): each page's ``<html lang>``,
  a switch and ``hreflang`` links to its twin, navigation kept to its own edition, and the
  theme's words in Chinese on Chinese pages;
* `pdf_download`: each edition's PDF (``make pdf``), linked from its overview and methods
  page and published, while it is current;
* `language_of_parts`: Chinese runs in English pages carry ``lang="zh-Hans"``, English
  runs in Chinese pages ``lang="en"``;
* `image_size`: every chart's ``<img>`` has its width and height;
* `phone_tables`: on a phone, wide tables show each row as a card, cells under their column names;
* `chart_data`: under every chart, its data (the CSV its caption links) as a table;
* `chart_kit`: beside it, the chart's downloads (SVG, a PNG drawn from that SVG, CSV), a line
  to cite it by, and its embed page (``charts/NAME.html``) with an ``<iframe>`` snippet;
* `discovery`: from the one published address (``html_baseurl``), sitemap.xml and robots.txt,
  each page's ``hreflang`` alternates and ``og:locale``, and its social card.

sphinxext-opengraph (a library, configured in ``_config.yml``) gives each page its
meta description and og: tags.

Each is tested in-process on a tiny fixture site (tests/test_sphinx_ext.py).
"""
