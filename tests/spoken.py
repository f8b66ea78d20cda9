"""Videos with known speech: espeak-ng says a text over a still picture (Debian's espeak-ng, `make speech`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from vectorstore.decode import ffmpeg_exe

ENGLISH = ("Hello, my name is Anna and I teach science at the local school. "
           "Today we are going to learn about plants and how they grow.")
CHINESE = "jin1 tian1 tian1 qi4 hen3 hao3, wo3 men yi4 qi3 qu4 gong1 yuan2 san4 bu4 ba. wo3 shi4 yi4 ming2 lao3 shi1."

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng (make speech)")


def spoken_video(path: Path, text: str, voice: str = "en-us", lead: float = 2.0) -> Path:
    """An MP4 of a grey picture with `text` spoken by espeak-ng after `lead` seconds of silence."""
    wav = path.with_suffix(".wav")
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(wav), text], check=True)
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=gray:s=160x90:r=10",
                    "-i", str(wav), "-filter_complex", f"[1:a]adelay={int(lead * 1000)}:all=1,apad=pad_dur=1[a]",
                    "-map", "0:v", "-map", "[a]", "-shortest", "-c:v", "libx264", "-preset", "ultrafast",
                    "-c:a", "aac", str(path)], check=True)
    wav.unlink()
    return path
