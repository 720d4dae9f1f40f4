"""The demo contact centre: a deterministic, seeded generator of a believable UK contact centre.

`build_demo` creates (or reopens) the demo database; `generate` runs every registered stage on a signed-in admin;
later features add stages with `@demo_stage` in `qa_tui/demo/stages/`.
"""
