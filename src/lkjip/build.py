"""Build a report: run every chapter notebook for one agency and year, then assemble the book.

Why it works this way:

* The top-level ``_quarto.yml`` is the only place that names the chapters. The build reads it,
  so adding a chapter is one line there and nowhere else.
* Each chapter runs in its own fresh kernel (papermill), so a chapter cannot depend on state
  left behind by another one; the first failure stops the build before anything is published.
* Everything is written into a private staging folder and swapped into ``build/<dinas>-<tahun>/``
  only when every step succeeded, so a failed run leaves the last good report untouched.
* Quarto renders the book from the *executed* notebooks with execution disabled: the numbers are
  computed exactly once, by papermill, with the interpreter that runs the build.
* Without Quarto a plain HTML preview is written instead, so the figures can still be checked.
"""
from __future__ import annotations

import copy
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import nbformat
import yaml

from .exceptions import BuildError, DataError, Masalah, ParamsError
from .params import Params, load_params

#: The book template and chapter list, at the project root.
TEMPLATE_FILE = "_quarto.yml"
#: Parameters every chapter notebook must declare in its cell tagged ``parameters``.
NOTEBOOK_PARAMETERS = ("dinas", "tahun", "data_dir", "narasi_dir", "output_dir")
#: Name of the kernel the chapters run in; the build points it at its own interpreter.
KERNEL_NAME = "python3"
#: Marker file written into every built report folder (read back by the build index).
BUILD_INFO = "build.json"

Progress = Callable[[str], None]

QUARTO_HELP = (
    "Quarto tidak ditemukan di PATH, jadi dibuat pratinjau HTML per bab (tanpa PDF dan DOCX).\n"
    "Untuk buku lengkap (HTML, PDF lewat Typst, DOCX), pasang Quarto lalu jalankan ulang:\n"
    "  - dengan conda:  conda env create -f environment.yml && conda activate lkjip\n"
    "  - atau pemasang resmi Quarto: https://quarto.org/docs/get-started/"
)


@dataclass(frozen=True)
class ChapterRun:
    """One executed chapter: its notebook file name and how long papermill took."""

    file: str
    seconds: float


@dataclass(frozen=True)
class BuildResult:
    """What a successful build produced."""

    report: str
    folder: Path
    #: ``"book"`` (rendered by Quarto), ``"preview"`` (nbconvert HTML) or ``"none"`` (not rendered).
    mode: str
    #: The page to open, or None when nothing was rendered.
    entry: Path | None
    chapters: tuple[ChapterRun, ...]
    seconds: float


# --------------------------------------------------------------------------------------------
# The book template
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chapter:
    """A chapter named by the template: its source notebook and its place in the book."""

    source: Path
    appendix: bool

    @property
    def file(self) -> str:
        """File name of the executed notebook inside the report folder."""
        return self.source.name


def read_book_template(root: Path) -> dict:
    """Read the top-level ``_quarto.yml`` and check that it describes a Quarto book."""
    path = Path(root) / TEMPLATE_FILE
    if not path.is_file():
        raise BuildError(f"{path}: templat buku Quarto tidak ditemukan.")
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: bukan YAML yang sah ({exc}).") from None
    if not isinstance(config, dict) or (config.get("project") or {}).get("type") != "book":
        raise BuildError(f"{path}: harus proyek Quarto dengan 'project: type: book'.")
    if not isinstance(config.get("book"), dict) or not config["book"].get("chapters"):
        raise BuildError(f"{path}: 'book: chapters:' harus berisi daftar notebook bab.")
    return config


def _entry_files(entries: list | None) -> Iterator[str]:
    """Chapter paths of a ``chapters``/``appendices`` list, parts included, in book order."""
    for entry in entries or []:
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, dict) and "chapters" in entry:
            if isinstance(entry.get("part"), str) and entry["part"].endswith(".ipynb"):
                yield entry["part"]
            yield from _entry_files(entry["chapters"])
        elif isinstance(entry, dict) and "href" in entry:
            yield entry["href"]
        else:
            raise BuildError(f"{TEMPLATE_FILE}: entri bab tidak dikenal: {entry!r}.")


