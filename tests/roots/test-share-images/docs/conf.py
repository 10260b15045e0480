project = "Valenx Press"
extensions = ["myst_parser", "valenx_kb"]
html_baseurl = "https://example.org/kb/"
valenx_categories = ["Comparisons", "Guides"]
