"""Word edits taken back: `lkjip narasi impor <edited.docx> params/<r>.yml [--tulis]`.

The DOCX lkjip writes marks every narrative file's paragraphs with a bookmark named after its
place (``narasi_kata_pengantar``, ``narasi_indikator__I02``: :func:`lkjip.present.narasi.penanda`)
and names its report in the custom document property ``lkjip-laporan``. This module reads an
edited copy back with python-docx:

* every paragraph in document order (table cells included), its text as it reads with tracked
  changes **accepted** (``w:ins``/``w:moveTo`` kept, ``w:del``/``w:moveFrom`` dropped, a deleted
  paragraph mark joins two paragraphs), its bold/italic/links, and the bookmark it lies in;
* each narrative file's paragraphs against the file's blocks (paragraphs, list items, headings)
  as rendered now: an unchanged block keeps its source byte for byte; a changed one is written
  from the Word text, where a value that stayed as the file rendered it becomes its placeholder
  again, and a newly typed number that equals exactly one placeholder value becomes that
  placeholder; a number that equals no figure of the data is listed as ``narasi-cek`` lists it;
* the paragraphs outside any narrative place against the DOCX the last build wrote: what differs
  (a table cell, generated prose, a caption) is listed with where it is, as "tidak dapat diambil
  kembali, ubah datanya". A new paragraph right before or after a narrative place is taken as
  part of it, and said so.

Nothing is written unless asked (`tulis`); each file is written atomically (core/berkas).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lkjip.core.berkas import jenis_ole2, write_atomically
from lkjip.core.exceptions import LkjipError
from lkjip.inputs.berkas_narasi import urai
from lkjip.present.basi import angka_asing, angka_data
from lkjip.present.narasi import AWALAN_PENANDA, PLACEHOLDER, daftar_nama, penanda, render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: The custom document property naming the report a DOCX was built for (publish/buku.py).
PROPERTI_LAPORAN = "lkjip-laporan"
TIDAK_DAPAT = "tidak dapat diambil kembali, ubah datanya"


class SuntinganError(LkjipError):
    """An edited DOCX cannot be taken back (not a DOCX, encrypted, another report's, unmarked)."""


# --- reading a DOCX ---------------------------------------------------------------------------

@dataclass
class Potongan:
    """A run of text with its formatting."""

    teks: str
    tebal: bool = False
    miring: bool = False
    tautan: str | None = None


@dataclass
class Paragraf:
    """One paragraph of the document as it reads with tracked changes accepted."""

    potongan: list[Potongan]
    tempat: str | None          # the narrative mark (bookmark name) it lies in
    gaya: str = ""
    daftar: bool = False        # a list item (numbered or bulleted)
    lokasi: str = ""            # where it is, for messages
    sel: tuple[int, int] | None = None  # (row, column) of its table cell, 1-based

    @property
    def teks(self) -> str:
        return "".join(p.teks for p in self.potongan)


@dataclass
class DokumenWord:
    paragraf: list[Paragraf]
    laporan: str | None
    perubahan_terlacak: int = 0


def _aktif(el, nama: str) -> bool:
    """A toggle property (``w:b``, ``w:i``) that is on."""
    found = el.find(W + nama) if el is not None else None
    return found is not None and found.get(W + "val", "true") not in ("0", "false", "off")


def buka(path: Path) -> tuple:
    """The python-docx document of ``path``; every reason it is not one a message."""
    path = Path(path)
    jenis = jenis_ole2(path, path.stat().st_size)
    if jenis == "terenkripsi":
        raise SuntinganError(f"{path}: DOCX ini dikunci dengan kata sandi (terenkripsi). Di Word: File > Info > "
                             "Protect Document > Encrypt with Password, kosongkan kata sandinya, simpan, lalu ulangi.")
    if jenis == "lama":
        raise SuntinganError(f"{path}: ini berkas Word lama (.doc), bukan .docx. Buka di Word atau LibreOffice dan "
                             "simpan sebagai Word Document (.docx), lalu ulangi.")
    if not zipfile.is_zipfile(path):
        raise SuntinganError(f"{path}: bukan berkas DOCX (Word). Sebutkan DOCX laporan yang disunting, "
                             "mis. build/<laporan>/_book/lkjip-<laporan>.docx yang dikirim ke kantor.")
    import docx
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises plain KeyError/ValueError for a zip that is no Word document
        raise SuntinganError(f"{path}: berkas zip ini bukan dokumen Word yang dapat dibaca ({type(exc).__name__}: "
                             f"{exc}). Simpan ulang dari Word sebagai .docx.") from None


def _properti_laporan(path: Path) -> str | None:
    with zipfile.ZipFile(path) as z:
        if "docProps/custom.xml" not in z.namelist():
            return None
        xml = z.read("docProps/custom.xml").decode("utf-8", "replace")
    found = re.search(rf'name="{PROPERTI_LAPORAN}"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', xml)
    return found.group(1).strip() if found else None


def baca_docx(path: Path) -> DokumenWord:
    """Every paragraph of a DOCX in document order (see the module's description)."""
    doc = buka(path)
    rels = {rid: rel.target_ref for rid, rel in doc.part.rels.items() if rel.is_external}
    out: list[Paragraf] = []
    open_marks: dict[str, str] = {}
    state = {"judul": "", "tabel": "", "tracked": 0, "join": False}

    def paragraph(p, sel=None, header=None):
        pieces: list[Potongan] = []
        tempat = None
        seen_text = False
        ppr = p.find(W + "pPr")
        gaya = ""
        daftar = False
        for pp in p.findall(W + "pPr"):  # Quarto writes two pPr in a caption's paragraph
            style = pp.find(W + "pStyle")
            gaya = style.get(W + "val", "") if style is not None else gaya
            daftar = daftar or pp.find(W + "numPr") is not None
        mark_deleted = ppr is not None and ppr.find(f"{W}rPr/{W}del") is not None
        for el in p.iter():
            tag = el.tag
            if tag == W + "bookmarkStart" and (el.get(W + "name") or "").startswith(AWALAN_PENANDA):
                open_marks[el.get(W + "id")] = el.get(W + "name")
            elif tag == W + "bookmarkEnd" and el.get(W + "id") in open_marks:
                name = open_marks.pop(el.get(W + "id"))
                if not seen_text and tempat is None and name:
                    pass
            elif tag in (W + "ins", W + "del", W + "moveFrom", W + "moveTo"):
                state["tracked"] += 1
            elif tag in (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
                if any(a.tag in (W + "del", W + "moveFrom") for a in el.iterancestors()):
                    continue
                if tag == W + "t":
                    text = el.text or ""
                elif tag == W + "noBreakHyphen":
                    text = "-"
                elif tag == W + "br" and el.get(W + "type") in ("page", "column"):
                    continue
                else:
                    text = "\n" if tag in (W + "br", W + "cr") else " "
                if not seen_text:
                    seen_text = True
                    tempat = next(reversed(open_marks.values()), None) if open_marks else None
                run = el.getparent()
                rpr = run.find(W + "rPr") if run is not None else None
                style = rpr.find(W + "rStyle") if rpr is not None else None
                style = style.get(W + "val", "") if style is not None else ""
                link = next((a for a in el.iterancestors(W + "hyperlink")), None)
                target = rels.get(link.get(R_ID)) if link is not None and link.get(R_ID) else None
                pieces.append(Potongan(text, _aktif(rpr, "b") or style == "Strong",
                                       _aktif(rpr, "i") or style == "Emphasis", target))
        if not seen_text:
            tempat = next(reversed(open_marks.values()), None) if open_marks else None
        teks = "".join(x.teks for x in pieces).strip()
        if gaya.startswith("Heading") and teks:
            state["judul"] = teks
        if gaya in ("ImageCaption", "TableCaption") and teks.startswith("Tabel"):
            state["tabel"] = teks.split(":")[0]
        if sel is not None:
            kolom = header[sel[1] - 1] if header and sel[1] - 1 < len(header) else f"kolom {sel[1]}"
            lokasi = f"{state['tabel'] or 'tabel'} di bawah '{state['judul']}', baris {sel[0]}, kolom '{kolom}'"
        else:
            lokasi = f"di bawah judul '{state['judul']}'" if state["judul"] else "di awal dokumen"
        if state["join"] and out:  # the previous paragraph's mark was deleted: the two are one
            out[-1].potongan += pieces
        else:
            out.append(Paragraf(pieces, tempat, gaya, daftar, lokasi, sel))
        state["join"] = mark_deleted

    def walk(el):
        for child in el:
            tag = child.tag
            if tag == W + "p":
                paragraph(child)
            elif tag == W + "tbl":
                table(child)
            elif tag == W + "sdt":
                gallery = child.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
                if gallery is not None and gallery.get(W + "val") == "Table of Contents":
                    continue  # Word rewrites the table of contents when it updates fields
                content = child.find(W + "sdtContent")
                if content is not None:
                    walk(content)
            elif tag == W + "bookmarkStart" and (child.get(W + "name") or "").startswith(AWALAN_PENANDA):
                open_marks[child.get(W + "id")] = child.get(W + "name")
            elif tag == W + "bookmarkEnd":
                open_marks.pop(child.get(W + "id"), None)
            elif tag in (W + "ins", W + "moveTo", W + "customXml", W + "smartTag"):
                walk(child)
            elif tag in (W + "del", W + "moveFrom"):
                state["tracked"] += 1

    def table(tbl):
        rows = tbl.findall(W + "tr")
        header = None
        for r, tr in enumerate(rows, start=1):
            cells = tr.findall(W + "tc")
            texts = []
            for c, tc in enumerate(cells, start=1):
                for child in tc:
                    if child.tag == W + "p":
                        paragraph(child, (r, c), header)
                        texts.append(out[-1].teks.strip() if out else "")
                    elif child.tag == W + "tbl":
                        table(child)
                    elif child.tag == W + "bookmarkStart" and (child.get(W + "name") or "").startswith(AWALAN_PENANDA):
                        open_marks[child.get(W + "id")] = child.get(W + "name")
                    elif child.tag == W + "bookmarkEnd":
                        open_marks.pop(child.get(W + "id"), None)
            if header is None and len(cells) > 1:
                header = texts

    walk(doc.element.body)
    return DokumenWord(out, _properti_laporan(path), state["tracked"])


# --- narrative files as blocks -----------------------------------------------------------------

_TIPOGRAFI = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'",
                            "\u201a": "'", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " "})


