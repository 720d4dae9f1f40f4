"""Every area the demo's QA manager may open, at the smallest and a large terminal: it mounts and shows its keys."""

import pytest
from textual.widgets import Footer

from qa_tui.screens.base import AreaScreen
from support import settle


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_every_area_opens_at_this_size(demo_app, size):
    app = demo_app("manager")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in "12345678":
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, AreaScreen) and app.screen.area.key == key
            assert app.screen.query_one(Footer).region.width == size[0]
            assert app.screen.region.height == size[1]
