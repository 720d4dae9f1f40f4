"""qa-tui: keyboard-driven contact-centre quality assurance in the terminal.

Importing this package must stay cheap: no polars, plotext or scipy here
(tests/test_import_hygiene.py guards it).
"""

__version__ = "0.1.0"
