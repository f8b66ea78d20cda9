"""Cut detection precision and recall on real videos with known cuts (../shared/footage/shots).

A detected cut matches a true one within `TOLERANCE` seconds (about two frames); each true cut
matches at most once. Run: `python -m bench.cuts`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from vectorstore.analysis import analyse_file

from .report import write_section

SHOTS = Path(__file__).resolve().parent.parent.parent / "shared" / "footage" / "shots"
TOLERANCE = 0.1


def match(found: list[float], truth: list[float], tolerance: float = TOLERANCE) -> int:
    """How many true cuts have a detected cut within tolerance (one-to-one, greedy by distance)."""
    left = list(found)
    hits = 0
    for t in truth:
        best = min(left, key=lambda f: abs(f - t), default=None)
        if best is not None and abs(best - t) <= tolerance:
            left.remove(best)
            hits += 1
    return hits


def main() -> int:
    truth = json.loads((SHOTS / "GROUND_TRUTH.json").read_text())
    rows, tp, n_found, n_true = [], 0, 0, 0
    for video in truth["videos"]:
        cuts = video.get("hard_cuts_s")
        if cuts is None:
            continue
        found = analyse_file(SHOTS / video["path"]).cuts
        hits = match(found, cuts)
        tp, n_found, n_true = tp + hits, n_found + len(found), n_true + len(cuts)
        rows.append(f"| {Path(video['path']).name} | {len(cuts)} | {len(found)} | {hits} | "
                    f"{', '.join(f'{c:.2f}' for c in found)} |")
    precision, recall = tp / max(1, n_found), tp / max(1, n_true)
    body = ("Detector: PySceneDetect AdaptiveDetector on 160-px-wide frames, as used by `storycut ingest`. "
            f"A cut counts when within {TOLERANCE} s of a true cut.\n\n"
            "| video | true cuts | found | matched | found at (s) |\n|---|---|---|---|---|\n" + "\n".join(rows)
            + f"\n\n**Precision {precision:.2f}, recall {recall:.2f}** ({tp} of {n_true} true cuts, "
              f"{n_found} detections).\n")
    write_section("cuts", "Cut detection on videos with known cuts", "python -m bench.cuts", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
