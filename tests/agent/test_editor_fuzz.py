"""Property test (hypothesis): any sequence of a session's edits, undo and redo included, leaves a
valid plan (tiled exactly, titles inside the video and on their anchors, scene lengths the user set
kept), and undo always returns the plan that was current before the last change."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent import EditError, Editor, SessionStore
from tools.plan import Plan
from tools.planner import anchor_titles

SENTENCES = ["A white cockatoo peers into the camera.", "A fluffy dog lies on the floor.",
             "At night the city towers glow.", "A cyclist rides through traffic.", "Water flows over the rocks."]
scene = st.integers(min_value=-3, max_value=5)
operations = st.lists(st.one_of(
    st.tuples(st.just("remove_scene"), scene),
    st.tuples(st.just("swap_scenes"), scene, scene),
    st.tuples(st.just("move_scene"), scene, st.integers(min_value=-2, max_value=4)),
    st.tuples(st.just("add_scene"), st.sampled_from(SENTENCES), st.one_of(st.none(), st.integers(1, 4))),
    st.tuples(st.just("rewrite_scene"), scene, st.sampled_from(SENTENCES)),
    st.tuples(st.just("other_shots"), scene),
    st.tuples(st.just("use_shot"), scene, st.sampled_from(["1", "2"])),
    st.tuples(st.just("lock_scene"), scene, st.booleans()),
    st.tuples(st.just("set_duration"), st.sampled_from([4.0, 9.5, 15.0])),
    st.tuples(st.just("set_style"), st.sampled_from(["dramatic", "calm", None]), st.sampled_from(["faster", None])),
    st.tuples(st.just("set_scene_length"), scene, st.sampled_from([1.5, 3.0, 6.0])),
    st.tuples(st.just("change_length"), st.sampled_from([0.5, 0.75, 1.15, 2.0])),
    st.tuples(st.just("add_title"), st.sampled_from(["Our morning", "The end"]), st.sampled_from(["start", "end"])),
    st.tuples(st.just("add_title"), st.just("A caption"), st.just("scene"), scene),
    st.tuples(st.just("remove_titles"), st.sampled_from(["all", "start", "scene"])),
    st.tuples(st.just("set_look"), st.sampled_from(["bw", "warm", "natural"]), st.one_of(st.none(), scene)),
    st.tuples(st.just("set_speed"), st.sampled_from([0.5, 2.0, 1.0]), st.one_of(st.none(), scene)),
    st.tuples(st.just("set_framing"), st.sampled_from(["close", "wide", "any"]), st.one_of(st.none(), scene)),
    st.tuples(st.just("undo")), st.tuples(st.just("redo")),
), min_size=1, max_size=6)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(story=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3, unique=True), sequence=operations)
def test_any_edits_keep_a_valid_plan_and_undo_goes_back_one_change(demo_library, tmp_path_factory, story, sequence):
    store = SessionStore(tmp_path_factory.mktemp("fuzz") / "s.sqlite")
    editor = Editor(demo_library, store, store.open("f"))
    editor.new_story(" ".join(story), 8.0)
    editor.set_style(narration=False)
    try:
        for name, *args in sequence:
            before = editor.edit.plan if editor.edit else None
            try:
                getattr(editor, name)(*args)
            except EditError:
                assert (editor.edit.plan if editor.edit else None) == before  # a refusal changes nothing
                continue
            plan = editor.edit.plan if editor.edit else None
            if plan is not None:
                assert Plan.model_validate(plan.to_json()) == plan  # tiles exactly, no shot twice
                assert plan.titles == anchor_titles(plan.titles, plan)  # every title where its anchor says
                assert all(s.frames == round(s.fixed_duration * 30) for s in plan.segments if s.fixed_duration)
            if name not in ("undo", "redo") and plan != before:
                editor.undo()
                assert (editor.edit.plan if editor.edit else None) == before
                editor.redo()
                assert editor.edit.plan == plan
    finally:
        store.close()
