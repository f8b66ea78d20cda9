"""The storyboard's typed controls: the whole video's look, titles and music, and per scene its
length, look, speed, caption and a shot by description. Each calls an editor operation through
`run(request, change, history, session)` (`ui.app.operate`): never a sentence through the parser."""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from tools.plan import LOOKS

from .i18n import t
from .service import SceneCard

Run = Callable[..., tuple]
"""`ui.app.operate` bound to the service: (request in words, change on the editor, history, session)."""
SPEEDS = [(t("speed_quarter"), 0.25), (t("speed_half"), 0.5), (t("speed_normal"), 1.0), ("1.5x", 1.5),
          (t("speed_fast"), 2.0), ("4x", 4.0)]
VIDEO_LOOK = "video's look"
"""The scene look that follows the whole video's (shown as `t("as_the_video")`)."""
LOOK_CHOICES = [(t(f"look_{look}"), look) for look in LOOKS]
"""Looks as the browser shows them (in its language); the value stays the English key."""


def video_controls(current: dict, session, chatbot, outputs, run: Run) -> None:
    """The whole video: colour look, opening title, end card, music on or off and its level."""
    style = current["style"]
    titles = {t.get("anchor"): t["text"] for t in current.get("titles", []) if t.get("anchor") in ("start", "end")}
    with gr.Group(elem_id="video-controls"):
        with gr.Row(equal_height=True):
            look = gr.Dropdown(LOOK_CHOICES, value=style["look"], label=t("video_look"), scale=1,
                               elem_id="video-look", interactive=True)
            opening = gr.Textbox(value=titles.get("start", ""), label=t("opening_title"), placeholder=t("opening_example"),
                                 scale=2, elem_id="video-title", interactive=True)
            ending = gr.Textbox(value=titles.get("end", ""), label=t("end_card"), placeholder=t("end_example"),
                                scale=2, elem_id="video-end-card", interactive=True)
        with gr.Row(equal_height=True):
            add_music = gr.Button(t("add_music"), size="sm", scale=1, elem_id="music-add")
            no_music = gr.Button(t("no_music"), size="sm", scale=1, interactive=bool(style.get("music")),
                                 elem_id="music-off")
            volume = gr.Slider(0, 1, value=style["music_volume"], step=0.05, label=t("music_volume"), scale=3,
                               elem_id="music-volume", interactive=True)
    look.input(lambda v, h, s: run(f"make the whole video {v}", lambda e: e.set_look(v), h, s),
               [look, chatbot, session], outputs, api_visibility="private")
    for box, where, what in ((opening, "start", "opening title"), (ending, "end", "end card")):
        box.submit(lambda t, h, s, w=where, n=what: run(
            f"{n}: {t}" if t.strip() else f"no {n}",
            (lambda e: e.add_title(t, w)) if t.strip() else (lambda e: e.remove_titles(w)), h, s),
            [box, chatbot, session], outputs, api_visibility="private")
    add_music.click(lambda h, s: run("add some music", lambda e: e.set_music(), h, s), [chatbot, session], outputs,
                    api_visibility="private")
    no_music.click(lambda h, s: run("no music", lambda e: e.set_music(off=True), h, s), [chatbot, session], outputs,
                   api_visibility="private")
    volume.release(lambda v, h, s: run(f"music volume {round(v * 100)}%", lambda e: e.set_music(volume=v), h, s),
                   [volume, chatbot, session], outputs, api_visibility="private")


def scene_controls(card: SceneCard, session, chatbot, outputs, run: Run) -> None:
    """One row of a scene card: seconds, look, speed, caption, a shot by description."""
    n = card.number
    speeds = SPEEDS if any(v == card.speed for _, v in SPEEDS) else SPEEDS + [(f"{card.speed:g}x", card.speed)]
    with gr.Row(equal_height=True):
        length = gr.Number(value=round(card.seconds, 1), label=t("seconds_enter"), minimum=1, maximum=600, step=0.5,
                           scale=1, min_width=90, elem_id=f"scene-{n}-length", interactive=True)
        look = gr.Dropdown([(t("as_the_video"), VIDEO_LOOK), *LOOK_CHOICES], value=card.look or VIDEO_LOOK, label=t("look"), scale=1,
                           min_width=110, elem_id=f"scene-{n}-look", interactive=True)
        speed = gr.Dropdown(speeds, value=card.speed, label=t("speed"), scale=1, min_width=110,
                            elem_id=f"scene-{n}-speed", interactive=True)
        caption = gr.Textbox(value=card.caption, label=t("caption_enter"), placeholder=t("caption_example"),
                             scale=2, elem_id=f"scene-{n}-caption", interactive=True)
        find = gr.Textbox(label=t("find_shot"), placeholder=t("find_example"), scale=2,
                          elem_id=f"scene-{n}-find", interactive=True)

    def restyle(chosen: str, history, sid):
        def change(e):
            return e.set_look(e.edit.plan.style.look if chosen == VIDEO_LOOK else chosen, n)
        return run(f"scene {n}: {chosen}", change, history, sid)

    def captioned(words: str, history, sid):
        if words.strip():
            return run(f"caption over scene {n}: {words}", lambda e: e.add_title(words, "scene", n), history, sid)
        return run(f"no caption over scene {n}", lambda e: e.remove_titles("scene", n), history, sid)

    length.submit(lambda v, h, s: run(f"make scene {n} {v:g} seconds long", lambda e: e.set_scene_length(n, v), h, s),
                  [length, chatbot, session], outputs, api_visibility="private")
    look.input(restyle, [look, chatbot, session], outputs, api_visibility="private")
    speed.input(lambda v, h, s: run(f"scene {n} at {v:g}x speed", lambda e: e.set_speed(v, n), h, s),
                [speed, chatbot, session], outputs, api_visibility="private")
    caption.submit(captioned, [caption, chatbot, session], outputs, api_visibility="private")
    find.submit(lambda d, h, s: run(f"use a shot of {d} in scene {n}", lambda e: e.use_shot_showing(n, d), h, s),
                [find, chatbot, session], outputs, api_visibility="private")
