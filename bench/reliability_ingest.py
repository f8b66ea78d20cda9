"""Ingest under faults: SIGKILL at random moments, a full disk, a read-only library folder.

Kills: a clean run is timed first. Then, for each of N moments drawn at random (one in each N-th of
the clean run's time, seeded), a fresh library's ingest is killed with SIGKILL (its whole process
group: the CLI and its workers) at that moment and run again to the end; and one more library takes
all N kills in a row, each run resuming the last, before its final run. Every final library must
equal the clean one: the same shot records (but for the thumbnail's folder), no shot twice, every
file 'done', a thumbnail for every shot, and Chroma holding exactly the catalog's shots with the
same documents and sources.

Disk full and read-only: the library lives on a tmpfs mounted in a private mount namespace (root
and `unshare` needed; skipped otherwise). A disk smaller than the clean library fills up during the
first ingest, which must stop with one clear line on stderr; the tmpfs is then grown and a second
ingest must end as the clean run. A read-only library (remounted read-only after a full ingest)
must refuse ingest and search with one clear line, and once writable again hold everything.

Run: `python -m bench.reliability_ingest [FOLDER] [--kills N] [--seed S] [--workers N]`.
"""

from __future__ import annotations

import argparse
import random
import re
import shlex
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from vectorstore import Library
from vectorstore.catalog import Catalog
from vectorstore.embeddings import get_embedder
from vectorstore.index import ShotIndex
from vectorstore.ingest import find_videos

from .faults import (CLIPS, KillOutcome, Observation, Run, can_mount, checkout_env, kill_moments, kills_in_a_row,
                     last_line, one_clear_line, run_killable, storycut)
from .report import RELIABILITY, write_section


def run_ingest(library: Path, footage: Path, workers: int = 1, kill_after: float | None = None) -> Run:
    """One `storycut ingest`; with `kill_after`, SIGKILLed that many seconds after it started."""
    return run_killable(storycut(library, "ingest", str(footage), "--workers", str(workers), "--json"), kill_after)


def statuses(root: Path) -> Counter[str]:
    """How many files the catalog holds in each status (none before the catalog exists)."""
    if not (root / "catalog.sqlite").exists():
        return Counter()
    catalog = Catalog(root / "catalog.sqlite")
    try:
        return Counter(f.status for f in catalog.files())
    finally:
        catalog.close()


@dataclass
class State:
    """A library's shots as the catalog has them, and what is inconsistent inside the library."""

    records: dict[str, str]
    """Shot id -> the shot record as JSON, thumbnail path left out (it names the library folder)."""
    problems: list[str] = field(default_factory=list)

    def differences(self, clean: "State") -> list[str]:
        """What keeps this library from being the clean run's, its own inconsistencies first."""
        found = list(self.problems)
        missing, extra = clean.records.keys() - self.records.keys(), self.records.keys() - clean.records.keys()
        if missing or extra:
            found.append(f"{len(missing)} shots missing, {len(extra)} extra")
        changed = sum(self.records[k] != clean.records[k] for k in clean.records.keys() & self.records.keys())
        if changed:
            found.append(f"{changed} shot records differ")
        return found


def library_state(root: Path) -> State:
    """Read the library at `root` and check that catalog, Chroma and thumbnails agree."""
    library = Library.open(root)
    catalog = Catalog(library.catalog_path)
    try:
        shots, files = catalog.shots(), catalog.files()
    finally:
        catalog.close()
    state = State(records={s.shot_id: s.model_dump_json(exclude={"thumbnail"}) for s in shots})
    problems = state.problems
    if len(state.records) != len(shots):
        problems.append(f"{len(shots) - len(state.records)} shot ids twice in the catalog")
    spans = Counter((s.source, s.start, s.end) for s in shots)
    if any(n > 1 for n in spans.values()):
        problems.append(f"{sum(n - 1 for n in spans.values())} shots cover the same footage twice")
    not_done = Counter(f.status for f in files if f.status != "done")
    if not_done:
        problems.append(f"files not done: {dict(not_done)}")
    thumbs = [library.thumbs / Path(s.thumbnail).name for s in shots]
    thumbless = [t for t in thumbs if not (t.is_file() and t.stat().st_size)]
    if thumbless:
        problems.append(f"{len(thumbless)} shots without a thumbnail")
    indexed = ShotIndex(library, get_embedder()).collection.get(include=["documents", "metadatas"])
    if len(indexed["ids"]) != len(set(indexed["ids"])) or set(indexed["ids"]) != state.records.keys():
        problems.append(f"Chroma holds {len(indexed['ids'])} shots, the catalog {len(shots)}")
    by_id = {s.shot_id: s for s in shots}
    stale = sum(1 for i, doc, meta in zip(indexed["ids"], indexed["documents"], indexed["metadatas"])
                if i in by_id and (doc != by_id[i].document or meta["source"] != by_id[i].source))
    if stale:
        problems.append(f"{stale} Chroma records disagree with the catalog")
    return state


