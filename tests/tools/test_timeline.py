"""Editor timelines: OTIO keeps looks, speeds and titles; FCP 7 XML keeps speeds and titles; the EDL
keeps speeds (M2, with the source span right), titles as markers and looks as comments. Property
tests over random plans with speeds and titles check the plan's invariants through each format."""

import re
import xml.etree.ElementTree as ET

import opentimelineio as otio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tools.export import export
from tools.looks import TABLE
from tools.plan import Clip, Plan, PlanSegment, Style, Title

def build_plan(segments: list[tuple[int, float, str | None]], titles: list[tuple[int, int, str]]) -> Plan:
    """Segments as (frames, speed, look), one clip each; titles as (start frame, frames, kind)."""
    segs, frame = [], 0
    for n, (frames, speed, look) in enumerate(segments):
        source_in = n * 10.0
        clip = Clip(shot_id=f"c{n}", source=f"/footage/{n}.mp4", in_=source_in,
                    out=round(source_in + frames / 30 * speed, 4), start=frame / 30, frames=frames, speed=speed)
        segs.append(PlanSegment(id=f"s{n + 1}", text=f"Scene {n + 1}.", start=round(frame / 30, 4),
                                duration=round(frames / 30, 4), frames=frames, clips=[clip], speed=speed, look=look))
        frame += frames
    shown = [Title(text=f"Title {k}", start=a / 30, duration=d / 30, kind=kind)
             for k, (a, d, kind) in enumerate(titles) if a + d <= frame]
    return Plan(style=Style(look="vintage"), segments=segs, duration=round(frame / 30, 4), titles=shown)


SAMPLE = build_plan([(60, 0.5, "warm"), (45, 2.0, None), (30, 1.0, "bw")],
                    [(0, 45, "title"), (30, 30, "title"), (66, 30, "caption")])


def test_otio_keeps_speed_look_and_titles(tmp_path):
    timeline = otio.adapters.read_from_file(str(export(SAMPLE, "otio", tmp_path / "cut.otio")))
    clips = list(timeline.find_clips())
    assert [c.metadata["storycut"]["look"] for c in clips] == ["warm", "vintage", "bw"]
    assert [c.metadata["cdl"]["asc_sat"] for c in clips] == [TABLE[n].cdl.saturation for n in ("warm", "vintage", "bw")]
    assert [[e.time_scalar for e in c.effects if isinstance(e, otio.schema.LinearTimeWarp)] for c in clips] \
        == [[0.5], [2.0], []]
    assert [c.source_range.duration.value for c in clips] == [60, 45, 30]
    assert clips[1].media_reference.available_range.end_time_exclusive().to_seconds() >= 13.0  # reaches `out`
    markers = [(m.name, m.marked_range.start_time.value, m.marked_range.duration.value,
                m.metadata["storycut"]["kind"]) for m in timeline.tracks.markers]
    assert markers == [("Title 0", 0, 45, "title"), ("Title 1", 30, 30, "title"), ("Title 2", 66, 30, "caption")]
    assert timeline.metadata["storycut"] == {"look": "vintage", "language": "en"}
    assert timeline.duration().value == 135


