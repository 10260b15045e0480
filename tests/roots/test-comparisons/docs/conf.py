project = "Valenx Press"
extensions = ["myst_parser", "sphinx_design", "valenx_kb"]
html_baseurl = "https://example.org/kb/"
valenx_categories = ["Comparisons"]
