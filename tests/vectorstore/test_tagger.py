"""The visual tagger: label mapping, the classifier on real frames, the cache, the describer seam."""

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import SHARED_FOOTAGE
from tests.synth import flat, write_video
from tools.retrieval import search
from vectorstore import Library, ingest, library_shots
from vectorstore.analysis import analyse_file
from vectorstore.concepts import classifier_concepts, imagenet_vocabulary, measure_concepts, merge
from vectorstore.describers import (DESCRIBERS, Description, DescriberError, UnknownDescriber, check_describer,
                                    configured_describer, get_describer, readable)
from vectorstore.embeddings import get_embedder
from vectorstore.index import ShotIndex
from vectorstore.models import Concept, Features, Shot

CLIPS = SHARED_FOOTAGE / "clips"
LION = CLIPS / "msvd" / "msvd_1QVn0FffExM_14_24.avi"
PIANO = CLIPS / "msvd_irasharma" / "msvd_irasharma_Wv3u2q3oGeU_35_45.gif"
MOTORCYCLE = CLIPS / "msvd_shreyzmax" / "msvd_shreyz_klteYv1Uv9A_27_33.avi"


def grey_footage(tmp_path: Path) -> Path:
    """A folder with one uniform grey clip in it."""
    footage = tmp_path / "footage"
    footage.mkdir()
    write_video(footage / "grey.mp4", flat(50, (120, 120, 120)))
    return footage


def one_hot(*labels: str, weights: tuple[float, ...] | None = None) -> np.ndarray:
    vocabulary = imagenet_vocabulary()
    p = np.zeros(len(vocabulary.labels), dtype=np.float32)
    for label, weight in zip(labels, weights or (1.0 / len(labels),) * len(labels)):
        p[vocabulary.labels.index(label)] = weight
    return p[None, :]


def words(concepts: list[Concept]) -> dict[str, float]:
    return {c.word: c.confidence for c in concepts}


@pytest.mark.parametrize("label", ["Samoyed", "borzoi", "kuvasz"])
def test_dog_breeds_also_say_dog_and_animal(label):
    seen = words(classifier_concepts(one_hot(label)))
    assert seen[label] == seen["dog"] == seen["animal"] == 1.0


@pytest.mark.parametrize("label", ["steel arch bridge", "pier"])
def test_bridges_also_say_bridge_and_water(label):
    seen = words(classifier_concepts(one_hot(label)))
    assert seen[label] == 1.0 and seen["bridge"] >= 0.5 and seen["water"] == 0.5


def test_a_general_word_gathers_the_mass_of_its_classes():
    seen = words(classifier_concepts(one_hot("Samoyed", "borzoi", "kuvasz", "tabby", weights=(0.2, 0.2, 0.2, 0.4))))
    assert seen["dog"] == pytest.approx(0.6) and seen["cat"] == pytest.approx(0.4)
    assert seen["animal"] == pytest.approx(1.0) and list(seen)[0] == "animal"  # most confident first
    assert "lion" not in seen  # classes without mass say nothing


def test_measures_become_people_night_and_motion_words():
    base = dict(brightness=0.5, contrast=0.3, saturation=0.3, warmth=0.0, sharpness=0.5, motion=0.0,
                camera_motion="static", faces=0, shot_size="wide", quality=0.5)
    assert {"person", "still"} <= set(words(measure_concepts(Features(**{**base, "faces": 1}))))
    assert "people" in words(measure_concepts(Features(**{**base, "faces": 3})))
    assert "night" in words(measure_concepts(Features(**{**base, "brightness": 0.08})))
    assert "moving" in words(measure_concepts(Features(**{**base, "motion": 0.8, "camera_motion": "handheld"})))
    merged = merge([Concept(word="person", confidence=0.3)], [Concept(word="person", confidence=0.8)])
    assert words(merged) == {"person": 0.8}


def test_the_classifier_sees_the_lion_in_real_frames():
    shot = analyse_file(LION).shots[0]
    assert 1 <= len(shot.keyframes) <= 3
    (seen,) = get_describer("efficientnet").describe([shot.keyframes])
    found = words(seen.concepts)
    assert found["lion"] > 0.8 and found["animal"] > 0.9


def test_a_shot_with_an_unreadable_frame_gets_no_tags_and_no_crash():
    good = analyse_file(LION).shots[0].keyframes
    broken = [good[0], np.zeros((0, 0, 3), np.uint8)]
    described = get_describer("efficientnet").describe([good, broken, [np.ones((90, 120), np.float32)], []])
    assert words(described[0].concepts)["lion"] > 0.8
    assert [d.concepts for d in described[1:]] == [[], [], []]
    assert not readable(None) and not readable(np.zeros((1, 1, 3), np.uint8))


