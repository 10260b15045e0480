project = "Valenx Press"
extensions = ["myst_parser", "valenx_kb"]
myst_enable_extensions = ["deflist"]
