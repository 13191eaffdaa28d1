"""City as Classroom: turn a learning city's heritage, food and traditions into a guide.

The road runs one way: load (YAML with positions) → validate (models, cross-checks)
→ plan (route legs and times) → render (HTML pages, maps, downloads); the MkDocs
adapter (`mkdocs_plugin`) hands the pages to MkDocs. See the README, "How it fits together".
"""
