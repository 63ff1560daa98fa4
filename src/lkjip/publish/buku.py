"""The Quarto book: the chapter list of the top-level ``_quarto.yml``, each report's derived
``_quarto.yml``, the agency's name on the cover, and ``quarto render``.

The top-level ``_quarto.yml`` is the only place that names the chapters; the build reads it, so
adding a chapter is one line there and nowhere else. Quarto renders the book from the *executed*
notebooks with execution disabled: the numbers are computed exactly once, by papermill.
"""
from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import yaml

from lkjip.core.exceptions import BuildError
from lkjip.inputs.params import Params
from lkjip.present import aman
from lkjip.present import format as fmt

#: The book template and chapter list, at the project root.
TEMPLATE_FILE = "_quarto.yml"

#: The book's layout files shipped with the package (the Typst partial for an A4 government
#: report with its cover, ...). The build copies them next to the executed notebooks, where the
#: top-level ``_quarto.yml`` names them (``template-partials``).
BOOK_FILES = Path(__file__).parent / "templates" / "quarto"

#: The formats of the book, as ``lkjip build --format`` names them, and Quarto's name of each.
FORMAT_QUARTO = {"html": "html", "pdf": "typst", "docx": "docx"}
SEMUA_FORMAT = tuple(FORMAT_QUARTO)
#: The book's HTML pages offer the other formats as downloads (``book: downloads``).
_UNDUHAN = ("pdf", "docx")
#: The template's key naming the Catatan Reviu notebook: run with the chapters, rendered as its own
#: document (`lkjip.publish.reviu`), and the book's last appendix only when params ask for it.
REVIU_KEY = "lkjip-reviu"

#: Only the CSV files of ``<report>/tabel/`` are published with the book. The leading slash
#: anchors the glob at the project: Quarto reads ``tabel/*.csv`` as ``**/tabel/*.csv``.
TABLE_RESOURCES = "/tabel/*.csv"


@dataclass(frozen=True)
class Chapter:
    """A chapter named by the template: its source notebook and its place in the book."""

    source: Path
    appendix: bool
    #: The Catatan Reviu: its own document, in the book only with ``reviu_lampiran: true``.
    reviu: bool = False

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
    if template.get(REVIU_KEY):
        chapters.append(Chapter((root / str(template[REVIU_KEY])).resolve(), True, reviu=True))
    problems = [f"'{os.path.relpath(c.source, root)}' bukan notebook .ipynb"
                for c in chapters if c.source.suffix != ".ipynb"]
    names = [c.file for c in chapters]
    problems += [f"nama '{n}' dipakai lebih dari sekali" for n in sorted({n for n in names if names.count(n) > 1})]
    if "index.ipynb" not in names:
        problems.append("Quarto membutuhkan satu bab bernama index.ipynb (halaman depan buku)")
    if problems:
        raise BuildError(f"{TEMPLATE_FILE}: " + "; ".join(problems) + ".")
    return chapters


def bab_buku(chapters: list[Chapter], params: Params) -> list[Chapter]:
    """The chapters the book prints: the Catatan Reviu only when params ask for it as an appendix."""
    return [c for c in chapters if not c.reviu or params.reviu_lampiran]