def sama(text: str) -> str:
    """A text as compared: pandoc's curly quotes, dashes and ellipsis as typed, spaces collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_TIPOGRAFI)
    text = text.replace("\u2014", "---").replace("\u2013", "--").replace("\u2026", "...")
    return " ".join(text.split())


@dataclass
class Blok:
    """One block of a narrative file that Word shows as one paragraph."""

    awal: int                   # first line (0-based) of the file
    akhir: int                  # line after its last
    polos: str                  # its text as the reader sees it
    awalan: str = ""            # "1. ", "- ", "## " kept when the block is rewritten
    nama: list[str] = field(default_factory=list)  # its placeholders in order


def _polos(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_polos(child))
    return "".join(parts)


def blok_narasi(sumber: str, names) -> list[Blok]:
    """The blocks of a narrative file's text (front matter as blank lines), placeholders rendered."""
    from markdown_it import MarkdownIt

    rendered = render(sumber, names)
    lines = sumber.split("\n")
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(rendered)
    blocks = []
    dalam_daftar = 0
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            dalam_daftar += 1
        elif tok.type == "list_item_close":
            dalam_daftar -= 1
        if tok.type not in ("paragraph_open", "heading_open") or tok.map is None:
            continue
        inline = tokens[i + 1]
        awal, akhir = tok.map
        first = lines[awal]
        if tok.type == "heading_open":
            awalan = re.match(r"^\s*#*\s*", first).group(0)
        elif dalam_daftar:
            found = re.match(r"^\s*(?:\d+[.)]|[-*+])\s+", first)
            awalan = found.group(0) if found else re.match(r"^\s*", first).group(0)
        else:
            awalan = ""
        names_here = [m.group(1).strip() for line in lines[awal:akhir] for m in PLACEHOLDER.finditer(line)]
        blocks.append(Blok(awal, akhir, _polos(inline), awalan, names_here))
    return blocks