def test_the_edl_has_m2_speeds_with_true_source_spans_titles_and_looks(tmp_path):
    text = export(SAMPLE, "edl", tmp_path / "cut.edl").read_text()
    events = re.findall(r"^\d{3}\s+\S+\s+V\s+C\s+(\S+) (\S+) (\S+) (\S+)$", text, re.M)
    assert events == [("00:00:00:00", "00:00:01:00", "00:00:00:00", "00:00:02:00"),  # 2 s at 0.5x: 1 s of source
                      ("00:00:10:00", "00:00:13:00", "00:00:02:00", "00:00:03:15"),  # 1.5 s at 2x: 3 s
                      ("00:00:20:00", "00:00:21:00", "00:00:03:15", "00:00:04:15")]
    assert re.findall(r"^M2\s+\S+ \S+\s+([\d.]+)", text, re.M) == ["15.0", "60.0"]
    assert re.findall(r"^\* LOC: \S+ (\w+)\s+(.+)$", text, re.M) == [
        ("YELLOW", "TITLE 0"), ("YELLOW", "TITLE 1"), ("CYAN", "TITLE 2")]
    assert re.findall(r"^\* STORYCUT LOOK: (\w+)$", text, re.M) == ["WARM", "VINTAGE", "BW"]
    assert re.findall(r"^\*ASC_SAT (\S+)$", text, re.M) == ["1.0310", "0.6480", "0.0000"]
    slopes = re.findall(r"^\*ASC_SOP \(([^)]*)\)", text, re.M)
    assert [tuple(map(float, s.split())) for s in slopes] == [TABLE[n].cdl.slope for n in ("warm", "vintage", "bw")]
    read = otio.adapters.read_from_file(str(tmp_path / "cut.edl"), rate=30)
    assert [[e.time_scalar for e in c.effects] for c in read.find_clips()] == [[0.5], [2.0], []]


def test_fcp_xml_has_time_remap_speeds_and_text_generators(tmp_path):
    root = ET.parse(export(SAMPLE, "fcpxml", tmp_path / "cut.xml")).getroot()
    tracks = root.findall(".//sequence/media/video/track")
    speeds = [[p.findtext("value") for p in item.findall("filter/effect[effectid='timeremap']/parameter")
               if p.findtext("parameterid") == "speed"] for item in tracks[0].findall("clipitem")]
    assert speeds == [["50"], ["200"], []]
    texts = sorted((g.findtext("effect/parameter[parameterid='str']/value"), int(g.findtext("start")),
                    int(g.findtext("end"))) for track in tracks[1:] for g in track.findall("generatoritem"))
    assert texts == [("Title 0", 0, 45), ("Title 1", 30, 60), ("Title 2", 66, 96)]
    assert len(tracks) == 3  # the overlapping title goes on a second titles track
    assert all(g.findtext("effect/effectid") == "Text" for g in root.iter("generatoritem"))


plans = st.builds(
    build_plan,
    st.lists(st.tuples(st.integers(1, 150), st.sampled_from([0.25, 0.4, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0]),
                       st.sampled_from([None, "bw", "warm", "muted"])), min_size=1, max_size=5),
    st.lists(st.tuples(st.integers(0, 400), st.integers(1, 120), st.sampled_from(["title", "caption"])), max_size=4))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans)
def test_any_plan_with_speeds_and_titles_keeps_its_invariants_through_otio_and_edl(tmp_path, plan):
    """Every clip's source span is its length times its speed, the timeline is the plan's length to the
    frame and every title is a marker at its frames, in OTIO; the EDL's source spans obey the same rule."""
    timeline = otio.adapters.read_from_file(str(export(plan, "otio", tmp_path / "cut.otio")))
    assert timeline.duration().value == sum(s.frames for s in plan.segments)
    for read, clip in zip(timeline.find_clips(), [c for s in plan.segments for c in s.clips], strict=True):
        scalar = next((e.time_scalar for e in read.effects), 1.0)
        assert scalar == clip.speed and read.source_range.duration.value == clip.frames
        assert abs(read.source_range.duration.value * scalar / 30 - (clip.out - clip.in_)) < 1e-3
    assert [(m.marked_range.start_time.value, m.marked_range.end_time_exclusive().value)
            for m in timeline.tracks.markers] == [(round(t.start * 30), round((t.start + t.duration) * 30))
                                                  for t in plan.titles]
    text = export(plan, "edl", tmp_path / "cut.edl").read_text()
    for (src_in, src_out, rec_in, rec_out), clip in zip(
            re.findall(r"^\d{3}\s+\S+\s+V\s+C\s+(\S+) (\S+) (\S+) (\S+)$", text, re.M),
            [c for s in plan.segments for c in s.clips], strict=True):
        frames = [otio.opentime.from_timecode(tc, 30).value for tc in (src_in, src_out, rec_in, rec_out)]
        assert frames[3] - frames[2] == clip.frames and frames[1] - frames[0] == round(clip.frames * clip.speed)
