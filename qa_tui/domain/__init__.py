"""Pure business rules of qa-tui: no database, no Textual, no heavy imports."""