# --- a changed paragraph back to Markdown ------------------------------------------------------

_KHUSUS = re.compile(r"([\\`*_\[\]<>{}$@~^|])")
_AWAL = re.compile(r"^(\s*)([-+#>=:%]|\d+[.)](?=\s|$))")


def _esc(text: str) -> str:
    return _KHUSUS.sub(r"\\\1", text)


@dataclass
class Indeks:
    """Placeholder values of the report by their numeric core, built when first needed."""

    names: object
    _inti: dict | None = None

    def calon(self, core: str) -> list[tuple[str, str, int]]:
        if self._inti is None:
            self._inti = {}
            for name in self.names:
                value = self.names[name]
                found = re.search(r"\d[\d.,]*\d|\d", value)
                if found and not name.endswith((".nama", ".uraian")):
                    self._inti.setdefault(found.group(0), []).append((value, name, found.start()))
        return self._inti.get(core, [])


#: Names preferred when a typed number equals several values (a year is the report's year).
UTAMA = ("tahun", "tahun_lalu")


def _placeholder_kembali(lama: Blok, baru: str, names, indeks: Indeks, tempat: str) -> tuple[list, list[str]]:
    """Spans ``(start, end, name)`` of ``baru`` that become placeholders, and numbers equal to
    several values (left typed, listed)."""
    spans = []
    # 1. a value the block rendered from a placeholder and that stayed as it was
    posisi, cari = [], 0
    for name in lama.nama:
        value = names[name] if name in names else None
        if not value:
            continue
        at = lama.polos.find(value, cari)
        if at >= 0:
            posisi.append((at, at + len(value), name))
            cari = at + len(value)
    matcher = difflib.SequenceMatcher(None, lama.polos, baru, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    for s, e, name in posisi:
        for b in blocks:
            if b.a <= s and e <= b.a + b.size:
                spans.append((b.b + s - b.a, b.b + e - b.a, name))
                break
    # 2. a newly typed number that equals a value of the data
    ambigu = []
    sendiri = tempat.rpartition("/")[2]
    for match in re.finditer(r"(?<![\w.,])\d[\d.,]*\d|(?<![\w.,])\d", baru):
        a = match.start()
        if any(s <= a < e for s, e, _ in spans):
            continue
        core = match.group(0).rstrip(".,")
        hits = {}
        for value, name, offset in indeks.calon(core):
            start = a - offset
            if start >= 0 and baru[start:start + len(value)] == value \
                    and not any(s < start + len(value) and start < e for s, e, _ in spans):
                hits.setdefault((start, start + len(value)), []).append(name)
        if not hits:
            continue
        (start, end), found = max(hits.items(), key=lambda kv: kv[0][1] - kv[0][0])
        if len(found) > 1:
            preferred = [n for n in found if n in UTAMA] or [n for n in found if n.split(".")[0] == sendiri] \
                or [n for n in found if n in lama.nama]
            found = preferred if len(preferred) == 1 else found
        if len(found) == 1:
            spans.append((start, end, found[0]))
        else:
            ambigu.append(f"'{baru[start:end]}' sama dengan {len(found)} nilai ({', '.join(sorted(found)[:5])}"
                          f"{', …' if len(found) > 5 else ''}): dibiarkan diketik; tulis {{{{ nama }}}} yang dimaksud")
    return sorted(spans), ambigu


def ke_markdown(par: Paragraf, spans: list) -> str:
    """A Word paragraph as one line of Markdown, the spans as placeholders."""
    pieces = []  # (text or placeholder, tebal, miring, tautan, is_placeholder)
    pos = 0
    for piece in par.potongan:
        for ch in piece.teks:
            span = next((s for s in spans if s[0] <= pos < s[1]), None)
            if span and pos == span[0]:
                pieces.append([f"{{{{ {span[2]} }}}}", piece.tebal, piece.miring, piece.tautan, True])
            elif not span:
                if pieces and not pieces[-1][4] and pieces[-1][1:4] == [piece.tebal, piece.miring, piece.tautan]:
                    pieces[-1][0] += ch
                else:
                    pieces.append([ch, piece.tebal, piece.miring, piece.tautan, False])
            pos += 1
    out = []
    for text, tebal, miring, tautan, placeholder in pieces:
        body = text if placeholder else _esc(text).replace("\n", "\\\n")
        if tautan:
            body = f"[{body}]({tautan})"
        mark = ("**" if tebal else "") + ("*" if miring else "")
        if mark and body.strip():
            lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", body, re.S).groups()
            body = f"{lead}{mark}{core}{mark[::-1]}{trail}"
        out.append(body)
    line = " ".join("".join(out).split(" ")).strip()
    line = re.sub(r" {2,}", " ", line)
    return _AWAL.sub(lambda m: m.group(1) + ("\\" + m.group(2) if len(m.group(2)) == 1
                                             else m.group(2)[:-1] + "\\" + m.group(2)[-1]), line, count=1)


# --- the import ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DiLuar:
    """Text edited outside the narrative places: it cannot be taken back."""

    lokasi: str
    lama: str | None
    baru: str | None

    def __str__(self):
        if self.lama is None:
            return f"{self.lokasi}: ditambahkan \"{self.baru}\" ({TIDAK_DAPAT})"
        if self.baru is None:
            return f"{self.lokasi}: dihapus \"{self.lama}\" ({TIDAK_DAPAT})"
        return f"{self.lokasi}: \"{self.lama}\" -> \"{self.baru}\" ({TIDAK_DAPAT})"


@dataclass
class HasilImpor:
    """What an edited DOCX changes: new text per narrative file, and everything to tell."""

    berkas: dict[Path, tuple[str, str]] = field(default_factory=dict)   # path -> (old, new), changed only
    angka_asing: list[str] = field(default_factory=list)
    ambigu: list[str] = field(default_factory=list)
    di_luar: list[DiLuar] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)

    def diff(self, root: Path | None = None) -> str:
        parts = []
        for path, (old, new) in self.berkas.items():
            shown = path.relative_to(root).as_posix() if root and path.is_relative_to(root) else str(path)
            parts += difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                          f"a/{shown}", f"b/{shown}")
        return "".join(p if p.endswith("\n") else p + "\n" for p in parts)

    def tulis(self) -> list[Path]:
        for path, (_, new) in self.berkas.items():
            write_atomically(path, new)
        return list(self.berkas)