class Counting:
    """A fake describer through the real seam: counts the shots it is asked about."""

    name = "counting"
    version = "counting/1"
    shots = 0

    def describe(self, shots):
        Counting.shots += len(shots)
        return [Description(concepts=[Concept(word="zebra", confidence=0.9)]) for _ in shots]


@pytest.fixture
def counting(monkeypatch):
    Counting.shots = 0
    monkeypatch.setitem(DESCRIBERS, "counting", lambda _: Counting())
    get_describer.cache_clear()
    yield Counting
    get_describer.cache_clear()


def test_re_ingest_takes_descriptions_from_the_cache(tmp_path, counting):
    footage = grey_footage(tmp_path)
    library = Library.open(tmp_path / "library")
    ingest([footage], library, describer="counting")
    described = counting.shots
    assert described >= 1 and {c.word for c in library_shots(library)[0].concepts} >= {"zebra"}
    (footage / "grey copy.mp4").write_bytes((footage / "grey.mp4").read_bytes())  # same content, new file
    other = Library.open(tmp_path / "library")  # and a catalog that forgets: the analysis runs again
    (tmp_path / "library" / "catalog.sqlite").unlink()
    report = ingest([footage], other, describer="counting")
    assert report.files_indexed == 2 and counting.shots == described  # the model did not run again
    assert all("zebra" in {c.word for c in s.concepts} for s in library_shots(other))


def test_describers_are_chosen_by_name_and_setting(monkeypatch, tmp_path):
    with pytest.raises(UnknownDescriber, match="nonsense"):
        check_describer("nonsense")
    monkeypatch.setenv("STORYCUT_DESCRIBER", "none")
    assert configured_describer() == "none"
    footage = tmp_path / "footage"
    footage.mkdir()
    write_video(footage / "dark.mp4", flat(50, (15, 15, 15)))
    ingest([footage], Library.open(tmp_path / "library"))
    (shot,) = library_shots(Library.open(tmp_path / "library"))
    assert set(words(shot.concepts)) <= {"night", "still"}  # measures only, no classifier


def test_described_shots_are_embedded_as_written_and_others_with_their_concepts(tmp_path):
    base = dict(shot_id="s", source="/x.mp4", start=0, end=1, duration=1,
                features=Features(brightness=0.5, contrast=0.3, saturation=0.3, warmth=0, sharpness=0.5, motion=0,
                                  camera_motion="static", faces=0, shot_size="wide", quality=0.5),
                concepts=[Concept(word="still", confidence=1.0), Concept(word="lion", confidence=0.9)])
    described = Shot(**base, description="a cat on a sofa")
    bare = Shot(**base, tags=["holiday"])
    assert described.document == "a cat on a sofa"
    assert bare.document == "holiday. lion, still"
    embedder = get_embedder()
    vectors = ShotIndex(Library.open(tmp_path / "library"), embedder).vectors([described, bare])
    assert np.allclose(vectors[0], embedder.documents(["a cat on a sofa"])[0], atol=1e-5)
    assert vectors[1] @ embedder.queries(["a lion"])[0] > vectors[0] @ embedder.queries(["a lion"])[0]


def test_uncaptioned_clips_are_found_by_what_they_show(tmp_path):
    footage = tmp_path / "footage"
    footage.mkdir()
    for number, clip in enumerate((LION, PIANO, MOTORCYCLE)):
        (footage / f"clip{number}{clip.suffix}").symlink_to(clip)  # no sidecar, no telling name
    library = Library.open(tmp_path / "library")
    assert not ingest([footage], library, workers=2).errors
    lion = search(library, "a lion is lying in the grass", k=1)[0]
    assert lion.source.endswith("clip0.avi") and "sees: lion" in lion.why
    assert search(library, "a man is playing the piano", k=1)[0].source.endswith("clip1.gif")
    assert search(library, "someone rides a motorbike", k=1)[0].source.endswith("clip2.avi")


CAPTION = {"id": "x", "object": "chat.completion", "created": 0, "model": "tiny-vision",
           "choices": [{"index": 0, "finish_reason": "stop",
                        "message": {"role": "assistant", "content": " A grey wall,\n seen up close. "}}]}


@pytest.fixture
def vision_server(openai_server):
    """The scripted OpenAI-compatible server, as a vision model (answers queued by each test)."""
    get_describer.cache_clear()
    yield openai_server
    get_describer.cache_clear()


def answer_every_request(server, body: dict, status: int = 200, times: int = 12) -> None:
    for _ in range(times):
        server.answer("/v1/chat/completions", body, status=status)


