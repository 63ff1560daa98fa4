from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture
def contoh():
    from lkjip.laporan import buka_laporan
    return buka_laporan(FIXTURE_DATA, "kab-contoh-dinsos", 2023)
