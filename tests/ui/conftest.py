import pytest

from ui.app import build_app


@pytest.fixture(scope="module")
def app_url(demo_library):
    """The app over the demo library, served on a free localhost port for this module."""
    app = build_app(demo_library)
    app.queue()
    _, url, _ = app.launch(prevent_thread_lock=True, server_name="127.0.0.1", quiet=True,
                           allowed_paths=[str(demo_library.renders)])
    yield url
    app.close()
