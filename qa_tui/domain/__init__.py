"""Pure business rules of qa-tui (deadlines, policies): no database, no UI."""
