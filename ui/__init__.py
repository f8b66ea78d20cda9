"""Front ends: the `storycut` command line and the Gradio app."""

__all__: list[str] = []
