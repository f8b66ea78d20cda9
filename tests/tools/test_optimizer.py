"""The montage optimizer: each energy term pulls the choice its way; the beam matches brute force."""

import random

import pytest

from tools.energy import Weights
from tools.allocate import allocate
from tools.montage import build_problem, energy, energy_terms, exhaustive, greedy, solve, to_plan
from tools.plan import PlanError
from tools.retrieval import Candidate
from tools.story import Segment
from tools.style import style_preset
from vectorstore.models import Features, Shot

BASE = dict(brightness=0.5, contrast=0.5, saturation=0.5, warmth=0.0, sharpness=0.8, motion=0.1,
            camera_motion="static", faces=0, shot_size="medium", quality=0.8)


def make_shot(name: str, source: str | None = None, start: float = 0.0, duration: float = 6.0,
              hist: int = 0, flow=(0.0, 0.0), palette=None, **features) -> Shot:
    histogram = [0.0] * 16
    histogram[hist] = 1.0
    return Shot(shot_id=name, source=source or f"/v/{name}.mp4", start=start, end=start + duration,
                duration=duration, features=Features(**{**BASE, **features}), histogram=histogram,
                flow=flow, palette=palette or [[10 * len(name), 40, 90]] * 4)


def segment(i: int, seconds: float = 3.0, intensity: float = 0.0) -> Segment:
    return Segment(id=f"g{i}", text=f"segment {i}", duration=seconds, intensity=intensity)


def plan_for(segments, per_segment: list[list[tuple[Shot, float]]], style="neutral", weights=None):
    candidates = {seg.id: [Candidate(shot=s, score=score, why="") for s, score in pairs]
                  for seg, pairs in zip(segments, per_segment)}
    problem = build_problem(segments, candidates, style_preset(style), weights=weights)
    montage = solve(problem)
    return problem, montage, [[problem.table.shots[i].shot_id for i in shots] for shots in montage]


def test_better_matches_win():
    a, b, c = make_shot("a"), make_shot("b"), make_shot("c")
    _, _, chosen = plan_for([segment(0)], [[(a, 0.2), (b, 0.9), (c, 0.5)]])
    assert chosen == [["b"]]


def test_quality_breaks_ties_in_meaning():
    good, poor = make_shot("good", quality=0.95), make_shot("poor", quality=0.2)
    _, _, chosen = plan_for([segment(0)], [[(poor, 0.5), (good, 0.5)]])
    assert chosen == [["good"]]


def test_jump_cuts_are_avoided():
    first = make_shot("first")
    same_take = make_shot("same", source="/v/first.mp4", start=6.0)  # adjacent in the same file
    other = make_shot("other", hist=0)
    segs = [segment(0), segment(1)]
    _, _, chosen = plan_for(segs, [[(first, 1.0)], [(same_take, 0.9), (other, 0.85)]])
    assert chosen == [["first"], ["other"]]


def test_tone_and_brightness_stay_continuous():
    start = make_shot("start", hist=3, brightness=0.3)
    similar = make_shot("similar", hist=3, brightness=0.35)
    jarring = make_shot("jarring", hist=14, brightness=0.95)
    _, _, chosen = plan_for([segment(0), segment(1)], [[(start, 1.0)], [(jarring, 0.8), (similar, 0.78)]])
    assert chosen[1] == ["similar"]


def test_opposite_camera_motion_is_avoided():
    left = make_shot("left", flow=(-0.2, 0.0), camera_motion="pan")
    right = make_shot("right", flow=(0.2, 0.0), camera_motion="pan")
    also_left = make_shot("alsoleft", flow=(-0.2, 0.0), camera_motion="pan")
    _, _, chosen = plan_for([segment(0), segment(1)], [[(left, 1.0)], [(right, 0.8), (also_left, 0.79)]])
    assert chosen[1] == ["alsoleft"]


def test_pace_sets_the_number_of_cuts():
    shots = [(make_shot(f"s{i}", hist=i % 4), 1.0 - i * 0.01) for i in range(12)]
    _, _, calm = plan_for([segment(0, 10.0)], [shots], style="calm")
    _, _, energetic = plan_for([segment(0, 10.0)], [shots], style="energetic")
    assert len(energetic[0]) > len(calm[0])


