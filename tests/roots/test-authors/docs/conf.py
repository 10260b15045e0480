extensions = ["myst_parser", "sphinx_design", "valenx_kb"]
html_static_path = ["_static"]
html_baseurl = "https://example.org/kb/"
valenx_categories = ["Comparisons"]