def _sunting_berkas(sumber: str, blocks: list[Blok], paras: list[Paragraf], asli: set[str] | None,
                    names, indeks: Indeks, tempat: str) -> tuple[str, list[str]]:
    """The file's new text from the Word paragraphs of its place, and numbers left typed.

    ``asli``: the texts the build's DOCX printed at this place (None when it is unknown): a block
    Word still shows as the build printed it was not edited, even if the file changed since."""
    lines = sumber.split("\n")
    old = [sama(b.polos) for b in blocks]
    new = [sama(p.teks) for p in paras]
    ambigu: list[str] = []
    keluaran: list[tuple[int | None, str, bool]] = []   # (index of the original block, source, new list item)

    def kept(i: int):
        keluaran.append((i, "\n".join(lines[blocks[i].awal:blocks[i].akhir]), False))

    def changed(i: int | None, p: Paragraf):
        if i is None and asli is not None and sama(p.teks) in asli:
            return  # the build printed it and the file no longer has it: dropped from the file since
        base = blocks[i] if i is not None else Blok(0, 0, "")
        text = p.teks.strip()
        spans, amb = _placeholder_kembali(base, text, names, indeks, tempat)
        ambigu.extend(amb)
        offset = len(p.teks) - len(p.teks.lstrip())
        markdown = ke_markdown(p, [(s + offset, e + offset, n) for s, e, n in spans])
        keluaran.append((i, base.awalan + markdown, i is None and p.daftar))

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i in range(i1, i2):
                kept(i)
            continue
        news = list(range(j1, j2))
        pairs, j = [], 0   # each old block with its most similar Word paragraph, in order
        for i in range(i1, i2):
            def ratio(k: int, i: int = i) -> float:
                return difflib.SequenceMatcher(None, old[i], new[news[k]], autojunk=False).ratio()
            best = max(range(j, len(news)), key=ratio, default=None)
            if best is not None and ratio(best) >= 0.5:
                pairs.append((i, news[best]))
                j = best + 1
            else:
                pairs.append((i, None))
        paired = {n for _, n in pairs}
        pending = [n for n in news if n not in paired]
        for i, n in pairs:
            while pending and n is not None and pending[0] < n:
                changed(None, paras[pending.pop(0)])
            if n is None:  # deleted in Word, unless the build never printed it (written since)
                if asli is not None and old[i] not in asli:
                    kept(i)
            elif asli is not None and new[n] in asli and old[i] not in asli:
                kept(i)  # Word shows what the build printed; the file changed since
            else:
                changed(i, paras[n])
        while pending:
            changed(None, paras[pending.pop(0)])

    def gap_after(i: int) -> str:
        end = blocks[i + 1].awal if i + 1 < len(blocks) else blocks[i].akhir
        return "\n" + "".join(line + "\n" for line in lines[blocks[i].akhir:end])

    body, previous = [], None
    for i, text, list_item in keluaran:
        if list_item:  # a new list item: numbered like the item before it
            mark = blocks[previous[0]].awalan if previous and previous[0] is not None else ""
            number = re.match(r"^(\s*)(\d+)([.)])\s+", mark)
            text = (f"{number.group(1)}{int(number.group(2)) + 1}{number.group(3)} " if number
                    else (mark if mark.strip() else "- ")) + text
        if previous is None:
            gap = ""
        elif previous[0] is not None and i is not None:
            gap = gap_after(previous[0])
        else:
            in_list = list_item or (i is not None and blocks[i].awalan.strip())
            gap = "\n" if in_list and previous[1].lstrip()[:1] in "-*+0123456789" else "\n\n"
        body.append(gap + text)
        previous = (i, text)
    head = "".join(line + "\n" for line in lines[:blocks[0].awal]) if blocks else ""
    tail = lines[blocks[-1].akhir:] if blocks else lines
    text = head + "".join(body) + ("\n" + "\n".join(tail) if tail else "")
    return text, ambigu


