"""`lkjip pratinjau`: the live preview, as an analyst uses it. The command runs as a subprocess on
a copy of test_build's fixture project on a free port; the test saves a narrative file, then a data
file, and reads the served page until the new text is there; a bad data edit shows the message
over the last good page; SIGINT ends it with status 0. With Quarto on PATH the served book is
Quarto's HTML (changed pages re-rendered), otherwise the static preview. Deadlines are generous:
the speed of the loop is a benchmark figure (scripts/benchmark.py), never asserted here.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import shutil

import nbformat
import pytest

from _bantu import ROOT, wait_until
from test_build import REPORT, make_project

NARRATIVE = Path("narasi") / "kota-uji-build" / "2023" / "uji-pendahuluan.md"
DATA = Path("data") / "kota-uji-build" / "angka.csv"
REALISASI = Path("data") / "kota-uji-build" / "realisasi.csv"
#: Seconds a change may take to appear on a loaded machine (a data edit reruns every chapter).
DEADLINE = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def project(root: Path) -> Path:
    """The fixture project; bab1 also shows the narrative file uji-pendahuluan.md as Markdown."""
    make_project(root)
    notebook = root / "notebooks" / "bab1.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "from IPython.display import Markdown, display\n"
        "from lkjip.present.narasi import baca_narasi\n"
        'narasi = baca_narasi(narasi_dir, dinas, tahun, "uji-pendahuluan")\n'
        'display(Markdown(narasi.teks if narasi else "tanpa narasi"))'))
    nbformat.write(nb, notebook)
    (root / NARRATIVE).parent.mkdir(parents=True)
    (root / NARRATIVE).write_text("Kalimat pertama.\n", encoding="utf-8")
    return root


def page(port: int, name: str) -> str:
    """The served page, or "" while the server is not up or the page not there yet."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{name}", timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


@pytest.fixture(params=["quarto", "tanpa-quarto"])
def served(request, tmp_path):
    if request.param == "quarto" and shutil.which("quarto") is None:
        pytest.skip("quarto is not on PATH; the static preview case runs")
    root = project(tmp_path / "proyek")
    port = free_port()
    log = (tmp_path / "pratinjau.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "lkjip.commands.cli", "pratinjau", f"params/{REPORT}.yml", "--port", str(port),
         "--root", str(root), *(["--no-quarto"] if request.param == "tanpa-quarto" else [])],
        cwd=root, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env=os.environ | {"PYTHONPATH": str(ROOT / "src")})
    try:
        yield root, port, process, tmp_path / "pratinjau.log"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


def test_edits_appear_in_the_served_page_and_bad_input_keeps_the_last_good_page(served):
    root, port, process, log = served
    name = "bab1.html"  # Quarto names the page after the notebook; so does the static preview

    def showing(text: str):
        def check():
            assert process.poll() is None, log.read_text(encoding="utf-8")
            html = page(port, name)
            return html if text in html else None
        return check

    wait_until(showing("Kalimat pertama."), DEADLINE, "the first page")
    assert f"127.0.0.1:{port}" in log.read_text(encoding="utf-8")  # the address is printed

    (root / NARRATIVE).write_text("Kalimat yang baru saja diketik analis.\n", encoding="utf-8")
    wait_until(showing("Kalimat yang baru saja diketik analis."), DEADLINE, "the narrative edit")

    rows = (root / DATA).read_text(encoding="utf-8")
    first_label = rows.splitlines()[1].split(",")[0]
    (root / DATA).write_text(rows.replace(first_label, "Uraianbarudaridata", 1), encoding="utf-8")
    html = wait_until(showing("Uraianbarudaridata"), DEADLINE, "the data edit")
    assert "lkjip-galat" not in html

    realisasi = (root / REALISASI).read_text(encoding="utf-8").splitlines()
    realisasi[1] = ",".join([*realisasi[1].split(",")[:2], "bukan-angka", *realisasi[1].split(",")[3:]])
    (root / REALISASI).write_text("\n".join(realisasi) + "\n", encoding="utf-8")
    html = wait_until(showing('id="lkjip-galat"'), DEADLINE, "the message of the bad edit")
    message = html.split('id="lkjip-galat"', 1)[1].split("</div>", 1)[0]
    assert "realisasi.csv" in message and "bukan-angka" in message
    assert "Uraianbarudaridata" in html  # the last good page stays under the message
    assert "realisasi.csv" in log.read_text(encoding="utf-8")  # and the terminal says it too

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in log.read_text(encoding="utf-8")
