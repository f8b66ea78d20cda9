"""The chat-only page answers at the SPEC's `/embed` as well as at `/embed/`."""

from fastapi.testclient import TestClient

from ui.server import create_server


def test_embed_without_the_slash_leads_to_the_chat_page(fresh_library):
    with TestClient(create_server(fresh_library)) as client:
        bare = client.get("/embed?lang=en", follow_redirects=False)
        assert bare.status_code == 307 and bare.headers["location"] == "embed/?lang=en"
        page = client.get("/embed")
        assert page.status_code == 200 and page.url.path == "/embed/" and "storycut chat" in page.text
        assert client.get("/embed/").status_code == 200
        assert client.get("/embedded").status_code == 404  # only the page itself, not every name that starts so
