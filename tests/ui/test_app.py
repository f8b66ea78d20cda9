"""The Gradio app through its API, as `gradio_client` users call it."""

from gradio_client import Client


def test_chat_endpoint_returns_reply_video_plan_and_session(app_url):
    client = Client(app_url, verbose=False)
    reply, video, plan, session = client.predict(
        message="Make a video of this story: A cockatoo looks at the camera. The city glows at night.",
        session="", api_name="/chat")
    assert "Made a cut" in reply and video.endswith(".mp4") and len(plan["segments"]) == 2 and session
    reply2, _, plan2, session2 = client.predict(message="make it vertical", session=session, api_name="/chat")
    assert session2 == session and plan2["style"]["aspect"] == "9:16" and plan2["version"] == plan["version"] + 1


def test_only_allowed_origins_may_frame_or_call_the_app(app_url):
    import urllib.request

    from tests.ui.conftest import ALLOWED

    def headers(origin):
        request = urllib.request.Request(app_url, headers={"Origin": origin})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers

    allowed, other = headers(ALLOWED), headers("http://evil.example")
    assert allowed["Content-Security-Policy"] == f"frame-ancestors 'self' {ALLOWED}"
    assert allowed["Access-Control-Allow-Origin"] == ALLOWED
    assert other["Access-Control-Allow-Origin"] is None


def test_auth_protects_the_app_and_the_api(demo_library):
    import urllib.error
    import urllib.request

    import pytest

    from tests.ui.conftest import serve_in_thread
    from ui.server import create_server

    url, server = serve_in_thread(create_server(demo_library, auth=("ann", "s3cret")))
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + "gradio_api/info", timeout=10)
        assert refused.value.code == 401
        client = Client(url, auth=("ann", "s3cret"), verbose=False)
        reply, *_ = client.predict(message="hello", session="", api_name="/chat")
        assert "story" in reply
    finally:
        server.should_exit = True
