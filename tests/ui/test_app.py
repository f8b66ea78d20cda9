"""The Gradio app through its API, as `gradio_client` users call it."""

from pathlib import Path

import pytest

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
    assert allowed["Content-Security-Policy"].startswith(f"frame-ancestors 'self' {ALLOWED} http://127.0.0.1:")
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


def test_every_endpoint_works_from_gradio_client(tmp_path):
    """/ingest, /search, /chat, /render and /export on a library of its own, files downloaded."""
    import shutil

    from gradio_client import handle_file

    from tests.conftest import DEMO
    from tests.ui.conftest import serve_in_thread
    from ui.server import create_server
    from vectorstore import Library

    library = Library.open(tmp_path / "library")
    (tmp_path / "notes.txt").write_text("not a video")
    clip = tmp_path / "../etc/passwd cockatoo.mp4"
    clip.parent.mkdir(exist_ok=True)
    shutil.copy(DEMO / "footage" / "cockatoo.mp4", clip)
    url, server = serve_in_thread(create_server(library))
    try:
        client = Client(url, verbose=False, download_files=str(tmp_path / "downloads"))
        report = client.predict(files=[handle_file(str(clip)), handle_file(str(tmp_path / "notes.txt"))],
                                api_name="/ingest")
        assert report["files_indexed"] == 1 and report["shots_total"] >= 1
        assert report["errors"][0]["file"] == "notes.txt" and "not a video" in report["errors"][0]["reason"]
        stored = list((library.root / "uploads").iterdir())
        assert [p.name for p in stored] == ["passwd cockatoo.mp4"]
        hits = client.predict(query="a bird", k=3, api_name="/search")["results"]
        assert hits and hits[0]["source"] == str(stored[0])
        reply, video, plan, session = client.predict(message="Make a video of this story: A bird looks around.",
                                                     session="", api_name="/chat")
        assert plan["segments"][0]["clips"][0]["source"] == str(stored[0]) and session
        rendered = client.predict(session=session, quality="preview", api_name="/render")
        assert rendered.endswith(".mp4") and Path(rendered).stat().st_size > 10_000
        srt = client.predict(session=session, format="srt", api_name="/export")
        assert "A bird looks around." in Path(srt).read_text()
        fcp = client.predict(session=session, format="fcpxml", api_name="/export")
        assert "<xmeml" in Path(fcp).read_text()  # Final Cut Pro 7 XML, which Premiere and Resolve import
        with pytest.raises(Exception, match="no such session"):
            client.predict(session="nope", format="srt", api_name="/export")
    finally:
        server.should_exit = True
