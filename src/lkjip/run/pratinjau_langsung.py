"""``lkjip pratinjau``: the live preview while an analyst writes. Not to be confused with
:mod:`lkjip.publish.pratinjau`, the static HTML a build writes when Quarto is absent.

A small HTTP server on 127.0.0.1 serves the report's HTML book; a watcher (watchfiles) follows the
agency's data folder, the report's narrative folder and its params file. On a change:

1. the chapters are built into a preview space of their own, ``build/.pratinjau/<report>/``
   (never the published report), by the ordinary build with ``render=False``: the inputs are
   validated first (``periksa``), and only the chapters whose inputs changed run again (the
   build's fingerprints: one narrative file reruns the chapters that looked for it; a data file
   every chapter);
2. with Quarto, only those chapters' HTML pages are rendered again, ``quarto render <chapter>
   --to html`` inside a Quarto project kept beside it (``<report>.situs/``: the executed
   notebooks and the derived ``_quarto.yml``), so the other pages, the search index and
   ``site_libs`` stay as they were; without Quarto the build writes its static preview;
3. every open page reloads: each served HTML page carries a script listening to Server-Sent
   Events on ``/__lkjip/peristiwa``.

Bad input (a DataError, NarasiError, ...: the message of ``lkjip periksa``) is printed in the
terminal and shown at the top of every served page, over the last good page, which stays.
Ctrl-C stops the watcher and the server and ends with status 0. Why a fresh kernel per changed
chapter and not a warm one: docs/performance.md, "The live preview".
"""
from __future__ import annotations

import html
import http.server
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from lkjip.core.exceptions import BuildError, LkjipError
from lkjip.core.proyek import Proyek
from lkjip.inputs.params import load_params
from lkjip.publish.buku import TEMPLATE_FILE
from lkjip.run.bangun import build_report
from lkjip.run.persiapan import find_quarto

#: The port ``lkjip pratinjau`` listens on unless ``--port`` says otherwise.
PORT_BAWAAN = 4848
#: The preview space under the build folder: never the published report.
FOLDER_PRATINJAU = ".pratinjau"
PERISTIWA = "/__lkjip/peristiwa"
SKRIP = "/__lkjip/muat-ulang.js"

_SKRIP_ISI = (
    "new EventSource('" + PERISTIWA + "').onmessage = function () { location.reload(); };\n"
).encode()


@dataclass
class Keadaan:
    """What the server shows: the folder of the last good pages, the message of the last bad
    input (None when the input is good), and a version that grows with every change shown."""

    folder: Path | None = None
    galat: str | None = None
    versi: int = 0
    berubah: threading.Condition = field(default_factory=threading.Condition)

    def tampilkan(self, folder: Path | None = None, galat: str | None = None) -> None:
        with self.berubah:
            if folder is not None:
                self.folder = folder
            self.galat = galat
            self.versi += 1
            self.berubah.notify_all()


def _sisipan(keadaan: Keadaan) -> bytes:
    """What every served HTML page gets before ``</body>``: the reload script and, after bad
    input, the message over the page (escaped: it quotes data)."""
    parts = [f'<script src="{SKRIP}"></script>']
    if keadaan.galat:
        parts.insert(0, '<div id="lkjip-galat" role="alert" style="position:fixed;top:0;left:0;right:0;'
                        'z-index:9999;background:#fde8e8;color:#7a1212;border-bottom:2px solid #c81e1e;'
                        'padding:0.8em 1.2em;font:14px/1.4 sans-serif;white-space:pre-wrap;max-height:50vh;'
                        'overflow:auto">'
                        f"<strong>Masukan tidak sah; halaman ini dari versi sah terakhir.</strong>\n"
                        f"{html.escape(keadaan.galat)}</div>")
    return "".join(parts).encode()


def _halaman(isi: bytes, keadaan: Keadaan) -> bytes:
    # The static preview forbids every script (aman.KEBIJAKAN_KONTEN); here the page may load the
    # reload script and listen for events from this server, nothing more.
    isi = isi.replace(b"default-src 'none';", b"default-src 'none'; script-src 'self'; connect-src 'self';", 1)
    sisipan = _sisipan(keadaan)
    return isi.replace(b"</body>", sisipan + b"</body>", 1) if b"</body>" in isi else isi + sisipan