def at_kill(counts: Counter[str], total: int) -> str:
    """Where a killed ingest was, from the catalog it left."""
    if not counts:
        return "starting (no file recorded yet)"
    done = counts["done"] + counts["failed"]
    pending = f", {counts['pending']} pending" if counts["pending"] else ""
    return f"{done}/{total} files done{pending}"


def kill_and_finish(footage: Path, root: Path, moments: list[float], total: int, clean: State,
                    workers: int) -> list[KillOutcome]:
    """Ingest `footage` into `root` killed at each of `moments` (s after its start) in turn, each run
    resuming the last, then one run to the end compared with the clean run."""

    def observe() -> Observation:
        counts = statuses(root)
        done = counts["done"] + counts["failed"]
        return at_kill(counts, total), bool(counts["pending"]) or 0 < done < total, []

    def judge(final: Run) -> list[str]:
        if final.returncode != 0:
            return [f"the final run failed: {last_line(final.stderr)}"]
        return library_state(root).differences(clean)

    return kills_in_a_row(lambda moment: run_ingest(root, footage, workers, kill_after=moment), moments, observe, judge)


def short(message: str) -> str:
    """A message for a table cell: temporary folders dropped, pipes escaped."""
    return re.sub(r"/tmp/storycut-faults-[^/]+/[^/]+/mnt", "LIB", message).replace("|", "\\|")


@dataclass(frozen=True)
class ConfinedOutcome:
    refused: dict[str, Run]
    """The runs that met the full disk or the read-only folder, by command."""
    recovered: Run
    """The ingest after space was freed or the folder made writable."""
    library: Path
    """A copy of the library after that ingest."""


def confined_ingest(footage: Path, work: Path, size_kib: int, read_only: bool = False,
                    workers: int = 1) -> ConfinedOutcome:
    """Ingest `footage` into a library on a tmpfs of `size_kib` (or, with `read_only`, ingest it
    fully, remount it read-only, then ingest and search), then grow the tmpfs (or make it writable)
    and ingest again."""
    lib, out = work / "mnt", work / "out"
    lib.mkdir(parents=True)
    out.mkdir()

    def step(name: str, *args: str) -> str:
        command = " ".join(shlex.quote(a) for a in storycut(lib, *args))
        return f"{command} >/dev/null 2>{out}/{name}.err; echo $? >{out}/{name}.rc"

    ingest = ("ingest", str(footage), "--workers", str(workers), "--json")
    lines = ["set -u", f"mount -t tmpfs -o size={size_kib}k tmpfs {lib}"]
    if read_only:
        refused = ["ingest", "search"]
        lines += [step("setup", *ingest), f"mount -o remount,ro {lib}", step("ingest", *ingest),
                  step("search", "search", "a dog", "--json"), f"mount -o remount,rw {lib}"]
    else:
        refused = ["ingest"]
        lines += [step("ingest", *ingest), f"mount -o remount,size=1g {lib}"]
    lines += [step("recovered", *ingest), f"cp -a {lib} {out}/library"]
    subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", "\n".join(lines)],
                   env=checkout_env(), check=True)

    def result(name: str) -> Run:
        return Run(int((out / f"{name}.rc").read_text()), (out / f"{name}.err").read_text(errors="replace"), 0.0)

    return ConfinedOutcome(refused={name: result(name) for name in refused}, recovered=result("recovered"),
                           library=out / "library")


