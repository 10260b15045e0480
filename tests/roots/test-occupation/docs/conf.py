project = "Valenx Press"
extensions = ["myst_parser", "valenx_kb"]
myst_enable_extensions = ["deflist"]
html_baseurl = "https://example.org/kb/"
valenx_categories = ["Role profiles"]
