"""Peak memory of `textclean run` against the number of files, measured side by side: the same
small article written N and 10*N times, each tree cleaned in a fresh process.

    python benchmarks/memory.py [--files 2000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

SEED = sorted((Path(__file__).resolve().parent.parent / "corpora" / "seeds").glob("*.txt"))[0]


def peak_rss_mb(files: int, root: Path) -> float:
    src = root / f"in{files}"
    text = SEED.read_text(encoding="utf-8")
    for index in range(files):
        folder = src / f"{index // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:06d}.txt").write_text(text + f"\n{index}\n", encoding="utf-8")
    code = (
        "import resource, sys; from textclean.cli import main; sys.argv = ['textclean', 'run', "
        f"{str(src)!r}, '-o', {str(root / f'out{files}')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = peak_rss_mb(args.files, Path(tmp))
        large = peak_rss_mb(args.files * 10, Path(tmp))
    print(f"{args.files:>8} files: peak RSS {small:7.1f} MB")
    print(f"{args.files * 10:>8} files: peak RSS {large:7.1f} MB  (ratio {large / small:.2f})")


if __name__ == "__main__":
    main()
