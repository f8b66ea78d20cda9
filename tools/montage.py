"""The montage optimizer: choose and trim shots for every segment by minimising the energy.

Each segment gets a number of clips near what its length and the style's pace ask for (one fewer,
as many, or one more: the energy decides). The solver is a beam search over clip slots in story
order: a state is a partial montage (its shots, the set of shots it used, its energy so far); each
slot extends every state with every candidate shot not yet used, and keeps the `beam` cheapest. The used set makes "never the same shot twice" exact, which a
plain Viterbi over (slot, shot) could not guarantee. When a segment's slots are filled, its frames
are allocated among its shots (as close to the pace as their lengths allow, to the frame; slowed
down when they are too short: `tools.allocate`) and the provisional per-clip terms are replaced by
the exact ones, so a finished state's cost is exactly `energy()` of its montage. A segment may also
take up to two clips fewer than the pace asks for: fewer matching shots, slowed, against a fill of
unrelated ones.

Complexity: O(4 x slots x beam x K) cost evaluations for K candidates per segment (four clip counts
per segment), computed as one (beam x K) matrix per slot: about 120 slots x 32 x 30 for 5 minutes.
Incremental re-planning (`replan`) pins untouched segments to their shots, so only the edited ones
are searched, and once only pinned segments remain a single state is carried.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from vectorstore import Shot
from vectorstore.music import MusicTrack

from .allocate import Fill, fill, slowest_holds, timeline_frames
from .beats import beat_frames, snap_boundaries, snap_cuts
from .energy import FRAMING_MATCH, FRAMING_SAID, SIZE_INDEX, MAX_SAME_SIZE, ShotTable, Weights, framing_cost, size_cost
from .plan import MIN_SPEED, TIMELINE_FPS, Clip, Plan, PlanError, PlanSegment, Style
from .retrieval import Candidate
from .speech import snap_window
from .story import Segment, keywords
from .style import style_weights

MIN_CLIP_SECONDS = 0.6
MAX_CLIPS_PER_SEGMENT = 8
SPARE_MISMATCH = 2.0
BEAM = 32
TERMS = ("semantic", "quality", "pace", "slow_motion", "framing", "cuts", "near_duplicate", "idioms")


@dataclass
class Problem:
    """Everything the solver needs, indexed: segments, their candidate shots, the shot table."""

    segments: list[Segment]
    frames: list[int]
    counts: list[int]
    """Clips per segment at the style's pace; the solver also tries one fewer and one more."""
    options: list[np.ndarray]
    mismatch: list[dict[int, float]]
    table: ShotTable
    weights: Weights
    pace_frames: int
    min_frames: int
    fps: int
    sizes: list[int | None] = field(default_factory=list)
    """The shot size each segment asks for (`SIZE_INDEX`; None: any)."""
    beats: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    """Timeline frames of the music's beats, for cuts to snap to (empty: no music)."""
    pinned: dict[int, list[int]] = field(default_factory=dict)
    """Segments whose shots are fixed (incremental re-planning keeps untouched segments as they were)."""
    required: dict[int, set[int]] = field(default_factory=dict)
    """Shots a segment must use (locked clips), in whatever order and company the energy prefers."""
    on_topic: list[set[int]] = field(default_factory=list)
    """Per segment: the shots that match its text well enough to earn their size (`on_topic`)."""

    def earns_size(self, s: int, shots: np.ndarray | list[int]) -> np.ndarray:
        return np.array([i in self.on_topic[s] if s < len(self.on_topic) else False for i in shots], dtype=bool)



