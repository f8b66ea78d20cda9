"""The CLI's human output with text it did not write: sidecars and stories holding rich markup.

Descriptions, file names and story text are printed as written: "[/]", "[link=...]" or "[bold]"
in them are not rich markup.
"""

from tests.ui.test_cli import storycut
from vectorstore import Library, ingest


def test_markup_in_a_description_or_story_is_printed_as_written(tmp_path, demo_copy):
    (demo_copy / "cockatoo.txt").write_text("[/] A white cockatoo [bold]at[/bold] [link=file:///etc/passwd]home")
    assert not ingest([demo_copy], Library.open(tmp_path / "lib")).errors
    for command in (["shots"], ["search", "a white cockatoo"], ["plan", "A cockatoo [/] looks up.", "--duration", "4"]):
        done = storycut(*command, library=tmp_path / "lib", check=False)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-300:]
        assert "[/]" in done.stdout + done.stderr