def _map_entry_files(entries: list | None, rename: Callable[[str], str]) -> list:
    """The same ``chapters`` list with every chapter path replaced by ``rename(path)``."""
    mapped: list = []
    for entry in entries or []:
        if isinstance(entry, str):
            mapped.append(rename(entry))
        elif "chapters" in entry:
            part = dict(entry)
            if isinstance(part.get("part"), str) and part["part"].endswith(".ipynb"):
                part["part"] = rename(part["part"])
            part["chapters"] = _map_entry_files(entry["chapters"], rename)
            mapped.append(part)
        else:
            mapped.append({**entry, "href": rename(entry["href"])})
    return mapped


def book_chapters(root: Path, template: dict | None = None) -> list[Chapter]:
    """Every chapter of the book in order (chapters, then appendices), as absolute paths.

    The executed notebooks are placed side by side in the report folder, because Quarto wants
    the book's home page as ``index.*`` at the project root; hence names must be unique and one
    chapter must be ``index.ipynb``.
    """
    root = Path(root)
    template = template if template is not None else read_book_template(root)
    book = template["book"]
    chapters = [Chapter((root / f).resolve(), False) for f in _entry_files(book.get("chapters"))]
    chapters += [Chapter((root / f).resolve(), True) for f in _entry_files(book.get("appendices"))]
    problems = [f"'{os.path.relpath(c.source, root)}' bukan notebook .ipynb"
                for c in chapters if c.source.suffix != ".ipynb"]
    names = [c.file for c in chapters]
    problems += [f"nama '{n}' dipakai lebih dari sekali" for n in sorted({n for n in names if names.count(n) > 1})]
    if "index.ipynb" not in names:
        problems.append("Quarto membutuhkan satu bab bernama index.ipynb (halaman depan buku)")
    if problems:
        raise BuildError(f"{TEMPLATE_FILE}: " + "; ".join(problems) + ".")
    return chapters


def report_book_config(template: dict, params: Params, agency: "Agency") -> dict:
    """The per-report ``_quarto.yml``: the template with title, output and executed chapters."""
    config = copy.deepcopy(template)
    config["project"]["output-dir"] = "_book"
    # The CSV of every table (written by the notebooks under output_dir/tabel/) is published
    # with the HTML book, so a reader can download the numbers behind each table.
    config["project"]["resources"] = ["tabel/*.csv"]
    book = config["book"]
    title = book.get("title") or "Laporan Kinerja Instansi Pemerintah"
    book["title"] = f"{title} Tahun {params.tahun}"
    book["subtitle"] = agency.nama
    if agency.pemerintah:
        book["author"] = agency.pemerintah
    book["output-file"] = f"lkjip-{params.nama_laporan}"
    flat = lambda path: Path(path).name  # noqa: E731 - executed notebooks sit side by side
    book["chapters"] = _map_entry_files(book.get("chapters"), flat)
    if book.get("appendices"):
        book["appendices"] = _map_entry_files(book["appendices"], flat)
    return config


# --------------------------------------------------------------------------------------------
# The agency
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    """How the report names its agency: full name and the regional government, if known."""

    nama: str
    pemerintah: str | None


def read_agency(params: Params, root: Path) -> Agency:
    """Name of the agency from ``<data_dir>/<dinas>/profil.yaml``; the slug when absent."""
    path = Path(root) / params.data_dir / params.dinas / "profil.yaml"
    if not path.is_file():
        return Agency(params.dinas, None)
    try:
        profil = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataError([Masalah(str(path), None, None, f"YAML tidak sah ({exc})", "YAML yang sah")]) from None
    if not isinstance(profil, dict):
        raise DataError([Masalah(str(path), None, None, "bukan pasangan kunci: nilai", "pemetaan YAML")])
    nama = str(profil.get("nama") or params.dinas)
    wilayah, jenis = profil.get("wilayah"), profil.get("jenis_wilayah")
    pemerintah = None
    if wilayah:
        jenis_label = {"kota": "Kota", "kabupaten": "Kabupaten"}.get(str(jenis).lower(), "")
        pemerintah = f"Pemerintah {jenis_label} {wilayah}".replace("  ", " ")
        daerah = f"{jenis_label} {wilayah}".strip()
        if daerah.lower() not in nama.lower():
            nama = f"{nama} {daerah}"
    return Agency(nama, pemerintah)


# --------------------------------------------------------------------------------------------
# Running the notebooks
# --------------------------------------------------------------------------------------------


