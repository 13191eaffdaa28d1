"""City as Classroom: turn a learning city's heritage, food and traditions into a guide.

The road runs one way: load (YAML with positions) → validate (models, cross-checks)
→ plan (route legs and times) → render (Markdown pages, maps, downloads).
"""
