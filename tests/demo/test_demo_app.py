"""The app opens on the demo centre already signed in, as `qa-tui demo` does."""

from qa_tui.app import QaApp
from qa_tui.demo.builder import sign_in_demo


async def test_app_opens_signed_in_as_the_demo_manager(small_demo):
    location, _ = small_demo
    actor = sign_in_demo(location, "manager")
    app = QaApp(location, actor.name, actor=actor)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert "Helen Okafor (qa manager)" in str(app.screen.query_one("#who").render())