def report_book_config(template: dict, params: Params, agency: "Agency",
                       formats: tuple[str, ...] = SEMUA_FORMAT) -> dict:
    """The per-report ``_quarto.yml``: the template with title, output and executed chapters.
    ``formats``: those the published book will hold; the HTML pages offer only those of them
    that are downloads (no link to a PDF that was not rendered)."""
    config = copy.deepcopy(template)
    reviu = config.pop(REVIU_KEY, None)
    config["project"]["output-dir"] = "_book"
    # The CSV of every table (written by the notebooks under output_dir/tabel/) is published
    # with the HTML book, so a reader can download the numbers behind each table.
    config["project"]["resources"] = [TABLE_RESOURCES]
    book = config["book"]
    title = book.get("title") or "Laporan Kinerja Instansi Pemerintah"
    # Book metadata is Markdown to Quarto: text from profil.yaml is escaped (lkjip.aman).
    book["title"] = f"{title} Tahun {params.tahun}"
    book["subtitle"] = aman.teks(agency.nama)
    if agency.pemerintah:
        book["author"] = aman.teks(agency.pemerintah)
    config["lkjip-sampul"] = cover_metadata(agency)
    # Which report a DOCX is: pandoc writes it as a custom document property, which `lkjip
    # narasi impor` checks before it takes edits back (HTML and Typst print no unknown key).
    config["lkjip-laporan"] = params.nama_laporan
    if params.cetak == "bolak-balik":
        config["lkjip-dua-sisi"] = True
    book["output-file"] = f"lkjip-{params.nama_laporan}"
    if "downloads" in book:
        book["downloads"] = [f for f in book["downloads"] if f not in _UNDUHAN or f in formats]
    flat = lambda path: Path(path).name  # noqa: E731 - executed notebooks sit side by side
    book["chapters"] = _map_entry_files(book.get("chapters"), flat)
    if book.get("appendices"):
        book["appendices"] = _map_entry_files(book["appendices"], flat)
    if reviu and params.reviu_lampiran:
        book["appendices"] = [*(book.get("appendices") or []), flat(reviu)]
    # Only the book's chapters: the Catatan Reviu beside them is rendered on its own, not as an
    # orphan page of the book.
    config["project"]["render"] = list(_entry_files(book["chapters"])) + list(_entry_files(book.get("appendices")))
    return config


# --------------------------------------------------------------------------------------------
# The agency
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Official:
    """The head of the agency who signs the report, as profil.yaml names them (``kepala``).
    A field the profile leaves empty stays None: the book prints it as absent."""

    nama: str | None = None
    jabatan: str | None = None
    pangkat: str | None = None
    nip: str | None = None


@dataclass(frozen=True)
class Agency:
    """How the report names its agency: full name and the regional government, if known, and
    what its cover and signature block print (province, head, place and date of signing)."""

    nama: str
    pemerintah: str | None
    provinsi: str | None = None
    kepala: Official = Official()
    tempat: str | None = None
    tanggal: str | None = None
    #: The emblem on the cover (``logo`` of profil.yaml, a file in the agency folder), or None.
    logo: Path | None = None


#: File types a cover's emblem may be: what Typst and Word both embed.
LOGO_JENIS = (".png", ".jpg", ".jpeg")
#: The emblem's name beside the executed chapters (the Typst cover and the DOCX read it there).
LOGO_BERKAS = "lkjip-logo"


def _text(value: object) -> str | None:
    """A profile value as text, or None when it is absent or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: str | None) -> str | None:
    """``2024-02-13`` as ``13 Februari 2024``; a value that is not an ISO date as written."""
    if not value:
        return None
    try:
        return fmt.tanggal(value[:10])
    except ValueError:
        return value


def cover_metadata(agency: Agency) -> dict:
    """Metadata the Typst cover and its back page print (``lkjip-sampul`` in ``_quarto.yml``):
    Markdown-escaped values, absent ones printed "tidak tersedia" (as the chapters do), never
    invented."""
    def shown(value: str | None) -> str:
        return aman.teks(value) if value else f"({fmt.TIDAK_TERSEDIA})"

    tanggal = _date(agency.tanggal)
    tempat_tanggal = ", ".join(v for v in (agency.tempat, tanggal) if v)
    sampul = {
        "provinsi": shown(agency.provinsi),
        "tahun-terbit": agency.tanggal[:4] if agency.tanggal and agency.tanggal[:4].isdigit() else "",
        "tempat-tanggal": shown(tempat_tanggal or None),
        "kepala": {
            "nama": shown(agency.kepala.nama),
            "jabatan": shown(agency.kepala.jabatan),
            "pangkat": shown(agency.kepala.pangkat),
            "nip": shown(agency.kepala.nip),
        },
    }
    if agency.provinsi:  # the cover prints the province only when the profile names it
        sampul["provinsi-cetak"] = aman.teks(agency.provinsi)
    if agency.logo is not None:
        sampul["logo"] = LOGO_BERKAS + agency.logo.suffix.lower()
    return sampul


def _logo(profil: dict, folder: Path | None) -> Path | None:
    """The cover's emblem named by ``logo``: a PNG or JPEG file inside the agency folder."""
    name = _text(profil.get("logo"))
    if not name or folder is None:
        return None
    path = (Path(folder) / name).resolve()
    where = f"{Path(folder) / 'profil.yaml'}: logo {name!r}"
    if Path(folder).resolve() not in path.parents:
        raise BuildError(f"{where} harus berkas di dalam folder dinas; tulis nama berkasnya saja, mis. logo.png.")
    if path.suffix.lower() not in LOGO_JENIS:
        raise BuildError(f"{where}: jenis berkas {path.suffix or '(tanpa akhiran)'} tidak didukung; "
                         f"simpan lambang sebagai {', '.join(LOGO_JENIS)}.")
    if not path.is_file():
        raise BuildError(f"{where} tidak ditemukan; letakkan berkasnya di {folder} atau hapus kunci logo.")
    return path