def test_opening_wide_and_intense_lines_close():
    close, wide = make_shot("close", shot_size="close"), make_shot("wide", shot_size="wide")
    _, _, opening = plan_for([segment(0)], [[(close, 0.6), (wide, 0.59)]])
    assert opening == [["wide"]]
    no_idiom = Weights(idioms={"start_wide": 0.0})
    _, _, plain = plan_for([segment(0)], [[(close, 0.6), (wide, 0.59)]], weights=no_idiom)
    assert plain == [["close"]]
    first = make_shot("first", shot_size="wide")
    _, _, intense = plan_for([segment(0), segment(1, intensity=0.9)],
                             [[(first, 1.0)], [(wide, 0.6), (close, 0.59)]])
    assert intense[1] == ["close"]


def test_runs_of_one_shot_size_are_broken():
    wides = [make_shot(f"w{i}", shot_size="wide", hist=i) for i in range(4)]
    medium = make_shot("m", shot_size="medium", hist=9)
    segs = [segment(i) for i in range(4)]
    per = [[(wides[i], 1.0)] for i in range(3)] + [[(wides[3], 0.8), (medium, 0.79)]]
    _, _, chosen = plan_for(segs, per)
    assert chosen[3] == ["m"]


def test_look_alikes_are_kept_apart():
    a = make_shot("aa", palette=[[200, 10, 10]] * 4, hist=5)
    twin = make_shot("twin", palette=[[201, 11, 10]] * 4, hist=5, source="/v/elsewhere.mp4")
    other = make_shot("oo", palette=[[10, 10, 200]] * 4, hist=6)
    _, _, chosen = plan_for([segment(0), segment(1)], [[(a, 1.0)], [(twin, 0.8), (other, 0.75)]])
    assert chosen[1] == ["oo"]


def test_plans_tile_exactly_and_never_repeat():
    rng = random.Random(3)
    shots = [make_shot(f"s{i}", duration=rng.uniform(1.0, 9.0), hist=rng.randrange(16)) for i in range(40)]
    segs = [segment(i, rng.uniform(1.5, 9.0)) for i in range(8)]
    per = [[(s, rng.random()) for s in rng.sample(shots, 15)] for _ in segs]
    problem, montage, chosen = plan_for(segs, per, style="dramatic")
    plan = to_plan(problem, montage, style_preset("dramatic"))
    flat = [c.shot_id for s in plan.segments for c in s.clips]
    assert len(flat) == len(set(flat))
    for seg in plan.segments:
        assert sum(c.frames for c in seg.clips) == seg.frames
        for clip in seg.clips:
            shot = next(s for s in shots if s.shot_id == clip.shot_id)
            assert shot.start <= clip.in_ and clip.out <= shot.end


def gaps_to_brute_force(seeds, shots_of, segments_of) -> list[tuple[float, object, list[list[int]]]]:
    """For each random problem (shots, segments, 4 candidates each, a style): the beam's relative gap to
    the exhaustive optimum, the problem and the optimum (problems without a montage are skipped)."""
    out = []
    for seed in seeds:
        rng = random.Random(seed)
        shots, segs = shots_of(rng), segments_of(rng)
        per = [[(s, rng.random()) for s in rng.sample(shots, 4)] for _ in segs]
        problem, montage, _ = plan_for(segs, per, style=rng.choice(["neutral", "dramatic", "calm"]))
        try:
            best_montage, best = exhaustive(problem)
        except PlanError:
            continue
        found = energy(problem, montage)
        assert found == pytest.approx(sum(energy_terms(problem, montage).values()))
        out.append(((found - best) / max(best, 1e-9), problem, best_montage))
    return out


