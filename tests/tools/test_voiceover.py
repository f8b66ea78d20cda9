"""Where the narration is heard (`tools.voiceover`): inside its scene, or running on over the next."""

import pytest

from tools.narration import LEAST_PAUSE, narration_rate
from tools.voiceover import NATURAL_SPEEDUP, late, run_on, runs_on, voice_layout

SCENES = [(0.0, 3.0), (3.0, 1.5), (4.5, 3.0), (7.5, 3.0)]
SPOKEN = [2.0, 3.0, 2.0, 2.0]


def test_lines_that_fit_are_read_as_before_inside_their_scenes():
    fitting = [(0.0, 3.0), (3.0, 3.5), (6.5, 3.0)]
    spans = run_on(fitting, [2.0, 3.6, 2.0])
    assert [s.start for s in spans] == [0.0, 3.0, 6.5]
    assert [s.rate for s in spans] == pytest.approx([1.0, narration_rate(3.6, 3.5), 1.0])
    assert runs_on(spans, fitting) == {}


def test_a_line_longer_than_its_scene_runs_on_and_the_next_waits_and_catches_up():
    spans = run_on(SCENES, SPOKEN)
    assert spans[1].rate == NATURAL_SPEEDUP and spans[1].end == pytest.approx(3.0 + 3.0 / NATURAL_SPEEDUP, abs=1e-3)
    assert runs_on(spans, SCENES) == {1: pytest.approx(spans[1].end - 4.5, abs=0.01)}
    assert spans[2].start == pytest.approx(spans[1].end + LEAST_PAUSE, abs=1e-3)
    assert spans[2].end <= 7.5 and spans[2].rate > 1.0  # read faster to end inside its own scene
    assert spans[3].start == 7.5 and spans[3].rate == 1.0
    assert late(spans, SCENES, 10.5) is None
    assert voice_layout(SCENES, SPOKEN, 10.5) == spans


def test_the_last_line_cannot_run_past_the_end_nor_a_line_start_late_in_its_scene():
    ending = [(0.0, 3.0), (3.0, 1.0)]
    assert late(run_on(ending, [2.0, 3.0]), ending, 4.0) == 1
    crowded = [(0.0, 1.0), (1.0, 1.0), (2.0, 4.0)]
    assert late(run_on(crowded, [4.0, 1.0, 1.0]), crowded, 6.0) == 1  # the second line would start 2 s late
    inside = voice_layout(crowded, [4.0, 1.0, 1.0], 6.0)  # a plan no run-on fits keeps each line in its scene
    assert [s.start for s in inside] == [0.0, 1.0, 2.0] and all(s.end <= a + b for s, (a, b) in zip(inside, crowded))