def folder_kib(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(CLIPS))
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    footage = Path(args.folder).resolve()
    total = len(find_videos([footage], [])[0])
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="storycut-faults-") as tmp:
        work = Path(tmp)
        clean_run = run_ingest(work / "clean", footage, args.workers)
        assert clean_run.returncode == 0, clean_run.stderr
        clean = library_state(work / "clean")
        assert not clean.problems, clean.problems
        span = clean_run.seconds
        moments = kill_moments(span, args.kills, rng)
        rows = []
        for k, moment in enumerate(moments):
            rows += kill_and_finish(footage, work / f"kill{k}", [moment], total, clean, args.workers)
        chained = kill_and_finish(footage, work / "chain", rng.sample(moments, len(moments)), total, clean,
                                  args.workers)
        confined = []
        if can_mount():
            size = folder_kib(work / "clean")
            for share in (0.1, 0.4, 0.7, 0.95):
                outcome = confined_ingest(footage, work / f"full{share}", int(size * share), workers=args.workers)
                confined.append((f"disk of {int(size * share)} KiB ({share:.0%} of the clean library)", outcome,
                                 confined_verdict(outcome, clean)))
            outcome = confined_ingest(footage, work / "ro", 4 * size, read_only=True, workers=args.workers)
            confined.append(("library folder read-only (after a full ingest)", outcome,
                             confined_verdict(outcome, clean)))
    body = report(footage, total, len(clean.records), clean_run, rows, chained, confined)
    write_section("ingest-faults", "Ingest faults: SIGKILL, full disk, read-only library",
                  f"python -m bench.reliability_ingest --kills {args.kills} --seed {args.seed} "
                  f"--workers {args.workers}", body, doc=RELIABILITY)
    failed = any(r.problems for r in rows + chained) or any(verdict != "ok" for *_, verdict in confined)
    return 1 if failed else 0


def confined_verdict(outcome: ConfinedOutcome, clean: State) -> str:
    """'ok' when every refused run said so in one line and the recovered library equals the clean one."""
    problems = [f"{name} refused unclearly: {unclear}" for name, run in outcome.refused.items()
                if (unclear := one_clear_line(run))]
    if outcome.recovered.returncode != 0:
        problems.append(f"the run after recovery failed: {last_line(outcome.recovered.stderr)}")
    else:
        problems += library_state(outcome.library).differences(clean)
    return "; ".join(problems) or "ok"


def report(footage: Path, total: int, shots: int, clean_run: Run, rows: list[KillOutcome],
           chained: list[KillOutcome], confined: list[tuple[str, ConfinedOutcome, str]]) -> str:
    lines = [f"Footage: `{footage.name}/`, {total} files; the clean run: {shots} shots in {clean_run.seconds:.1f} s.",
             "", "| scenario | killed at | state left by the kill | final run | result |", "|---|---|---|---|---|"]
    for k, r in enumerate(rows, 1):
        lines.append(f"| fresh library, kill {k} | {r.moment:.2f} s | {r.left} | {r.finish_seconds:.1f} s | "
                     f"{'; '.join(r.problems) or 'same as clean'} |")
    for k, r in enumerate(chained, 1):
        verdict = ("; ".join(r.problems) or "same as clean") if k == len(chained) else "(resumed by the next)"
        final = f"{r.finish_seconds:.1f} s" if k == len(chained) else ""
        lines.append(f"| one library, kill {k} of {len(chained)} in a row | {r.moment:.2f} s | {r.left} | "
                     f"{final} | {verdict} |")
    mid = sum(r.mid_work for r in rows + chained)
    lines += ["", f"{mid} of {len(rows) + len(chained)} kills landed mid-work (files pending, or some but not all done)."]
    if confined:
        lines += ["", "| fault | message of the refused run | after recovery |", "|---|---|---|"]
        for name, outcome, verdict in confined:
            messages = "<br>".join(f"{command}: `{short(last_line(run.stderr))}`"
                                   for command, run in outcome.refused.items())
            lines.append(f"| {name} | {messages} | {verdict} |")
    else:
        lines += ["", "Full-disk and read-only runs skipped: mounting a tmpfs needs root and `unshare`."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