def _penangan(keadaan: Keadaan):
    class Penangan(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(keadaan.folder), **kwargs)

        def log_message(self, format, *args):  # noqa: A002 - the terminal is for the analyst
            pass

        def do_GET(self):  # noqa: N802 - http.server's name
            path = self.path.split("?", 1)[0]
            if path == PERISTIWA:
                return self._peristiwa()
            if path == SKRIP:
                return self._kirim(_SKRIP_ISI, "text/javascript")
            target = Path(self.translate_path(path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                return self._kirim(_halaman(target.read_bytes(), keadaan), "text/html; charset=utf-8")
            return super().do_GET()

        def _kirim(self, isi: bytes, jenis: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", jenis)
            self.send_header("Content-Length", str(len(isi)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(isi)

        def _peristiwa(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with keadaan.berubah:
                seen = keadaan.versi
            try:
                while True:
                    with keadaan.berubah:
                        keadaan.berubah.wait_for(lambda: keadaan.versi != seen, timeout=15)
                        now = keadaan.versi
                    self.wfile.write(f"data: {now}\n\n".encode() if now != seen else b": tetap\n\n")
                    self.wfile.flush()
                    seen = now
            except OSError:  # the page closed or reloaded
                return

    return Penangan


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # open event streams do not hold up Ctrl-C


class Pratinjau:
    """One report previewed: builds into the preview space, renders changed pages, serves them."""

    def __init__(self, params_file: Path, root: Path, *, quarto=None, say: Callable[[str], None] = print):
        self.proyek = Proyek.di(root)
        self.params_file = self.proyek.berkas_params(params_file)
        self.params = load_params(self.params_file, self.proyek.root)
        self.quarto = find_quarto(quarto)
        self.out = self.proyek.keluaran(None) / FOLDER_PRATINJAU
        self.report = self.out / self.params.nama_laporan
        self.situs = self.out / f"{self.params.nama_laporan}.situs"
        self.say = say
        self.keadaan = Keadaan()

    def dipantau(self) -> list[Path]:
        root = self.proyek.root
        return [root / self.params.data_dir / self.params.dinas, root / self.params.narasi_dir, self.params_file]

    def bangun(self, pertama: bool = False) -> None:
        """Run the changed chapters, render their pages, show them; bad input is shown instead."""
        started = time.perf_counter()
        try:
            if self.params_file.is_file():  # params edited: read them again
                self.params = load_params(self.params_file, self.proyek.root)
            result = build_report(self.params_file, self.proyek.root, quarto=False if self.quarto is None else None,
                                  render=self.quarto is None, out_dir=self.out, jobs=None, progress=None)
            changed = [run.file for run in result.chapters if not run.reused]
            if self.quarto is None:
                folder = self.report / "preview"
            else:
                folder = self._render(changed, semua=pertama or not (self.situs / "_book" / "index.html").is_file())
        except LkjipError as exc:
            self.say(f"lkjip: {exc}\n(halaman sah terakhir tetap ditampilkan)")
            self.keadaan.tampilkan(galat=str(exc))
            return
        what = "tidak ada bab yang berubah" if not changed else f"{len(changed)} bab: {', '.join(changed)}"
        self.say(f"Pratinjau diperbarui ({what}) dalam {time.perf_counter() - started:.1f} dtk")
        self.keadaan.tampilkan(folder)

    def _render(self, changed: list[str], semua: bool) -> Path:
        """The Quarto project beside the preview build: executed notebooks and resources copied in,
        the pages of the changed chapters rendered again (all of them the first time)."""
        self.situs.mkdir(parents=True, exist_ok=True)
        for item in self.report.iterdir():
            if item.name in ("build.json", ".snapshot"):
                continue
            if item.is_dir():
                if item.name == "tabel":
                    shutil.copytree(item, self.situs / item.name, dirs_exist_ok=True)
                continue
            if semua or item.suffix != ".ipynb" or item.name in changed:
                shutil.copy2(item, self.situs / item.name)
        config_file = self.situs / TEMPLATE_FILE
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        config["book"].pop("downloads", None)  # the preview has no PDF or DOCX to offer
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        targets = [] if semua else [name for name in changed if name.endswith(".ipynb")]
        if semua or targets:
            command = [str(self.quarto), "render", *targets, "--to", "html"]
            done = subprocess.run(command, cwd=self.situs, capture_output=True, text=True, stdin=subprocess.DEVNULL)
            if done.returncode != 0:
                tail = "\n".join((done.stdout + done.stderr).splitlines()[-15:])
                raise BuildError(f"quarto render gagal (kode {done.returncode}). Akhir lognya:\n{tail}")
        return self.situs / "_book"

    def jalankan(self, port: int = PORT_BAWAAN) -> int:
        """Build once, serve, rebuild on every change until Ctrl-C; returns 0."""
        from watchfiles import watch

        self.say(f"Menyiapkan pratinjau {self.params.nama_laporan} ...")
        self.bangun(pertama=True)
        if self.keadaan.folder is None:  # nothing good to show yet: an empty page with the message
            empty = self.out / "kosong"
            empty.mkdir(parents=True, exist_ok=True)
            (empty / "index.html").write_text("<!doctype html><html><body></body></html>", encoding="utf-8")
            self.keadaan.folder = empty
        try:
            server = _Server(("127.0.0.1", port), _penangan(self.keadaan))
        except OSError as exc:
            raise BuildError(f"Port {port} tidak dapat dipakai ({exc.strerror}); pilih yang lain dengan --port N.") from None
        thread = threading.Thread(target=server.serve_forever, name="lkjip-pratinjau", daemon=True)
        thread.start()
        self.say(f"Pratinjau: http://127.0.0.1:{server.server_address[1]}/  (Ctrl-C untuk berhenti)", )
        stop = threading.Event()
        targets = [p.resolve() for p in self.dipantau()]
        # a folder that does not exist yet (no narrative written so far) is watched from its
        # nearest existing parent, so creating it counts too
        roots = sorted({next(q for q in (p, *p.parents) if q.exists()) for p in targets})

        def ours(_change, path: str) -> bool:
            path_ = Path(path)
            return any(path_ == t or t in path_.parents for t in targets)

        try:
            for _changes in watch(*roots, watch_filter=ours, stop_event=stop, debounce=200, step=50,
                                  rust_timeout=0):
                self.bangun()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            server.shutdown()
            server.server_close()
        self.say("Pratinjau dihentikan.")
        return 0
