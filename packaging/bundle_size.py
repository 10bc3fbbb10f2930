"""Print the unpacked size of a folder in MB (10^6 bytes), symlinks counted once, not followed.

    python packaging/bundle_size.py dist/indiamart-desktop
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def size_mb(folder: Path) -> float:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            total += (Path(root) / name).lstat().st_size
    return total / 1_000_000


if __name__ == "__main__":
    print(f"{size_mb(Path(sys.argv[1])):.1f}")
