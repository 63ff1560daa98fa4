#!/usr/bin/env python3
"""Build LKjIP reports without installing the package: the same as `lkjip build ...`.

    .venv/bin/python scripts/build_report.py params/kota-malang-dinsos-p3ap2kb-2023.yml
    .venv/bin/python scripts/build_report.py --all

Run it with the project's interpreter (.venv/bin/python): the chapter notebooks run with the
interpreter that runs this script, so it must have the project's dependencies.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lkjip.commands.cli import main  # noqa: E402 - needs the path above

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
