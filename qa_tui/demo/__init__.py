"""The demo contact centre: a deterministic, seeded generator of a believable UK contact centre.

- `create_demo(location, scale=..., seed=..., today=...)` creates the demo database and generates the centre;
  `sign_in_demo(location, user)` opens an existing one as a demo user.
- `generate(actor, ...)` runs every registered stage on a signed-in admin's empty database.
- Later features add a stage by putting a module in `qa_tui/demo/stages/` with a function decorated by
  `@demo_stage("name", after=(...))`; it receives the `DemoContext`.
"""

from qa_tui.demo.builder import create_demo, sign_in_demo
from qa_tui.demo.context import SCALES, DemoContext, Scale
from qa_tui.demo.generator import DEFAULT_SEED, generate
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.users import DEMO_PASSPHRASE, FEATURED_USERS

__all__ = ["DEFAULT_SEED", "DEMO_PASSPHRASE", "FEATURED_USERS", "SCALES", "DemoContext", "Scale", "create_demo",
           "demo_stage", "generate", "sign_in_demo"]