def agency_from_profile(profil: dict, slug: str, folder: Path | None = None) -> Agency:
    """The agency as ``profil.yaml`` (already read) describes it; ``slug`` names it when the
    profile has no ``nama``; ``folder`` (the agency's data folder) holds the cover's emblem."""
    nama = str(profil.get("nama") or slug)
    wilayah, jenis = profil.get("wilayah"), profil.get("jenis_wilayah")
    kepala = profil.get("kepala") if isinstance(profil.get("kepala"), dict) else {}
    ttd = profil.get("penandatanganan") if isinstance(profil.get("penandatanganan"), dict) else {}
    details = {
        "provinsi": _text(profil.get("provinsi")),
        "kepala": Official(**{key: _text(kepala.get(key)) for key in ("nama", "jabatan", "pangkat", "nip")}),
        "tempat": _text(ttd.get("tempat")),
        "tanggal": _text(ttd.get("tanggal")),
        "logo": _logo(profil, folder),
    }
    pemerintah = None
    if wilayah:
        jenis_label = {"kota": "Kota", "kabupaten": "Kabupaten"}.get(str(jenis).lower(), "")
        pemerintah = f"Pemerintah {jenis_label} {wilayah}".replace("  ", " ")
        daerah = f"{jenis_label} {wilayah}".strip()
        if daerah.lower() not in nama.lower():
            nama = f"{nama} {daerah}"
    return Agency(nama, pemerintah, **details)


# --------------------------------------------------------------------------------------------
# Running the notebooks
# --------------------------------------------------------------------------------------------


def berkas_format(book_dir: Path, format_: str) -> list[Path]:
    """The files of ``_book/`` that belong to one format: the PDF, the DOCX, or everything else
    (the HTML pages, their ``site_libs``, the search index, the tables' CSV)."""
    files = [p for p in sorted(Path(book_dir).rglob("*")) if p.is_file()]
    if format_ == "pdf":
        return [p for p in files if p.parent == book_dir and p.suffix == ".pdf"]
    if format_ == "docx":
        return [p for p in files if p.parent == book_dir and p.suffix == ".docx"]
    return [p for p in files if not (p.parent == book_dir and p.suffix in (".pdf", ".docx"))]


def halaman_depan(book_dir: Path) -> Path | None:
    """The page a reader opens first: the HTML home page, else the PDF, else the DOCX."""
    if (book_dir / "index.html").is_file():
        return book_dir / "index.html"
    documents = berkas_format(book_dir, "pdf") + berkas_format(book_dir, "docx")
    return documents[0] if documents else None


