"""The output policy: whole files or none, and names from others kept inside their folder."""

import pytest

from tests.synth import grey_plan
from tools.export import export
from tools.files import OutsideOutputFolder, output_path, replacing
from tools.render import render


@pytest.fixture
def renders(tmp_path):
    folder = tmp_path / "renders"
    folder.mkdir()
    (folder / "out-link").symlink_to(tmp_path)  # a folder inside that points outside
    (folder / "file-link.mp4").symlink_to(tmp_path / "victim.mp4")
    (folder / "in-link").symlink_to(folder / "sub", target_is_directory=True)
    return folder


@pytest.mark.parametrize("name,expected", [("a.mp4", "a.mp4"), ("sub/../b.mp4", "b.mp4"), ("in-link/c.mp4", "sub/c.mp4"),
                                           ("~/d.mp4", "~/d.mp4"), ("..a.mp4", "..a.mp4")])
def test_names_inside_the_allowed_folder_are_kept_there(renders, name, expected):
    assert output_path(name, renders) == renders / expected
    assert output_path(renders / name, renders) == renders / expected  # absolute, but inside


@pytest.mark.parametrize("name", ["../x.mp4", "sub/../../x.mp4", "/etc/passwd", "/tmp/x.mp4", "out-link/x.mp4",
                                  "file-link.mp4", "", ".", "sub/.."])
def test_names_leaving_the_allowed_folder_are_refused(renders, name):
    with pytest.raises(OutsideOutputFolder, match="outside the allowed folder"):
        output_path(name, renders)


def test_render_and_export_refuse_before_writing_anything(renders, tmp_path):
    plan = grey_plan(tmp_path)
    for name in ("../escaped.mp4", "out-link/escaped.mp4", str(tmp_path / "escaped.mp4"), "file-link.mp4"):
        with pytest.raises(OutsideOutputFolder):
            render(plan, name, tmp_path / "cache", within=renders)
        with pytest.raises(OutsideOutputFolder):
            export(plan, "srt", name, within=renders)
    assert not list(tmp_path.glob("escaped*")) and not (tmp_path / "victim.mp4").exists()
    assert render(plan, "fine.mp4", tmp_path / "cache", within=renders).output == renders / "fine.mp4"
    assert export(plan, "srt", "sub/fine.srt", within=renders) == renders / "sub" / "fine.srt"


def test_a_failed_write_keeps_the_old_file_whole(tmp_path):
    target = tmp_path / "cut.srt"
    target.write_text("the previous export")
    with pytest.raises(RuntimeError):
        with replacing(target) as tmp:
            tmp.write_text("half of the new")
            raise RuntimeError("killed")
    assert target.read_text() == "the previous export" and list(tmp_path.iterdir()) == [target]


def test_written_files_get_the_usual_permissions(tmp_path):
    (tmp_path / "plain.srt").write_text("x")
    with replacing(tmp_path / "cut.srt") as tmp:
        tmp.write_text("y")
    assert (tmp_path / "cut.srt").stat().st_mode == (tmp_path / "plain.srt").stat().st_mode