def build_problem(segments: list[Segment], candidates: dict[str, list[Candidate]], style: Style,
                  spare: list[Shot] | None = None, fps: int = TIMELINE_FPS, weights: Weights | None = None,
                  music: MusicTrack | None = None) -> Problem:
    """Index the candidates; add spare shots (best quality first) where a segment has too few. With
    `music`, segment boundaries move onto its beats where they may (`tools.beats`)."""
    weights = weights or style_weights(style)
    min_frames = round(MIN_CLIP_SECONDS * fps)
    pace_frames = max(min_frames, round(style.pace * fps))
    lengths = [max(1, round(seg.duration * fps)) for seg in segments]
    beats = beat_frames(music.beats, music.duration, sum(lengths), fps) if music else np.array([], dtype=np.int64)
    if len(beats):
        lengths = snap_boundaries(lengths, [seg.fixed_duration is not None for seg in segments], beats, min_frames)
    pool: dict[str, int] = {}
    shots: list[Shot] = []

    def index(shot: Shot) -> int:
        if shot.shot_id not in pool:
            pool[shot.shot_id] = len(shots)
            shots.append(shot)
        return pool[shot.shot_id]

    spare_sorted = sorted(spare or [], key=lambda s: -s.features.quality)
    frames, counts, options, mismatch, said = [], [], [], [], []
    for seg, n in zip(segments, lengths):
        count = max(1, min(MAX_CLIPS_PER_SEGMENT, round(n / pace_frames), n // min_frames or 1))
        cands = [c for c in candidates.get(seg.id, []) if _usable(c.shot, fps, seg.speed) >= min(min_frames, n)]
        said.append({index(c.shot): c.says for c in cands if c.says is not None})
        top = max((c.score for c in cands), default=0.0)
        # Distance below the best match, in units of the best score: a near-tie stays a near-tie.
        seg_mismatch = {index(c.shot): (top - c.score) / (abs(top) + 1.0) for c in cands}
        extra = max(0, 3 * count - len(cands)) + 4
        for shot in spare_sorted:
            if extra == 0:
                break
            if shot.shot_id not in {c.shot.shot_id for c in cands} and _usable(shot, fps, seg.speed) >= min(min_frames, n):
                seg_mismatch.setdefault(index(shot), SPARE_MISMATCH)
                extra -= 1
        frames.append(n)
        counts.append(count)
        options.append(np.array(list(seg_mismatch), dtype=np.int64))
        mismatch.append(seg_mismatch)
    table = ShotTable(shots)
    return Problem(segments=segments, frames=frames, counts=counts, options=options, mismatch=mismatch,
                   table=table, weights=weights, pace_frames=pace_frames, min_frames=min_frames, fps=fps,
                   sizes=[_wanted_size(seg.framing or style.framing) for seg in segments], beats=beats,
                   on_topic=[on_topic(seg, m, table, n) for seg, m, n in zip(segments, mismatch, said)])


def on_topic(segment: Segment, mismatch: dict[int, float], table: ShotTable, said: dict[int, int]) -> set[int]:
    """The candidates whose size counts toward a size the user asks for: another framing of footage
    that matches about as well as the best (`FRAMING_MATCH`), or a shot whose text says two content
    words of the segment's (its only one, when it has one), itself or by a synonym as retrieval reads
    them (`said`, by shot; else its description's own words), and that is not far below the best
    (`FRAMING_SAID`). Near the top of the ranking, retrieval's order alone is no measure of topic, and
    one shared word is not either ("skateboarding dog" for "a boy rides his skateboard")."""
    best: dict[int, float] = {}
    for i, m in mismatch.items():
        best[int(table.source[i])] = min(m, best.get(int(table.source[i]), math.inf))
    words = set(keywords(segment.text))
    needed = min(2, len(words))

    def says(i: int) -> int:
        return said[i] if i in said else len(words & set(keywords(table.shots[i].description)))
    return {i for i, m in mismatch.items() if best[int(table.source[i])] <= FRAMING_MATCH
            or (m <= FRAMING_SAID and says(i) >= needed > 0)}


def _wanted_size(framing: str) -> int | None:
    return SIZE_INDEX.get(framing)


def _usable(shot: Shot, fps: int, speed: float = 1.0) -> int:
    """Whole timeline frames the shot fills at `speed` (one spare so a clip never runs past it)."""
    return int(timeline_frames(np.array([shot.duration]), fps, speed)[0])


def segment_fill(p: Problem, s: int, shots: list[int]) -> Fill | None:
    """The lengths and holds of `shots` filling segment `s` at its speed, the shots that match its
    text (`on_topic`) served first, cuts on the music's beats where they can be (None: the shots
    cannot fill it)."""
    speed = p.segments[s].speed
    usable = timeline_frames(p.table.duration[shots], p.fps, speed).tolist()
    slowest = slowest_holds(p.table.still[shots], speed).tolist()
    minimum = min(p.min_frames, p.frames[s])
    f = fill(p.frames[s], usable, slowest, minimum, matching=p.earns_size(s, shots).tolist())
    if f is None or len(shots) < 2 or not len(p.beats):
        return f
    longest = [u if h >= 1 else int(u / low) for u, h, low in zip(usable, f.holds, slowest)]
    lengths = snap_cuts(f.lengths, sum(p.frames[:s]), longest, p.beats, minimum)
    return Fill(lengths, [min(1.0, u / n) for u, n in zip(usable, lengths)])


def segment_terms(p: Problem, s: int, shots: list[int], f: Fill) -> dict[str, float]:
    """Exact per-segment terms: semantic, quality, pace, slow motion, framing, and the idioms that
    judge clips."""
    w, t = p.weights, p.table
    share = np.array(f.lengths) / p.frames[s]
    mismatch = np.array([p.mismatch[s][i] for i in shots])
    wanted = p.sizes[s] if p.sizes else None
    terms = {"semantic": w.semantic * float(share @ mismatch),
             "quality": w.quality * float(share @ (1 - t.quality[shots])),
             "pace": w.pace * float(np.mean(((np.array(f.lengths) - p.pace_frames) / p.pace_frames) ** 2)),
             "slow_motion": w.slow_motion * float(share @ ((1 / np.array(f.holds) - 1) * t.slow_visibility[shots])),
             "framing": 0.0 if wanted is None else
             w.framing * float(share @ framing_cost(t.size[shots], p.earns_size(s, shots), wanted)),
             "idioms": 0.0}
    if p.segments[s].intensity > 0.5:
        terms["idioms"] += w.idiom("intense_closeups") * float(share @ (t.size[shots] / 2))
    if w.target_motion is not None:
        terms["idioms"] += w.idiom("movement") * float(share @ np.abs(t.motion[shots] - w.target_motion))
    return terms


def segment_cost(p: Problem, s: int, shots: list[int], f: Fill) -> float:
    return sum(segment_terms(p, s, shots, f).values())


def provisional(p: Problem, s: int, shots: np.ndarray, count: int) -> np.ndarray:
    """Per-clip semantic, quality, slow-motion and framing terms before lengths are known, for an even
    share of the segment's frames (the solver swaps them for the exact terms once it allocates them)."""
    w, t = p.weights, p.table
    mismatch = np.array([p.mismatch[s][i] for i in shots])
    even = p.frames[s] / count
    usable = timeline_frames(t.duration[shots], p.fps, p.segments[s].speed)
    hold = np.maximum(np.minimum(1.0, usable / even), slowest_holds(t.still[shots], p.segments[s].speed))
    cost = (w.semantic * mismatch + w.quality * (1 - t.quality[shots])
            + w.slow_motion * (1 / hold - 1) * t.slow_visibility[shots]) / count
    wanted = p.sizes[s] if p.sizes else None
    if wanted is None:
        return cost
    return cost + w.framing * framing_cost(t.size[shots], p.earns_size(s, shots), wanted) / count


@dataclass(order=True)
class State:
    """A partial montage: its shots in order, the clip count of each finished segment, the same-size
    run at its end, and the provisional terms of its unfinished segment (`pending`)."""

    cost: float
    shots: tuple[int, ...] = field(compare=False)
    used: frozenset[int] = field(compare=False)
    counts: tuple[int, ...] = field(compare=False, default=())
    run: int = field(compare=False, default=0)
    pending: float = field(compare=False, default=0.0)


def count_options(p: Problem, s: int) -> list[int]:
    """Clip counts to try for segment `s`: the pace's count, one more, and up to two fewer (fewer
    matching shots held longer, against a fill of unrelated ones); a pinned segment: its own count."""
    if s in p.pinned:
        return [len(p.pinned[s])]
    most = min(MAX_CLIPS_PER_SEGMENT, max(1, p.frames[s] // p.min_frames))
    least = max(1, len(p.required.get(s, ())))
    return sorted({c for c in range(p.counts[s] - 2, p.counts[s] + 2) if least <= c <= most}) or [least]


def _extend(p: Problem, s: int, count: int, position: int, states: list[State], beam: int) -> list[State]:
    """Every state extended by one clip of segment `s`, the `beam` cheapest kept.

    All states (rows) times all candidates (columns) are costed as one matrix: the cut from each
    state's last shot, look-alikes among its last two, the same-size run, and the opening idiom."""
    w, t = p.weights, p.table
    cands = np.array([p.pinned[s][position]]) if s in p.pinned else p.options[s]
    if not states or not len(cands):
        return []
    base = provisional(p, s, cands, count)
    costs = np.array([st.cost for st in states])[:, None] + base[None, :]
    runs = np.ones((len(states), len(cands)), dtype=np.int64)
    if s == 0 and position == 0:
        costs += w.idiom("start_wide") * (SIZE_INDEX["wide"] - t.size[cands]) / 2
    if s == len(p.segments) - 1 and position == count - 1:  # the closing shot: known here, not only at the end
        costs += w.idiom("end_wide") * (SIZE_INDEX["wide"] - t.size[cands]) / 2
    if states[0].shots:
        last = np.array([st.shots[-1] for st in states])
        costs += t.cut_costs(last, cands, w)
        for back in (1, 2):  # states may hold different numbers of shots: mask the ones too short
            present = np.array([len(st.shots) >= back for st in states])
            earlier = np.array([st.shots[-back] if ok else 0 for st, ok in zip(states, present)])
            costs += w.near_duplicate * t.near_duplicate(earlier, cands) * present[:, None]
        same = t.size[cands][None, :] == t.size[last][:, None]
        runs = np.where(same, np.array([st.run for st in states])[:, None] + 1, 1)
        costs += w.idiom("size_run") * (runs > MAX_SAME_SIZE)
    listed = cands.tolist()
    required = p.required.get(s, set())
    for row, st in enumerate(states):
        blocked = [j for j, c in enumerate(listed) if c in st.used]
        missing = required - set(st.shots[len(st.shots) - position:]) if required else set()
        if len(missing) >= count - position:  # the remaining places must go to locked shots
            blocked += [j for j, c in enumerate(listed) if c not in missing]
        if blocked:
            costs[row, blocked] = np.inf
    flat = costs.ravel()
    keep = min(beam, int(np.isfinite(flat).sum()))
    if keep == 0:
        return []
    best = np.argpartition(flat, keep - 1)[:keep]
    grown = []
    for k in best[np.argsort(flat[best], kind="stable")]:
        row, col = divmod(int(k), len(cands))
        st, shot = states[row], int(cands[col])
        grown.append(State(cost=float(flat[k]), shots=st.shots + (shot,), used=st.used | {shot}, counts=st.counts,
                           run=int(runs[row, col]), pending=st.pending + float(base[col])))
    return grown


def solve(p: Problem, beam: int = BEAM) -> list[list[int]]:
    """The cheapest montage the beam finds: for each segment, its shots in order."""
    states = [State(cost=0.0, shots=(), used=frozenset())]
    n = len(p.segments)
    # After a pinned segment whose last two shots are pinned, with only pinned segments after it,
    # the remaining costs are the same for every state (up to a same-size run crossing it).
    settled = [s in p.pinned and all(x in p.pinned for x in range(s + 1, n))
               and (len(p.pinned[s]) >= 2 or s - 1 in p.pinned) for s in range(n)]
    for s in range(len(p.segments)):
        finished: list[State] = []
        tried = count_options(p, s)
        more = [] if s in p.pinned else range(tried[-1] + 1, min(MAX_CLIPS_PER_SEGMENT, p.frames[s] // p.min_frames) + 1)
        for count in [*tried, *more]:
            if finished and count not in tried:
                break  # more clips than the pace asks for only when the shots are too short otherwise
            layer = states
            for position in range(count):
                layer = _extend(p, s, count, position, layer, beam=beam)
            finished += [g for g in (_close_segment(p, s, count, g) for g in layer) if g]
        if not finished:
            seg = p.segments[s]
            raise PlanError(f"the library has too few distinct shots long enough for segment {seg.id} "
                            f"(\"{seg.text[:40]}\"): add footage or shorten the story")
        finished.sort()
        states = distinct(finished)[:beam]
        if settled[s]:
            states = states[:1]  # the rest is fixed and every state ends the same way: keep the best
    return _split(states[0].shots, states[0].counts)


def distinct(states: list[State]) -> list[State]:
    """The cheapest of the finished states that only differ in order or choice before their last two
    shots (same shots used, same last two, same size run): every later cost is the same for them, so
    the others would only take places in the beam that a different choice needs."""
    seen: set[tuple] = set()
    kept = []
    for st in states:
        key = (st.used, st.shots[-2:], st.run)
        if key not in seen:
            seen.add(key)
            kept.append(st)
    return kept


def _split(shots: tuple[int, ...], counts: tuple[int, ...]) -> list[list[int]]:
    out, i = [], 0
    for count in counts:
        out.append(list(shots[i:i + count]))
        i += count
    return out


def _close_segment(p: Problem, s: int, count: int, state: State) -> State | None:
    """Allocate the finished segment's frames and swap its provisional terms for the exact ones."""
    shots = list(state.shots[-count:])
    f = segment_fill(p, s, shots)
    if f is None or not p.required.get(s, set()) <= set(shots):
        return None
    cost = state.cost - state.pending + segment_cost(p, s, shots, f)
    return State(cost=cost, shots=state.shots, used=state.used, counts=state.counts + (count,), run=state.run)


def energy_terms(p: Problem, montage: list[list[int]]) -> dict[str, float]:
    """The energy of a whole montage, term by term (the solver's costs must agree with the sum)."""
    flat = [i for shots in montage for i in shots]
    terms = dict.fromkeys(TERMS, 0.0)
    if len(set(flat)) != len(flat):
        return {**terms, "repeats": float("inf")}
    w, t = p.weights, p.table
    run = 1
    terms["idioms"] += w.idiom("start_wide") * size_cost(int(t.size[flat[0]]), SIZE_INDEX["wide"])
    for k in range(1, len(flat)):
        shot, prev = flat[k], flat[k - 1]
        terms["cuts"] += float(t.cut_costs(prev, np.array([shot]), w)[0])
        terms["near_duplicate"] += sum(w.near_duplicate * float(t.near_duplicate(e, np.array([shot]))[0])
                                       for e in flat[max(0, k - 2):k])
        run = run + 1 if t.size[shot] == t.size[prev] else 1
        terms["idioms"] += w.idiom("size_run") * (run > MAX_SAME_SIZE)
    for s, shots in enumerate(montage):
        f = segment_fill(p, s, shots)
        if f is None:
            return {**terms, "unfillable": float("inf")}
        for name, value in segment_terms(p, s, shots, f).items():
            terms[name] += value
    terms["idioms"] += w.idiom("end_wide") * size_cost(int(t.size[flat[-1]]), SIZE_INDEX["wide"])
    return terms


def energy(p: Problem, montage: list[list[int]]) -> float:
    return sum(energy_terms(p, montage).values())


def exhaustive(p: Problem) -> tuple[list[list[int]], float]:
    """The true optimum by trying every montage (small problems only: for checking the solver)."""
    best, best_cost = None, float("inf")
    for counts in itertools.product(*(count_options(p, s) for s in range(len(p.segments)))):
        per_slot = [p.options[s] for s, count in enumerate(counts) for _ in range(count)]
        for combo in itertools.product(*per_slot):
            if len(set(combo)) != len(combo):
                continue
            montage = _split(tuple(int(x) for x in combo), counts)
            cost = energy(p, montage)
            if cost < best_cost:
                best, best_cost = montage, cost
    if best is None:
        raise PlanError("no montage without repeats exists for this problem")
    return best, best_cost


def greedy(p: Problem) -> list[list[int]]:
    """Baseline: each segment takes its best-matching unused shots in story order, as many as the
    pace asks for, and more while they are too short to fill it."""
    used: set[int] = set()
    montage = []
    for s, count in enumerate(p.counts):
        chosen: list[int] = []
        for i in sorted(p.options[s].tolist(), key=lambda i: p.mismatch[s][i]):
            if i in used:
                continue
            chosen.append(i)
            if len(chosen) >= count and segment_fill(p, s, chosen):
                break
        used.update(chosen)
        montage.append(chosen)
    return montage


def steadiest_window(shot: Shot, seconds: float) -> float:
    """Offset into `shot` of the `seconds`-long window with the least shake; the centred window
    when the shot has no motion samples or the shake is even (ties go to the window nearest it)."""
    slack = max(0.0, shot.duration - seconds - 1e-3)
    centre = slack / 2
    if not shot.shake or slack <= 0:
        return centre
    times = np.array([t for t, _ in shot.shake])
    shake = np.array([v for _, v in shot.shake])
    offsets = np.unique(np.clip(np.concatenate([[0.0, centre, slack], times - 0.125]), 0.0, slack))

    def score(offset: float) -> float:
        inside = (times >= offset) & (times <= offset + seconds)
        return float(shake[inside].mean()) if inside.any() else float(shake.mean())

    scores = np.array([score(o) for o in offsets])
    calm = scores <= scores.min() + 0.01
    return float(offsets[calm][np.argmin(np.abs(offsets[calm] - centre))])


def clip_rate(speed: float, hold: float) -> float:
    """A clip's playback rate: its segment's speed times its hold, rounded down when held (so the
    slowed clip never needs more source than its shot has)."""
    return speed if hold >= 1.0 else max(MIN_SPEED, math.floor(speed * hold * 1000) / 1000)


def to_plan(p: Problem, montage: list[list[int]], style: Style) -> Plan:
    """The montage as a Plan: clip lengths allocated to the frame, each clip in the steadiest
    stretch of its shot, its source span its length times its rate."""
    planned, frame = [], 0
    for s, shots in enumerate(montage):
        seg = p.segments[s]
        f = segment_fill(p, s, shots)
        if f is None:
            raise PlanError(f"segment {seg.id} cannot be filled by its shots")
        clips, at = [], frame
        for i, length, hold in zip(shots, f.lengths, f.holds):
            shot, rate = p.table.shots[i], clip_rate(seg.speed, hold)
            span = length / p.fps * rate
            offset = steadiest_window(shot, span)
            if style.source_audio:  # the clip's own sound plays: cut between words
                offset = snap_window(shot, offset, span)
            start_in = round(shot.start + offset, 4)
            clips.append(Clip(shot_id=shot.shot_id, source=shot.source, in_=start_in, out=round(start_in + span, 4),
                              start=round(at / p.fps, 4), frames=length, speed=rate))
            at += length
        planned.append(PlanSegment(id=seg.id, text=seg.text, keywords=seg.keywords, start=round(frame / p.fps, 4),
                                   duration=round(p.frames[s] / p.fps, 4), frames=p.frames[s], clips=clips,
                                   look=seg.look, speed=seg.speed, framing=seg.framing,
                                   fixed_duration=seg.fixed_duration))
        frame += p.frames[s]
    return Plan(style=style, segments=planned, duration=round(frame / p.fps, 4), fps=p.fps)


def replan(segments: list[Segment], candidates: dict[str, list[Candidate]], style: Style,
           previous: dict[str, list[str]], free: set[str], spare: list[Shot] | None = None,
           exclude: dict[str, set[str]] | None = None, locked: dict[str, set[str]] | None = None,
           fps: int = TIMELINE_FPS, music: MusicTrack | None = None) -> Plan:
    """Re-plan after an edit: segments in `free` are optimised again (avoiding the shots in
    `exclude`, e.g. to show the next-best alternative, and keeping those in `locked`); every other
    segment keeps the shots it had in `previous` (segment id -> shot ids), as long as they still fit."""
    problem = build_problem(segments, candidates, style, spare, fps, music=music)
    exclude = exclude or {}
    spare_by_id = {s.shot_id: s for s in spare or []}
    for c in candidates.values():
        spare_by_id.update({x.shot.shot_id: x.shot for x in c})
    pool = {shot.shot_id: i for i, shot in enumerate(problem.table.shots)}
    for s, seg in enumerate(segments):
        kept = previous.get(seg.id)
        if seg.id in free or not kept or any(k not in pool and k not in spare_by_id for k in kept):
            continue
        shots = [pool[k] if k in pool else add_shot(problem, spare_by_id[k]) for k in kept]
        if segment_fill(problem, s, shots) is None:
            continue  # its length changed beyond what its shots can fill: plan it again
        problem.pinned[s] = shots
        for i in problem.pinned[s]:
            problem.mismatch[s].setdefault(i, SPARE_MISMATCH)
    for s, seg in enumerate(segments):
        if s not in problem.pinned and (locked or {}).get(seg.id):
            problem.required[s] = {pool[k] if k in pool else add_shot(problem, spare_by_id[k])
                                   for k in locked[seg.id] if k in pool or k in spare_by_id}
            for i in problem.required[s]:
                problem.mismatch[s].setdefault(i, SPARE_MISMATCH)
    taken = {i for shots in problem.pinned.values() for i in shots}
    for s, seg in enumerate(segments):
        if s not in problem.pinned:
            held = taken | {i for r, shots in problem.required.items() if r != s for i in shots}
            banned = held | {pool[k] for k in exclude.get(seg.id, ()) if k in pool}
            kept = [i for i in problem.options[s].tolist() if i not in banned]
            problem.options[s] = np.array(kept + sorted(problem.required.get(s, set()) - set(kept)), dtype=np.int64)
    return to_plan(problem, solve(problem), style)


def add_shot(p: Problem, shot: Shot) -> int:
    """Put a shot that is no longer a candidate back into the problem's table."""
    p.table = ShotTable(p.table.shots + [shot])
    return len(p.table.shots) - 1


def assemble(segments: list[Segment], candidates: dict[str, list[Candidate]], style: Style,
             spare: list[Shot] | None = None, fps: int = TIMELINE_FPS, music: MusicTrack | None = None) -> Plan:
    """The optimised plan for `segments` (the montage stage's facade), cut to `music`'s beats if given."""
    problem = build_problem(segments, candidates, style, spare, fps, music=music)
    return to_plan(problem, solve(problem), style)