def test_an_openai_compatible_vision_model_captions_keyframes(tmp_path, vision_server):
    answer_every_request(vision_server, CAPTION)
    library = Library.open(tmp_path / "library")
    assert not ingest([grey_footage(tmp_path)], library, describer="openai:tiny-vision").errors
    (shot,) = library_shots(library)
    assert shot.captions == ["A grey wall, seen up close."] and "A grey wall" in shot.document
    request = vision_server.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["model"] == "tiny-vision"
    image = request["messages"][0]["content"][1]["image_url"]["url"]
    assert image.startswith("data:image/jpeg;base64,")


def test_a_failing_vision_model_leaves_the_file_indexed_without_captions(tmp_path, vision_server):
    answer_every_request(vision_server, {"error": {"message": "model offline"}}, status=500)
    with pytest.raises(DescriberError, match="model offline"):
        get_describer("openai:tiny-vision").describe([[np.full((90, 120, 3), 128, np.uint8)]])
    report = ingest([grey_footage(tmp_path)], Library.open(tmp_path / "library"), describer="openai:tiny-vision")
    assert report.files_indexed == 1 and "tagger skipped" in report.errors[0].reason
    assert library_shots(Library.open(tmp_path / "library"))[0].captions == []


@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory) -> Path:
    """A real CLIP checkpoint folder in the Hugging Face layout, tiny and untrained (no weights can be
    downloaded here): it exercises loading, the vocabulary and the scoring, not the quality."""
    import string

    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel, CLIPProcessor, CLIPTokenizer

    folder = tmp_path_factory.mktemp("tiny-clip")
    chars = list(string.ascii_lowercase + string.digits + "-'.,")
    vocab = {t: i for i, t in enumerate([*chars, *(c + "</w>" for c in chars), "<|startoftext|>", "<|endoftext|>"])}
    (folder / "vocab.json").write_text(json.dumps(vocab))
    (folder / "merges.txt").write_text("#version: 0.2\n")
    tokenizer = CLIPTokenizer(str(folder / "vocab.json"), str(folder / "merges.txt"))
    images = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    CLIPProcessor(image_processor=images, tokenizer=tokenizer).save_pretrained(folder)
    end = vocab["<|endoftext|>"]
    config = CLIPConfig(projection_dim=16, logit_scale_init_value=8.0,  # as sure as a trained CLIP
                        text_config=dict(vocab_size=len(vocab), hidden_size=32, intermediate_size=64,
                                         num_hidden_layers=2, num_attention_heads=2, max_position_embeddings=77,
                                         bos_token_id=vocab["<|startoftext|>"], eos_token_id=end, pad_token_id=end),
                        vision_config=dict(image_size=32, patch_size=8, hidden_size=32, intermediate_size=64,
                                           num_hidden_layers=2, num_attention_heads=2))
    CLIPModel(config).save_pretrained(folder)
    return folder


def test_a_local_clip_checkpoint_tags_shots_with_open_vocabulary_words(tmp_path, tiny_clip):
    get_describer.cache_clear()
    clip = get_describer(f"clip:{tiny_clip}")
    assert "a classroom" in clip.words and "Samoyed" in clip.words and len(set(clip.words)) == len(clip.words)
    frame = cv2.cvtColor(np.full((90, 120, 3), (40, 160, 90), np.uint8), cv2.COLOR_RGB2BGR)
    described, unreadable = clip.describe([[frame, frame[:, ::-1].copy()], [np.zeros((1, 1), np.uint8)]])
    confidences = [c.confidence for c in described.concepts]
    assert described.concepts and confidences == sorted(confidences, reverse=True)
    assert all(c.word in clip.words for c in described.concepts) and unreadable.concepts == []
    library = Library.open(tmp_path / "library")
    assert not ingest([grey_footage(tmp_path)], library, describer=f"clip:{tiny_clip}").errors
    assert library_shots(library)[0].concepts  # stored with the shot, cached under this checkpoint
    get_describer.cache_clear()


def test_a_folder_that_is_not_a_clip_checkpoint_is_refused_in_one_line(tmp_path):
    get_describer.cache_clear()
    footage, checkpoint = grey_footage(tmp_path), tmp_path / "checkpoint"
    checkpoint.mkdir()
    with pytest.raises(UnknownDescriber, match="not one"):  # before any file is read
        ingest([footage], Library.open(tmp_path / "library"), describer=f"clip:{checkpoint}")
    (checkpoint / "config.json").write_text("{}")
    with pytest.raises(DescriberError, match="cannot load the CLIP checkpoint"):
        get_describer(f"clip:{checkpoint}")
    report = ingest([footage], Library.open(tmp_path / "library"), describer=f"clip:{checkpoint}")
    assert report.files_indexed == 1 and "tagger skipped" in report.errors[0].reason
    get_describer.cache_clear()