def render_with_quarto(quarto: Path, folder: Path, formats: tuple[str, ...] = SEMUA_FORMAT) -> Path:
    """Render the report folder's book with Quarto in ``formats`` (``html``, ``pdf``, ``docx``),
    only those; returns the entry page (``_book/index.html`` when HTML is among them).

    The Word book gets its reference document first (unless the project put its own beside the
    chapters) and is tidied after (`lkjip.word`); the HTML pages' navigation is named for screen
    readers (`lkjip.publish.aksesibel`)."""
    from lkjip.publish import aksesibel, word

    unknown = [f for f in formats if f not in FORMAT_QUARTO]
    if unknown or not formats:
        raise BuildError(f"format tidak dikenal: {', '.join(unknown) or '(kosong)'}; pilih dari {', '.join(SEMUA_FORMAT)}.")
    if "docx" in formats and not (folder / word.REFERENSI).exists():
        word.buat_referensi(folder / word.REFERENSI)
    log = folder / "quarto.log"
    # every format of the template: Quarto's own "all" (the same three)
    to = "all" if set(formats) == set(SEMUA_FORMAT) else ",".join(FORMAT_QUARTO[f] for f in SEMUA_FORMAT if f in formats)
    with open(log, "w", encoding="utf-8") as out:
        result = subprocess.run(
            [str(quarto), "render", "--to", to],
            cwd=folder, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    book_dir = folder / "_book"
    entry = halaman_depan(book_dir) if book_dir.is_dir() else None
    if result.returncode != 0 or entry is None or ("html" in formats and entry.name != "index.html"):
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])
        raise BuildError(f"quarto render gagal (kode {result.returncode}). Akhir lognya:\n{tail}")
    if "docx" in formats:
        for docx in sorted(book_dir.glob("*.docx")):
            word.rapikan(docx, sampul_word(folder))
    return entry


def sampul_word(folder: Path) -> dict:
    """What the DOCX cover prints, read back from the report's ``_quarto.yml`` (the Typst cover's
    values): title, agency, government, province when known, year of signing."""
    config = yaml.safe_load((folder / TEMPLATE_FILE).read_text(encoding="utf-8")) or {}
    book, sampul = config.get("book") or {}, config.get("lkjip-sampul") or {}
    # the values were escaped for Markdown (cover_metadata): the cover of the DOCX is plain text
    plain = lambda value: re.sub(r"\\(.)", r"\1", str(value)) if value else None  # noqa: E731
    logo = folder / sampul["logo"] if sampul.get("logo") else None
    return {"judul": plain(book.get("title")) or "", "dinas": plain(book.get("subtitle")),
            "pemerintah": plain(book.get("author")), "provinsi": plain(sampul.get("provinsi-cetak")),
            "tahun": plain(sampul.get("tahun-terbit")), "logo": logo if logo and logo.is_file() else None}


def salin_logo(agency: Agency, folder: Path) -> None:
    """The cover's emblem beside the executed chapters, under the name the cover reads."""
    if agency.logo is not None:
        shutil.copy2(agency.logo, folder / (LOGO_BERKAS + agency.logo.suffix.lower()))


def copy_resources(chapters: list[Chapter], folder: Path) -> None:
    """Copy what sits beside the chapter notebooks (images, styles) next to the executed ones,
    so relative links in markdown cells still resolve once the chapters are side by side; then
    the book's layout files (:data:`BOOK_FILES`). The folder's README is for developers only."""
    skip = shutil.ignore_patterns("*.ipynb", ".*", "__pycache__", "README.md")
    for item in BOOK_FILES.iterdir():
        if item.is_file():
            shutil.copy2(item, folder / item.name)
    for source_dir in dict.fromkeys(c.source.parent for c in chapters):
        for item in source_dir.iterdir():
            if item.suffix == ".ipynb" or item.name.startswith(".") or item.name in ("__pycache__", "README.md"):
                continue
            target = folder / item.name
            if target.exists():
                continue
            if item.is_dir():
                shutil.copytree(item, target, ignore=skip)
            else:
                shutil.copy2(item, target)
