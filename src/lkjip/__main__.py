"""``python -m lkjip``: the same command as ``lkjip``."""
import sys

from lkjip.commands.cli import main

sys.exit(main())