def test_the_beam_reports_the_true_energy_and_matches_brute_force():
    results = gaps_to_brute_force(
        range(12),
        lambda rng: [make_shot(f"s{i}", duration=rng.uniform(1.0, 6.0), hist=rng.randrange(16),
                               shot_size=rng.choice(["close", "medium", "wide"]), quality=rng.random(),
                               flow=(rng.uniform(-0.3, 0.3), 0.0), source=f"/v/f{i % 3}.mp4",
                               start=rng.uniform(0, 20)) for i in range(7)],
        lambda rng: [segment(i, rng.uniform(2.0, 5.0), intensity=rng.random()) for i in range(3)])
    assert max(gap for gap, _, _ in results) <= 0.01


def test_the_optimum_beats_greedy_on_its_own_energy():
    rng = random.Random(7)
    shots = [make_shot(f"s{i}", hist=rng.randrange(16), source=f"/v/f{i % 2}.mp4", start=i * 6.0,
                       brightness=rng.random(), shot_size=rng.choice(["close", "wide"])) for i in range(30)]
    segs = [segment(i, 4.0) for i in range(6)]
    per = [[(s, rng.random()) for s in rng.sample(shots, 10)] for _ in segs]
    problem, montage, _ = plan_for(segs, per)
    assert energy(problem, montage) <= energy(problem, greedy(problem))


def test_too_few_shots_is_a_clear_error():
    only = make_shot("only", duration=2.0)
    with pytest.raises(PlanError, match="too few distinct shots"):
        plan_for([segment(0, 8.0), segment(1, 8.0)], [[(only, 1.0)], [(only, 1.0)]])


@pytest.mark.parametrize("total,usable,expected", [
    (90, [100, 100, 100], [30, 30, 30]),
    (90, [10, 100, 100], None),  # a clip would be shorter than the minimum of 18 frames
    (90, [20, 100, 100], [20, 35, 35]),
    (91, [100, 100], [46, 45]),
    (300, [100, 100], None),
])
def test_frames_are_allocated_evenly_within_each_shot(total, usable, expected):
    lengths = allocate(total, usable, 18)
    assert (sorted(lengths) if lengths else None) == (sorted(expected) if expected else None)
    if lengths:
        assert sum(lengths) == total and all(l <= u for l, u in zip(lengths, usable))


def planned_story(seed: int, n_shots: int, n_segments: int, seconds: float, per_segment: int, style: str):
    """A random library and story, planned once: (shots, segments, candidates, style, shot ids per segment)."""
    rng = random.Random(seed)
    shots = [make_shot(f"s{i}", hist=rng.randrange(16), duration=rng.uniform(3, 8)) for i in range(n_shots)]
    segs = [segment(i, seconds) for i in range(n_segments)]
    candidates = {seg.id: [Candidate(shot=s, score=rng.random(), why="") for s in rng.sample(shots, per_segment)]
                  for seg in segs}
    chosen = style_preset(style)
    problem = build_problem(segs, candidates, chosen)
    before = to_plan(problem, solve(problem), chosen)
    return shots, segs, candidates, chosen, {s.id: [c.shot_id for c in s.clips] for s in before.segments}


def test_replanning_one_segment_keeps_the_others():
    from tools.montage import replan

    _, segs, candidates, style, previous = planned_story(11, 40, 6, 3.0, 12, "neutral")
    edited = segs[:3] + [segment(3, 5.0)] + segs[4:]
    after = replan(edited, candidates, style, previous, free={"g3"})
    for new in after.segments:
        if new.id != "g3":
            assert [c.shot_id for c in new.clips] == previous[new.id]
    assert after.segments[3].frames == 150
    alternative = replan(segs, candidates, style, previous, free={"g2"}, exclude={"g2": set(previous["g2"])})
    assert not set(previous["g2"]) & {c.shot_id for c in alternative.segments[2].clips}
    assert [c.shot_id for c in alternative.segments[1].clips] == previous["g1"]


def test_clips_start_where_the_shot_is_steady():
    from tools.montage import steadiest_window

    shaky_start = make_shot("shaky", duration=8.0).model_copy(
        update={"shake": [(t / 4, 0.5 if t < 16 else 0.01) for t in range(32)]})
    assert steadiest_window(shaky_start, 3.0) >= 3.75  # past the shaky first 4 s (sampled every 0.25 s)
    even = make_shot("even", duration=8.0).model_copy(update={"shake": [(t / 4, 0.02) for t in range(32)]})
    assert steadiest_window(even, 3.0) == pytest.approx(2.5, abs=0.01)  # centred
    assert steadiest_window(make_shot("short", duration=2.0), 3.0) == 0.0


