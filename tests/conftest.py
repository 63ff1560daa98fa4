"""Fixtures shared by the test files; the plain helpers (snapshots, agency copies, Chromium,
waiting on a condition) are in _bantu.py."""
import pytest

from _bantu import FIXTURE_DATA, ROOT  # test files import them from here too


@pytest.fixture
def contoh():
    from lkjip.compute.laporan import buka_laporan
    return buka_laporan(FIXTURE_DATA, "kab-contoh-dinsos", 2023)


@pytest.fixture(scope="session")
def laporan_terbangun(tmp_path_factory):
    """Each real report (params/<name>.yml) built once per test session and shared: papermill is
    the costly part, so test_laporan and test_buku_quarto read the same build. With `quarto` on
    PATH it is the book (HTML, PDF, DOCX), otherwise the HTML preview."""
    import shutil

    from lkjip import build_report

    built = {}

    def build(name: str):
        if name not in built:
            out = tmp_path_factory.mktemp(f"laporan-{name}")
            quarto = None if shutil.which("quarto") else False
            built[name] = build_report(ROOT / "params" / f"{name}.yml", ROOT, quarto=quarto, progress=None,
                                       out_dir=out)
        return built[name]

    return build
