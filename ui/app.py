"""The Gradio app: a chat whose replies carry the preview video, and a `/chat` API endpoint.

`ui.server` mounts it behind the embedding policy and serves it.

Callbacks only parse, call `agent.chat_turn` and format; each browser tab keeps its own session
id in `gr.State`, and sessions live in the library, so they survive a restart.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from agent import chat_turn
from vectorstore import Library
from vectorstore.errors import StorycutError

INTRO = ("Paste a story to start (\"Make a video of this story: ...\"), then revise it by chatting: "
         "\"make it more dramatic\", \"make it 20 seconds\", \"vertical\", \"undo\".")


def build_app(library: Library) -> gr.Blocks:
    """The app over `library` (built, not launched)."""

    def turn(message: str, session: str):
        try:
            result = chat_turn(library, session or None, message)
        except StorycutError as exc:
            raise gr.Error(str(exc)) from exc
        plan = result.plan.to_json() if result.plan else None
        return result.reply, (str(result.preview) if result.preview else None), plan, result.session

    def respond(message: str, history: list[dict[str, Any]], session: str):
        reply, video, plan, session = turn(message, session)
        history = history + [{"role": "user", "content": message}, {"role": "assistant", "content": reply}]
        if video:
            history.append({"role": "assistant", "content": gr.Video(value=video)})
        return "", history, video, plan, session

    with gr.Blocks(title="storycut") as app:
        gr.Markdown("## storycut\nWrite a story, chat with your editor, get a video cut from your own footage.")
        session = gr.State("")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Chat", height=520, placeholder=INTRO, elem_id="chat")
                with gr.Row():
                    box = gr.Textbox(show_label=False, placeholder="Your story or a change...", scale=5, lines=2)
                    send = gr.Button("Send", variant="primary", scale=1)
            with gr.Column(scale=2):
                preview = gr.Video(label="Preview", interactive=False)
                with gr.Accordion("Plan (JSON)", open=False):
                    plan_view = gr.JSON(label="Plan")
        for trigger in (box.submit, send.click):
            trigger(respond, [box, chatbot, session], [box, chatbot, preview, plan_view, session],
                    api_visibility="private")
        with gr.Row(visible=False):
            api_message = gr.Textbox(label="message")
            api_session = gr.Textbox(label="session")
            api_reply = gr.Textbox(label="reply")
            api_video = gr.Video(label="video")
            api_plan = gr.JSON(label="plan")
            api_session_out = gr.Textbox(label="session")
            api_button = gr.Button()
        api_button.click(turn, [api_message, api_session], [api_reply, api_video, api_plan, api_session_out],
                         api_name="chat")
    return app

