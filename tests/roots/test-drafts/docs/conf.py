extensions = ["myst_parser", "sphinx_design", "valenx_kb"]
html_theme = "furo"
html_baseurl = "https://example.org/kb/"
valenx_categories = ["Comparisons"]