def test_a_locked_clip_stays_while_its_segment_is_replanned():
    from tools.montage import replan

    shots, segs, candidates, style, previous = planned_story(5, 30, 3, 6.0, 10, "dramatic")
    outsider = next(s.shot_id for s in shots if all(s.shot_id not in v for v in previous.values()))
    after = replan(segs, candidates, style, previous, free={"g1"}, locked={"g1": {outsider}}, spare=shots)
    assert outsider in [c.shot_id for c in after.segments[1].clips]
    assert [c.shot_id for c in after.segments[0].clips] == previous["g0"]


def test_ending_wide_and_the_styles_amount_of_movement():
    first = make_shot("first", shot_size="wide", hist=1)
    close, wide = make_shot("close", shot_size="close", hist=2), make_shot("wide", shot_size="wide", hist=3)
    _, _, ending = plan_for([segment(0), segment(1)], [[(first, 1.0)], [(close, 0.6), (wide, 0.59)]])
    assert ending[1] == ["wide"]
    still, busy = make_shot("still", motion=0.05, hist=4), make_shot("busy", motion=0.9, hist=5)
    _, _, energetic = plan_for([segment(0, 1.2)], [[(still, 0.6), (busy, 0.59)]], style="energetic")
    _, _, calm = plan_for([segment(0, 5.0)], [[(still, 0.59), (busy, 0.6)]], style="calm")
    assert energetic == [["busy"]] and calm == [["still"]]


def test_a_segments_speed_scales_the_source_each_clip_uses():
    shots = [make_shot(f"s{i}", duration=8.0, hist=i) for i in range(6)]
    segs = [segment(0, 3.0).model_copy(update={"speed": 2.0}), segment(1, 4.0).model_copy(update={"speed": 0.5})]
    problem, montage, _ = plan_for(segs, [[(s, 1.0 - i / 10) for i, s in enumerate(shots)]] * 2)
    plan = to_plan(problem, montage, style_preset("neutral"))
    for seg, rate in zip(plan.segments, (2.0, 0.5)):
        assert seg.speed == rate
        for clip in seg.clips:
            assert clip.speed == rate
            assert clip.out - clip.in_ == pytest.approx(clip.frames / plan.fps * rate, abs=1e-3)
            shot = next(s for s in shots if s.shot_id == clip.shot_id)
            assert shot.start <= clip.in_ and clip.out <= shot.end


def test_at_double_speed_a_shot_fills_half_the_frames():
    from tools.montage import segment_fill

    short = make_shot("short", duration=3.0)  # 89 timeline frames at 1x, 44 at 2x
    for rate, hold in ((1.0, 1.0), (2.0, 44 / 75)):
        problem, _, _ = plan_for([segment(0, 2.5).model_copy(update={"speed": rate})], [[(short, 1.0)]])
        assert segment_fill(problem, 0, [0]).holds == [pytest.approx(hold)]


def test_a_short_still_match_is_held_rather_than_filled_with_an_unrelated_shot():
    match = make_shot("dog", duration=1.6)  # still: static camera, motion 0.1
    unrelated = make_shot("bird", duration=8.0, hist=7)
    segs = [segment(0, 4.5)]
    candidates = {"g0": [Candidate(shot=match, score=1.0, why="")]}
    problem = build_problem(segs, candidates, style_preset("neutral"), spare=[unrelated])
    plan = to_plan(problem, solve(problem), style_preset("neutral"))
    (clip,) = plan.segments[0].clips
    assert clip.shot_id == "dog" and clip.frames == 135 and 0.3 <= clip.speed < 0.4
    assert clip.out - clip.in_ <= match.duration
    # a close alternative beats slow motion: the hold is a last resort
    near = make_shot("dog2", duration=8.0, hist=9)
    problem = build_problem(segs, {"g0": [Candidate(shot=match, score=1.0, why=""),
                                          Candidate(shot=near, score=0.95, why="")]}, style_preset("neutral"))
    plan = to_plan(problem, solve(problem), style_preset("neutral"))
    assert all(c.speed == 1.0 for c in plan.segments[0].clips)