@contextmanager
def notebook_environment(root: Path, kernel_dir: Path) -> Iterator[str]:
    """Make the chapters run with this very interpreter; yields the kernel name for papermill.

    A kernel named ``python3`` may be registered elsewhere (user folder, another venv) pointing
    at another Python without our dependencies. The build writes its own ``python3`` kernelspec
    whose command is ``sys.executable`` and puts it first on ``JUPYTER_PATH`` (which Jupyter
    searches before any other kernel folder). ``src/`` goes on ``PYTHONPATH`` so notebooks
    import this tree's ``lkjip``, and ``QUARTO_PYTHON`` makes Quarto use the same interpreter.
    """
    if importlib.util.find_spec("ipykernel") is None:
        raise BuildError(
            f"ipykernel tidak terpasang untuk {sys.executable}. "
            "Jalankan 'make report' atau 'pip install -e .' di lingkungan ini."
        )
    spec_dir = Path(kernel_dir) / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (lkjip build)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")

    def prepend(name: str, value: str) -> str:
        old = os.environ.get(name)
        return value if not old else value + os.pathsep + old

    updates = {
        "JUPYTER_PATH": prepend("JUPYTER_PATH", str(Path(kernel_dir).resolve())),
        "PYTHONPATH": prepend("PYTHONPATH", str((Path(root) / "src").resolve())),
        "QUARTO_PYTHON": sys.executable,
        # ipykernel's debugger warns about frozen modules on every start; it is noise here.
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    saved = {name: os.environ.get(name) for name in updates}
    os.environ.update(updates)
    try:
        yield KERNEL_NAME
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def check_chapter_notebook(path: Path) -> None:
    """Fail early, naming the chapter, when it is missing or lacks its parameters cell."""
    if not path.is_file():
        raise BuildError(f"Bab '{path.name}': notebook {path} tidak ditemukan (disebut di {TEMPLATE_FILE}).")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises several kinds for a broken file
        raise BuildError(f"Bab '{path.name}': {path} bukan notebook yang sah ({exc}).") from None
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise BuildError(
            f"Bab '{path.name}': tidak ada sel bertanda 'parameters'. Tambahkan sel kode dengan tag "
            f"'parameters' yang mendefinisikan {', '.join(NOTEBOOK_PARAMETERS)}."
        )
    declared = set(re.findall(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=", cells[0].source, re.MULTILINE))
    missing = [name for name in NOTEBOOK_PARAMETERS if name not in declared]
    if missing:
        raise BuildError(f"Bab '{path.name}': sel 'parameters' tidak mendefinisikan {', '.join(missing)}.")


def _first_line(source: str) -> str:
    """First line of a cell that says something: not blank, not a ``#|`` Quarto option."""
    for line in source.splitlines():
        if line.strip() and not line.lstrip().startswith("#|"):
            return line.strip()
    return source.strip().splitlines()[0] if source.strip() else "(sel kosong)"


def _source_cell_index(source_nb: Path, cell_source: str, executed_index: int) -> int:
    """Index of the failing cell in the chapter's own notebook (papermill adds cells)."""
    nb = nbformat.read(source_nb, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source == cell_source:
            return index
    return executed_index


def run_chapter(source: Path, target: Path, parameters: dict, kernel_name: str) -> float:
    """Execute one chapter notebook into ``target``; returns the seconds it took.

    Raises the papermill or kernel exception unchanged; the caller turns it into a BuildError.
    """
    import papermill  # imported here: it is slow to import and the CLI does not always need it
    from traitlets.config import Config

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lkjip-ipc-") as sockets:
        # Unix sockets instead of TCP ports where available: nothing listens on the network and
        # ipykernel does not warn about unencrypted TCP on every chapter. Each kernel gets its
        # own short socket folder (a socket path must stay under ~100 bytes): a kernel still
        # exiting deletes its socket files, which must not be the next chapter's.
        if os.name == "posix":
            kernel_config = {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}
        else:
            kernel_config = {"transport": "tcp"}
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            kernel_name=kernel_name,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            cwd=str(source.parent),
            start_timeout=120,
            config=Config({"KernelManager": kernel_config}),
            # the outputs are in hand when the last cell ends: stop the kernel at once rather
            # than interrupt it first (which ipykernel reports as an error) and wait for it
            shutdown_kernel="immediate",
        )
    return time.perf_counter() - started


def _chapter_failure(chapter: Chapter, exc: Exception, kept: Path | None, final: Path) -> BuildError:
    """The message a user reads when a chapter fails: where, what, and what was kept."""
    from papermill.exceptions import PapermillExecutionError

    lines = [f"Bab '{chapter.file}' gagal dijalankan."]
    if isinstance(exc, PapermillExecutionError):
        index = _source_cell_index(chapter.source, exc.source, exc.cell_index)
        lines.append(f"  Sel: indeks {index} (baris pertama: {_first_line(exc.source)})")
        lines.append(f"  Galat: {exc.ename}: {exc.evalue}")
    else:
        lines.append(f"  Galat: {type(exc).__name__}: {exc}")
    if kept is not None:
        lines.append(f"  Notebook hasil eksekusi disimpan untuk diperiksa: {_shown(kept)}")
    lines.append(f"Keluaran sebelumnya di {_shown(final)} tidak diubah; Quarto tidak dijalankan.")
    return BuildError("\n".join(lines))


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def render_with_quarto(quarto: Path, folder: Path) -> Path:
    """Render the report folder's book with Quarto (every format); returns ``_book/index.html``."""
    log = folder / "quarto.log"
    with open(log, "w", encoding="utf-8") as out:
        result = subprocess.run(
            [str(quarto), "render", "--to", "all"],
            cwd=folder, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    entry = folder / "_book" / "index.html"
    if result.returncode != 0 or not entry.is_file():
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])
        raise BuildError(f"quarto render gagal (kode {result.returncode}). Akhir lognya:\n{tail}")
    return entry


_CELL_OPTION = re.compile(r"^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
_CROSSREF = re.compile(r"(?<![\w@])@((?:tbl|fig)-[\w-]+)")
_HEADING_ATTRS = re.compile(r"^(#+\s.*?)\s*\{[^}]*\}\s*$", re.MULTILINE)


def _cell_options(source: str) -> dict[str, str]:
    """Quarto's ``#| key: value`` options at the top of a code cell."""
    options = {}
    for line in source.splitlines():
        match = _CELL_OPTION.match(line)
        if not match:
            break
        options[match.group(1)] = match.group(2).strip("'\"")
    return options


def _chapter_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$", cell.source, re.MULTILINE)
            if match:
                return match.group(1)
    return fallback


def _is_unnumbered(nb: nbformat.NotebookNode) -> bool:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.search(r"^#\s.*\{[^}]*\.unnumbered", cell.source, re.MULTILINE):
            return True
    return False


_PREVIEW_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .9rem; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
img { max-width: 100%; height: auto; }
.caption { font-weight: 600; margin-top: 1rem; }
.book-title { font-size: 1.6rem; font-weight: 700; }
header { border-bottom: 1px solid #ccc; margin-bottom: 1.5rem; }
.output_stderr { display: none; }
nav { margin: 1rem 0; font-size: .9rem; }
.anchor-link { display: none; }
"""


def _preview_page(title: str, body: str, nav: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_PREVIEW_CSS}</style>\n</head>\n"
        f"<body>\n{nav}\n{body}\n{nav}\n</body>\n</html>\n"
    )


def write_preview(folder: Path, chapters: list[Chapter], book_title: str) -> Path:
    """HTML of every executed chapter without code; returns the home page (``index.html``).

    It mirrors what Quarto would show (code hidden, ``#| include: false`` and ``#| output: false``
    honoured, tables and figures captioned and numbered, ``@tbl-``/``@fig-`` references linked),
    so a report can be checked on a machine without Quarto.
    """
    from nbconvert import HTMLExporter

    out = folder / "preview"
    out.mkdir()
    if (folder / "tabel").is_dir():  # the tables' CSV files, as the book publishes them
        shutil.copytree(folder / "tabel", out / "tabel")
    notebooks = [nbformat.read(folder / c.file, as_version=4) for c in chapters]

    # Number chapters as Quarto does: index and {.unnumbered} chapters get none, appendices A, B...
    numbers: list[str | None] = []
    chapter_no = appendix_no = 0
    for chapter, nb in zip(chapters, notebooks):
        if chapter.file == "index.ipynb" or _is_unnumbered(nb):
            numbers.append(None)
        elif chapter.appendix:
            numbers.append(chr(ord("A") + appendix_no))
            appendix_no += 1
        else:
            chapter_no += 1
            numbers.append(str(chapter_no))

    # Every labelled table and figure gets its number and page before any page is written,
    # so references may point to another chapter.
    labels: dict[str, tuple[str, str]] = {}
    for chapter, nb, number in zip(chapters, notebooks, numbers):
        counts = {"tbl": 0, "fig": 0}
        for cell in nb.cells:
            label = _cell_options(cell.source).get("label", "") if cell.cell_type == "code" else ""
            kind = label.split("-", 1)[0]
            if kind in counts:
                counts[kind] += 1
                name = "Tabel" if kind == "tbl" else "Gambar"
                text = f"{name} {number}.{counts[kind]}" if number else f"{name} {counts[kind]}"
                labels[label] = (text, Path(chapter.file).stem + ".html")

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True

    titles = [_chapter_title(nb, Path(c.file).stem) for c, nb in zip(chapters, notebooks)]
    pages = [Path(c.file).stem + ".html" for c in chapters]  # index.ipynb -> index.html
    toc_items = []
    for chapter, title, page, number in zip(chapters, titles, pages, numbers):
        prefix = (f"Lampiran {number}. " if chapter.appendix else f"{number}. ") if number else ""
        toc_items.append(f'<li><a href="{page}">{html.escape(prefix + title)}</a></li>')
    # The home page carries the table of contents, as the sidebar of Quarto's HTML book does.
    toc = (
        f'<header>\n<p class="book-title">{html.escape(book_title)}</p>\n'
        "<p>Pratinjau tanpa Quarto: satu halaman per bab, tanpa PDF dan DOCX.</p>\n"
        "<ul>\n" + "\n".join(toc_items) + "\n</ul>\n</header>"
    )

    for position, (chapter, nb) in enumerate(zip(chapters, notebooks)):
        page = pages[position]

        def link(match: re.Match) -> str:
            label = match.group(1)
            if label not in labels:
                return match.group(0)
            text, target = labels[label]
            href = f"#{label}" if target == page else f"{target}#{label}"
            return f"[{text}]({href})"

        cells = []
        for cell in nb.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if "parameters" in tags or "injected-parameters" in tags:
                continue
            if cell.cell_type == "markdown":
                cell.source = _HEADING_ATTRS.sub(r"\1", _CROSSREF.sub(link, cell.source))
                cells.append(cell)
                continue
            if cell.cell_type != "code":
                continue
            options = _cell_options(cell.source)
            if options.get("include") == "false":
                continue
            if options.get("output") == "false":
                cell.outputs = []
            label = options.get("label", "")
            if label in labels:
                caption = options.get("tbl-cap") or options.get("fig-cap") or ""
                text = html.escape(labels[label][0] + (f": {caption}" if caption else ""))
                anchor = nbformat.v4.new_markdown_cell(f'<p class="caption" id="{label}">{text}</p>')
                if label.startswith("tbl-"):  # table captions above, figure captions below
                    cells += [anchor, cell]
                else:
                    cells += [cell, anchor]
            else:
                cells.append(cell)
        nb.cells = cells
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"path": str(folder)}})
        nav_links = [] if page == "index.html" else ['<a href="index.html">Daftar isi</a>']
        if position > 0:
            nav_links.append(f'<a href="{pages[position - 1]}">&larr; {html.escape(titles[position - 1])}</a>')
        if position + 1 < len(chapters):
            nav_links.append(f'<a href="{pages[position + 1]}">{html.escape(titles[position + 1])} &rarr;</a>')
        nav = "<nav>" + " | ".join(nav_links) + "</nav>"
        if page == "index.html":
            body = toc + "\n" + body
        (out / page).write_text(_preview_page(titles[position], body, nav), encoding="utf-8")
    return out / "index.html"


# --------------------------------------------------------------------------------------------
# Publishing
# --------------------------------------------------------------------------------------------


def _shown(path: Path) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _swap_into_place(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` with two renames, so readers never see half a report."""
    backup = None
    if final.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".old-{final.name}-", dir=final.parent))
        backup.rmdir()
        os.rename(final, backup)
    try:
        os.rename(staging, final)
    except OSError:
        if backup is not None:
            os.rename(backup, final)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_build_index(out_dir: Path) -> Path:
    """``build/index.html``: every built report with a link, its agency, year and build time."""
    out_dir = Path(out_dir)
    rows = []
    for info_file in sorted(out_dir.glob(f"*/{BUILD_INFO}")):
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        folder = info_file.parent.name
        entry = info.get("entry")
        target = f"{folder}/{entry}" if entry else f"{folder}/"
        kind = {"book": "Buku (HTML, PDF, DOCX)", "preview": "Pratinjau HTML"}.get(info.get("mode"), "Notebook")
        rows.append((info.get("nama", folder), info.get("tahun", ""), (
            f'<tr><td><a href="{html.escape(target)}">{html.escape(folder)}</a></td>'
            f'<td>{html.escape(str(info.get("nama", "")))}</td>'
            f'<td>{html.escape(str(info.get("tahun", "")))}</td>'
            f'<td>{html.escape(str(info.get("built_at", "")))}</td>'
            f"<td>{kind}</td></tr>"
        )))
    rows.sort(key=lambda row: (str(row[0]), str(row[1])))
    table = (
        "<table>\n<tr><th>Laporan</th><th>Instansi</th><th>Tahun</th><th>Dibangun</th><th>Bentuk</th></tr>\n"
        + "\n".join(row[2] for row in rows) + "\n</table>"
        if rows else "<p>Belum ada laporan yang dibangun.</p>"
    )
    index = out_dir / "index.html"
    _write_atomically(index, _preview_page("Laporan LKjIP", f"<h1>Laporan LKjIP</h1>\n{table}"))
    return index


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def _find_quarto(quarto: str | Path | bool | None) -> Path | None:
    if quarto is False:
        return None
    if quarto is None or quarto is True:
        found = shutil.which("quarto")
        return Path(found) if found else None
    path = Path(quarto)
    if not path.is_file():
        raise BuildError(f"Quarto tidak ditemukan di {path}.")
    return path


def _copy_resources(chapters: list[Chapter], folder: Path) -> None:
    """Copy what sits beside the chapter notebooks (images, styles) next to the executed ones,
    so relative links in markdown cells still resolve once the chapters are side by side."""
    skip = shutil.ignore_patterns("*.ipynb", ".*", "__pycache__")
    for source_dir in dict.fromkeys(c.source.parent for c in chapters):
        for item in source_dir.iterdir():
            if item.suffix == ".ipynb" or item.name.startswith(".") or item.name == "__pycache__":
                continue
            target = folder / item.name
            if target.exists():
                continue
            if item.is_dir():
                shutil.copytree(item, target, ignore=skip)
            else:
                shutil.copy2(item, target)


def _check_inputs(params: Params, root: Path, say: Progress) -> None:
    """Validate the data and the narrative before any chapter runs: a DataError or NarasiError
    here names file, row and column, where a failure inside a notebook could only name a cell.
    Stale numbers in the narrative are warnings, not failures: the analyst decides."""
    from .narasi import cek_basi
    from .periksa import buka_dari_params, periksa_narasi

    lap = buka_dari_params(params, root)
    periksa_narasi(lap, root / params.narasi_dir)
    for item in cek_basi(lap, root / params.narasi_dir):
        say(f"  peringatan: {item}")


def build_report(
    params_path: str | Path,
    root: str | Path = ".",
    *,
    quarto: str | Path | bool | None = None,
    progress: Progress | None = print,
    render: bool = True,
    out_dir: str | Path | None = None,
) -> BuildResult:
    """Build one report into ``<out_dir>/<dinas>-<tahun>/`` (``out_dir`` defaults to root/build).

    ``quarto``: None looks for ``quarto`` on PATH, a path uses that executable, False never uses
    Quarto (HTML preview instead). ``render=False`` only executes the notebooks (benchmarks).
    ``progress`` receives one line per step; pass None for silence.
    Raises BuildError (or ParamsError/DataError) with a message meant for the user; on any
    failure the previous report folder is left exactly as it was.
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    root = Path(root).resolve()
    params_path = Path(params_path)
    if not params_path.is_absolute() and not params_path.exists() and (root / params_path).exists():
        params_path = root / params_path
    params = load_params(params_path)
    template = read_book_template(root)
    chapters = book_chapters(root, template)
    for chapter in chapters:
        check_chapter_notebook(chapter.source)
    agency = read_agency(params, root)
    _check_inputs(params, root, say)
    quarto_exe = _find_quarto(quarto) if render else None

    out_dir = Path(out_dir).resolve() if out_dir is not None else root / "build"
    out_dir.mkdir(parents=True, exist_ok=True)
    report = params.nama_laporan
    final = out_dir / report
    failed_dir = out_dir / "failed" / report
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{report}-", dir=out_dir))
    parameters = params.as_notebook_parameters(root) | {"output_dir": str(staging)}

    say(f"Membangun {report} ({len(chapters)} bab) ...")
    runs: list[ChapterRun] = []
    try:
        with notebook_environment(root, out_dir / ".kernel") as kernel_name:
            for number, chapter in enumerate(chapters, start=1):
                target = staging / chapter.file
                chapter_started = time.perf_counter()
                try:
                    seconds = run_chapter(chapter.source, target, parameters, kernel_name)
                except Exception as exc:  # any failure of a chapter ends the build here
                    seconds = time.perf_counter() - chapter_started
                    say(f"  [{number}/{len(chapters)}] {chapter.file}: GAGAL setelah {seconds:.1f} dtk")
                    kept = None
                    if target.is_file():
                        shutil.rmtree(failed_dir, ignore_errors=True)
                        failed_dir.mkdir(parents=True)
                        kept = failed_dir / chapter.file
                        shutil.copy2(target, kept)
                    raise _chapter_failure(chapter, exc, kept, final) from None
                runs.append(ChapterRun(chapter.file, seconds))
                say(f"  [{number}/{len(chapters)}] {chapter.file}: {seconds:.1f} dtk")

            # Every chapter ran: only now is the book assembled.
            config = report_book_config(template, params, agency)
            (staging / TEMPLATE_FILE).write_text(
                "# Dibuat oleh lkjip build dari _quarto.yml di akar proyek; jangan disunting.\n"
                + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                encoding="utf-8",
            )
            _copy_resources(chapters, staging)
            mode, entry = "none", None
            if quarto_exe is not None:
                say(f"  quarto render ({quarto_exe}) ...")
                render_started = time.perf_counter()
                try:
                    entry = render_with_quarto(quarto_exe, staging)
                except BuildError as exc:
                    shutil.rmtree(failed_dir, ignore_errors=True)
                    failed_dir.mkdir(parents=True)
                    shutil.copy2(staging / "quarto.log", failed_dir / "quarto.log")
                    raise BuildError(
                        f"{exc}\nLog lengkap: {_shown(failed_dir / 'quarto.log')}\n"
                        f"Keluaran sebelumnya di {_shown(final)} tidak diubah."
                    ) from None
                mode = "book"
                say(f"  quarto render: {time.perf_counter() - render_started:.1f} dtk")
            elif render:
                entry = write_preview(staging, chapters, f"{config['book']['title']} — {agency.nama}")
                mode = "preview"
                if quarto is None:  # looked for on PATH and not found, rather than declined
                    say(QUARTO_HELP)

        info = {
            "report": report,
            "dinas": params.dinas,
            "tahun": params.tahun,
            "nama": agency.nama,
            "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "mode": mode,
            "entry": str(entry.relative_to(staging)) if entry else None,
            "chapters": [{"file": r.file, "seconds": round(r.seconds, 2)} for r in runs],
        }
        (staging / BUILD_INFO).write_text(json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8")
        _swap_into_place(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

    shutil.rmtree(failed_dir, ignore_errors=True)
    write_build_index(out_dir)
    entry_final = final / info["entry"] if info["entry"] else None
    seconds = time.perf_counter() - started
    say(f"Selesai {report} dalam {seconds:.1f} dtk: {_shown(entry_final or final)}")
    return BuildResult(report, final, mode, entry_final, tuple(runs), seconds)


def params_files(root: str | Path) -> list[Path]:
    """Every report's params file: ``params/*.yml`` under the root, sorted."""
    files = sorted((Path(root) / "params").glob("*.yml"))
    if not files:
        raise ParamsError(f"{Path(root) / 'params'}: tidak ada berkas params *.yml.")
    return files


def build_all(
    root: str | Path = ".",
    *,
    quarto: str | Path | bool | None = None,
    progress: Progress | None = print,
    render: bool = True,
    out_dir: str | Path | None = None,
) -> list[BuildResult]:
    """Build every ``params/*.yml``. A failing report does not stop the others (each keeps its
    previous output); a BuildError listing every failure is raised at the end."""
    results, failures = [], []
    for path in params_files(root):
        try:
            results.append(build_report(path, root, quarto=quarto, progress=progress,
                                        render=render, out_dir=out_dir))
        except (BuildError, DataError, ParamsError) as exc:
            failures.append(f"{path.name}:\n{exc}")
            if progress:
                progress(f"GAGAL {path.name}")
    if failures:
        raise BuildError(f"{len(failures)} dari {len(failures) + len(results)} laporan gagal.\n\n"
                         + "\n\n".join(failures))
    return results
