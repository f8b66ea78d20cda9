"""The Gradio app through its API, as `gradio_client` users call it."""

from gradio_client import Client


def test_chat_endpoint_returns_reply_video_plan_and_session(app_url):
    client = Client(app_url, verbose=False)
    reply, video, plan, session = client.predict(
        message="Make a video of this story: A cockatoo looks at the camera. The city glows at night.",
        session="", api_name="/chat")
    assert "Done" in reply and video.endswith(".mp4") and len(plan["segments"]) == 2 and session
    reply2, _, plan2, session2 = client.predict(message="make it vertical", session=session, api_name="/chat")
    assert session2 == session and plan2["style"]["aspect"] == "9:16" and plan2["version"] == plan["version"] + 1