def _narasi_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).with_suffix("").as_posix(): p for p in sorted(folder.rglob("*.md"))}


def impor(docx_path: Path, lap, narasi_dir: Path, nama_laporan: str, asli_path: Path | None = None) -> HasilImpor:
    """What the edited DOCX ``docx_path`` changes in the report's narrative files (nothing written).

    ``asli_path``: the DOCX the build wrote (for edits outside the narrative and for paragraphs
    the file changed since); without it those are not checked, which the result says."""
    docx_path = Path(docx_path)
    edited = baca_docx(docx_path)
    if edited.laporan and edited.laporan != nama_laporan:
        raise SuntinganError(f"{docx_path}: DOCX ini dari laporan '{edited.laporan}', bukan '{nama_laporan}'. "
                             f"Sebutkan params laporannya: lkjip narasi impor {docx_path} params/{edited.laporan}.yml")
    marked = {p.tempat for p in edited.paragraf if p.tempat}
    if edited.laporan is None and not marked:
        raise SuntinganError(f"{docx_path}: DOCX ini tidak ditulis oleh lkjip versi ini (tanpa penanda narasi dan tanpa "
                             f"properti '{PROPERTI_LAPORAN}'). Bangun ulang laporannya (lkjip build), kirim DOCX yang "
                             "baru untuk disunting, lalu ulangi dengan DOCX itu.")
    hasil = HasilImpor()
    if edited.perubahan_terlacak:
        hasil.catatan.append(f"{edited.perubahan_terlacak} perubahan terlacak (track changes) dibaca seakan-akan "
                             "semuanya diterima (Accept All): sisipan masuk, hapusan keluar.")
    asli = None
    if asli_path is not None and Path(asli_path).is_file():
        asli = baca_docx(Path(asli_path))
    else:
        hasil.catatan.append(f"DOCX hasil build tidak ditemukan ({asli_path}): perubahan di luar narasi tidak dapat "
                             "diperiksa. Bangun laporannya dulu (lkjip build) agar perubahan itu terdaftar.")
    folder = Path(narasi_dir) / lap.data.slug / str(lap.tahun)
    files = _narasi_files(folder)
    by_mark = {penanda(t): t for t in files}
    names = daftar_nama(lap)
    indeks = Indeks(names)

    # paragraphs outside any mark right before or after one belong to it, if they are new
    asli_luar = [sama(p.teks) for p in asli.paragraf if not p.tempat and p.teks.strip()] if asli else None
    paras = [p for p in edited.paragraf if p.teks.strip()]
    luar_asli = set(asli_luar or [])
    if asli is not None:
        for k, p in enumerate(paras):
            if p.tempat or p.sel or sama(p.teks) in luar_asli:
                continue
            before = next((q for q in reversed(paras[:k]) if q.tempat or sama(q.teks) in luar_asli), None)
            after = next((q for q in paras[k + 1:] if q.tempat or sama(q.teks) in luar_asli), None)
            tetangga = before.tempat if before is not None and before.tempat else (after.tempat if after else None)
            if tetangga and tetangga in by_mark:
                p.tempat = tetangga
                hasil.catatan.append(f"paragraf baru {p.lokasi} (\"{_potong(p.teks)}\") tepat di samping narasi "
                                     f"{by_mark[tetangga]}.md: dianggap bagian narasi itu.")

    per_place: dict[str, list[Paragraf]] = {}
    for p in paras:
        if p.tempat:
            per_place.setdefault(p.tempat, []).append(p)
    asli_place: dict[str, set[str]] = {}
    if asli is not None:
        for p in asli.paragraf:
            if p.tempat and p.teks.strip():
                asli_place.setdefault(p.tempat, set()).add(sama(p.teks))
    known = None
    for mark in sorted(set(per_place) - set(by_mark)):
        hasil.catatan.append(f"penanda {mark} ada di DOCX tetapi berkas narasinya tidak ada di {folder}: dilewati.")
    for tempat, path in files.items():
        mark = penanda(tempat)
        if mark not in per_place:
            if mark in asli_place or asli is None:
                hasil.catatan.append(f"{path}: narasinya tidak ada di DOCX (seluruh paragrafnya dihapus, atau "
                                     "penandanya hilang): berkas tidak diubah; hapus sendiri bila memang dimaksud.")
            continue
        raw = path.read_text(encoding="utf-8-sig")
        narasi = urai(raw, str(path))
        blocks = blok_narasi(narasi.teks, names)
        new, ambigu = _sunting_berkas(raw, blocks, per_place[mark], asli_place.get(mark) if asli else None,
                                      names, indeks, tempat)
        hasil.ambigu += [f"{path}: {a}" for a in ambigu]
        if new != raw:
            hasil.berkas[path] = (raw, new)
            known = angka_data(lap) if known is None else known
            old_lines = set(raw.split("\n"))
            for nomor, line in enumerate(new.split("\n"), start=1):
                if line not in old_lines:
                    hasil.angka_asing += [f"{path}:{nomor}: angka '{a}' tidak ada di data; ganti dengan {{{{ nama }}}}"
                                          for a in angka_asing(line, known)]
    if asli is not None:
        hasil.di_luar = _di_luar(asli, edited)
    return hasil


def _potong(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _di_luar(asli: DokumenWord, edited: DokumenWord) -> list[DiLuar]:
    """Paragraphs outside the narrative places that differ between the built and the edited DOCX."""
    a = [p for p in asli.paragraf if not p.tempat and p.teks.strip()]
    b = [p for p in edited.paragraf if not p.tempat and p.teks.strip()]
    matcher = difflib.SequenceMatcher(None, [sama(p.teks) for p in a], [sama(p.teks) for p in b], autojunk=False)
    found = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            lama = olds[k] if k < len(olds) else None
            baru = news[k] if k < len(news) else None
            lokasi = (baru or lama).lokasi
            found.append(DiLuar(lokasi, _potong(lama.teks) if lama else None, _potong(baru.teks) if baru else None))
    return found
