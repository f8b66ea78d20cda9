"""Shots by what they show: putting the shot a person describes into a scene, and saying why a
scene shows what it shows (from the retrieval match and the montage energy's terms)."""

from __future__ import annotations

from tools.allocate import Fill
from tools.keyword_index import coverage
from tools.montage import SPARE_MISMATCH, add_shot, build_problem, segment_terms
from tools.retrieval import Candidate
from tools.story import keywords, make_segments
from vectorstore.concepts import SURE_CONFIDENCE

from .editor_base import EditError, EditorBase, short, texts_of
from .scenes import SceneRef, scene_words

SAID_WEIGHT = 1.0
"""Score added to a shot whose transcript says the searched words (all of them: the full weight)."""
STEADY_SHAKE = 0.02


SHOWN_SHARE = 0.5
"""A shot found for a description shows it when it says at least this share of its words (`coverage`):
"a family is having coversation" for "the family talking", not "a fluffy dog lies on the floor" for
"a dog riding a skateboard"."""


def ordinal(n: int) -> str:
    return {1: "best", 2: "second best", 3: "third best"}.get(n, f"{n}th best")


class ShotEdits(EditorBase):
    def find_shots(self, description: str, k: int = 10) -> list[Candidate]:
        """Shots of the library showing `description`, best first: the retrieval cascade over what
        people wrote and the tagger saw, raised for shots whose transcript says the words."""
        found = {c.shot.shot_id: c for c in self.retriever.candidates(description, k, heard=False)}
        wanted = set(keywords(description))
        floor = min((c.score for c in found.values()), default=0.0)
        for shot in self.retriever.shots.values():
            said = wanted & set(keywords(shot.transcript)) if shot.transcript and wanted else set()
            if said:
                base = found.get(shot.shot_id)
                found[shot.shot_id] = Candidate(
                    shot, round((base.score if base else floor) + SAID_WEIGHT * len(said) / len(wanted), 4),
                    "; ".join(p for p in (base.why if base else "", "says: " + ", ".join(sorted(said))) if p))
        return sorted(found.values(), key=lambda c: -c.score)[:k]

    def use_shot_showing(self, scene: SceneRef, description: str, anyway: bool = False) -> str:
        """Put the library's best shot for `description` into `scene`, locked. A shot already in
        another scene moves (that scene is planned again); one locked elsewhere stays there. The shot
        must say half the words asked for (`SHOWN_SHARE`); when the best does not, nothing changes
        unless `anyway` (another thing would stand in for it: the user should know first)."""
        edit = self._current()
        plan, texts = edit.plan, texts_of(edit.plan)
        i = self.resolve(scene, texts)
        if not description.strip():
            raise EditError("say what the shot should show")
        where = {c.shot_id: (n, c.locked) for n, seg in enumerate(plan.segments) for c in seg.clips}
        free = [c for c in self.find_shots(description) if where.get(c.shot.shot_id, (i, False))[0] == i
                or not where[c.shot.shot_id][1]]
        if not free:
            raise EditError(f"no shot in the library shows \"{description}\" that is free to use")
        pick = free[0]
        wanted = self.retriever.keyword.expand_each(keywords(description))
        if not anyway and coverage(wanted, set(keywords(scene_words(pick.shot)))) < SHOWN_SHARE:
            closest = self.shot_name(pick.shot.shot_id)
            raise EditError(f"no shot in the library shows \"{description}\": the closest, \"{closest}\", shows only "
                            "part of it, so the video is unchanged (say \"use it anyway\", or describe the shot "
                            "another way)", reason="unshown", text=description, closest=closest)
        shot_id = pick.shot.shot_id
        shows = f"\"{self.shot_name(shot_id)}\" ({pick.why or 'the closest match'}; shot {shot_id})"
        j = where.get(shot_id, (None, False))[0]
        if j == i:
            self.lock_scene(i + 1)
            return f"scene {i + 1} already shows {shows}: locked it there"
        note = f"scene {i + 1} now shows {shows}, locked"
        again = {i} if j is None else {i, j}
        self._replan(edit, texts, note, again=frozenset(again), lock={i: shot_id})
        if j is not None:
            note += f"; moved it from scene {j + 1}, which now shows \"{self._shows(j)}\""
        return note

    def explain_choice(self, scene: SceneRef) -> dict:
        """Why scene `scene` shows its shots: each shot's match to the words (rank, similarity,
        matched words, what the tagger saw), its size and steadiness, and the scene's energy terms."""
        plan = self._current().plan
        i = self.resolve(scene)
        seg = plan.segments[i]
        candidates = self.retriever.candidates(seg.text, 20)
        rank = {c.shot.shot_id: (n, c) for n, c in enumerate(candidates, start=1)}
        shots = []
        for clip in seg.clips:
            shot = self.shot(clip.shot_id)
            reasons = ["you chose it (locked)"] if clip.locked else []
            if clip.shot_id in rank:
                n, c = rank[clip.shot_id]
                reasons.append(f"it is the {ordinal(n)} match for \"{short(seg.text, 60)}\""
                               + (f" ({c.why})" if c.why else ""))
            else:
                reasons.append("no better-matching shot was free, so it fills the time")
            if shot is not None:
                steady = max((v for _, v in shot.shake), default=0.0) <= STEADY_SHAKE
                reasons.append(f"a {'steady' if steady else 'moving'} {shot.features.shot_size} shot "
                               f"of quality {shot.features.quality:.2f}")
                seen = [c.word for c in shot.concepts if c.confidence >= SURE_CONFIDENCE][:3]
                if seen:
                    reasons.append("the tagger sees " + ", ".join(seen))
            if clip.speed != 1:
                reasons.append(f"played at {clip.speed:g}x")
            shots.append({"shot_id": clip.shot_id, "shows": self.shot_name(clip.shot_id),
                          "seconds": round(clip.frames / plan.fps, 2), "why": "; ".join(reasons)})
        return {"scene": i + 1, "text": seg.text, "shots": shots, "energy": self._terms(i, candidates),
                "note": "energy terms: lower is better; semantic is how far the shots are from the words"}

    def _terms(self, i: int, candidates: list[Candidate]) -> dict[str, float]:
        """The montage energy's per-scene terms for scene `i` as it is cut now."""
        plan = self._current().plan
        seg = plan.segments[i]
        segment = make_segments([seg.text], seg.duration)[0].model_copy(
            update={"id": seg.id, "speed": seg.speed, "framing": seg.framing})
        problem = build_problem([segment], {seg.id: candidates}, plan.style, fps=plan.fps)
        pool = {s.shot_id: n for n, s in enumerate(problem.table.shots)}
        index = []
        for clip in seg.clips:
            if clip.shot_id not in pool and (shot := self.shot(clip.shot_id)) is not None:
                pool[clip.shot_id] = add_shot(problem, shot)
                problem.mismatch[0].setdefault(pool[clip.shot_id], SPARE_MISMATCH)
            index.append(pool[clip.shot_id])
        cut = Fill([c.frames for c in seg.clips], [min(1.0, c.speed / seg.speed) for c in seg.clips])
        terms = segment_terms(problem, 0, index, cut)
        return {k: round(v, 3) for k, v in terms.items()}