def test_moving_shots_are_slowed_at_most_to_half_speed():
    moving = make_shot("pan", duration=1.6, camera_motion="pan", motion=0.5)
    unrelated = make_shot("other", duration=8.0, hist=7)
    problem = build_problem([segment(0, 4.5)], {"g0": [Candidate(shot=moving, score=1.0, why="")]},
                            style_preset("neutral"), spare=[unrelated])
    plan = to_plan(problem, solve(problem), style_preset("neutral"))
    assert [c.shot_id for c in plan.segments[0].clips] == ["pan", "other"]
    assert min(c.speed for c in plan.segments[0].clips) >= 0.5


def test_held_clips_fill_the_segment_exactly():
    from tools.allocate import fill

    held = fill(150, [44, 60], [0.3, 0.5], 18)
    assert sum(held.lengths) == 150 and held.lengths[1] <= 120
    for length, usable, hold, slowest in zip(held.lengths, [44, 60], held.holds, [0.3, 0.5]):
        assert slowest <= hold <= 1 and length * hold <= usable + 1e-9
    assert held.holds[0] == pytest.approx(held.holds[1], abs=0.02)  # one common slow-down
    assert fill(150, [100, 100], [0.5, 0.5], 18).holds == [1.0, 1.0]
    assert fill(400, [44, 60], [0.3, 0.5], 18) is None


def test_close_framing_raises_the_close_up_share():
    shots = [make_shot(f"s{i}", shot_size=size, hist=i, duration=5.0)
             for i, size in enumerate(["wide", "medium", "close", "wide", "close", "medium"] * 2)]
    segs = [segment(i, 3.0) for i in range(4)]
    rng = random.Random(2)
    per = [[(s, 0.6 + rng.random() * 0.3) for s in shots] for _ in segs]

    def close_share(framing: str) -> float:
        candidates = {seg.id: [Candidate(shot=s, score=v, why="") for s, v in pairs] for seg, pairs in zip(segs, per)}
        style = style_preset("neutral", framing=framing)
        problem = build_problem(segs, candidates, style)
        plan = to_plan(problem, solve(problem), style)
        size = {s.shot_id: s.features.shot_size for s in shots}
        return sum(c.frames for seg in plan.segments for c in seg.clips if size[c.shot_id] == "close") / sum(
            seg.frames for seg in plan.segments)

    assert close_share("close") > close_share("any") + 0.2
    assert close_share("wide") < close_share("any")


def test_the_beam_matches_brute_force_with_speeds_holds_and_framing():
    """Short shots, user speeds and a framing wish: holds are often optimal. The beam keeps within 1%
    on average; a problem it prunes wrongly stays within 3% (seed 103: 2.2%, an idiom of ordering)."""
    results = gaps_to_brute_force(
        range(100, 112),
        lambda rng: [make_shot(f"s{i}", duration=rng.uniform(0.8, 4.0), hist=rng.randrange(16),
                               shot_size=rng.choice(["close", "medium", "wide"]), quality=rng.random(),
                               motion=rng.choice([0.05, 0.5]), camera_motion=rng.choice(["static", "pan"]),
                               source=f"/v/f{i % 3}.mp4", start=rng.uniform(0, 20)) for i in range(7)],
        lambda rng: [segment(i, rng.uniform(2.0, 5.0)).model_copy(update={
            "speed": rng.choice([0.5, 1.0, 1.0, 2.0]), "framing": rng.choice([None, "close", "wide"])})
            for i in range(3)])
    gaps = [gap for gap, _, _ in results]
    assert sum(gaps) / len(gaps) <= 0.01 and max(gaps) <= 0.03
    assert any(energy_terms(p, best)["slow_motion"] > 0 for _, p, best in results)  # holds were exercised
