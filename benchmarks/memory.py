"""Peak memory of `textclean run`, measured in fresh processes: against the number of files (the
same small article written N and 10*N times), and against the size of one document (a single
line of the seed articles, and the seed articles repeated, of each size given).

    python benchmarks/memory.py [--files 2000] [--document-mb 20 200]

The run's parent (walk, manifest) and its worker (reading, cleaning, writing) are separate
processes; each one's peak resident memory is printed, with the manifest's size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))

PEAKS = (
    "import resource, sys; from textclean.cli import main; sys.argv = ['textclean', 'run', "
    "{src!r}, '-o', {out!r}]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peaks_mb(src: Path, out: Path) -> tuple[float, float]:
    """Peak RSS of the parent and of the largest worker, in MB."""
    done = subprocess.run([sys.executable, "-c", PEAKS.format(src=str(src), out=str(out))],
                          capture_output=True, text=True, check=True)
    parent, child = done.stdout.strip().splitlines()[-1].split()
    return int(parent) / 1024, int(child) / 1024


def many_files(files: int, root: Path) -> tuple[float, float]:
    src = root / f"in{files}"
    text = SEEDS[0].read_text(encoding="utf-8")
    for index in range(files):
        folder = src / f"{index // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:06d}.txt").write_text(text + f"\n{index}\n", encoding="utf-8")
    return peaks_mb(src, root / f"out{files}")


def one_document(megabytes: float, kind: str, root: Path) -> tuple[float, float, int, int]:
    """Peaks for one document of ``megabytes``: parent MB, worker MB, input and manifest bytes."""
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    if kind == "one line":
        unit = " ".join(" ".join(s.split()) for s in seeds) + " "
    else:
        unit = "\n\n".join(seeds) + "\n\n"
    src = root / f"doc-{kind.replace(' ', '-')}-{megabytes:g}"
    src.mkdir()
    size = int(megabytes * 1_000_000)
    with (src / "big.txt").open("w", encoding="utf-8") as handle:
        for _ in range(size // len(unit.encode()) + 1):
            handle.write(unit)
    out = root / f"{src.name}-out"
    parent, worker = peaks_mb(src, out)
    return parent, worker, (src / "big.txt").stat().st_size, (out / "manifest.jsonl").stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--document-mb", type=float, nargs="*", default=[20.0])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.files:
            small = many_files(args.files, root)
            large = many_files(args.files * 10, root)
            print(f"{'files':>8}  {'parent MB':>10}  {'worker MB':>10}")
            print(f"{args.files:>8}  {small[0]:>10.1f}  {small[1]:>10.1f}")
            print(f"{args.files * 10:>8}  {large[0]:>10.1f}  {large[1]:>10.1f}  "
                  f"(parent ratio {large[0] / small[0]:.2f})")
        if args.document_mb:
            print(f"\n{'document':<22}{'MB in':>8}{'parent MB':>11}{'worker MB':>11}"
                  f"{'worker / size':>15}{'manifest bytes':>16}")
        for megabytes in args.document_mb:
            for kind in ("one line", "articles"):
                parent, worker, size, manifest = one_document(megabytes, kind, root)
                print(f"{kind:<22}{size / 1e6:>8.1f}{parent:>11.1f}{worker:>11.1f}"
                      f"{worker / (size / 1e6):>15.2f}{manifest:>16,}")


if __name__ == "__main__":
    main()
