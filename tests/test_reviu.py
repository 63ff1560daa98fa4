"""The book the Kepala Dinas signs and the Catatan Reviu beside it are two outputs: the book holds
no findings table, no transcription note and no English sentence from the notes; the review is
built for every report, in Indonesian, lists every finding, and carries the LKE checklist. Where
the book's capaian differ from what the agency printed, the book says so once, under the capaian
table and in the Ikhtisar."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from lkjip import buka_laporan, load_params
from lkjip.inputs.params import Params
from lkjip.present import reviu
from lkjip.publish.buku import agency_from_profile, bab_buku, book_chapters, read_book_template, report_book_config

ROOT = Path(__file__).resolve().parents[1]
PARAMS = sorted((ROOT / "params").glob("*.yml"))
REPORTS = [p.stem for p in PARAMS]
#: Words of English sentences the transcription notes were once written in.
ENGLISH = re.compile(r"\b(the|printed|follows|kept|does not|parse|derived|differs|sum of|value|instructions)\b",
                     re.IGNORECASE)


def _laporan(report: str):
    params = load_params(ROOT / "params" / f"{report}.yml", ROOT)
    return params, buka_laporan(ROOT / params.data_dir, params.dinas, params.tahun)


def _markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", []))


@pytest.fixture(scope="module", params=REPORTS)
def built(request, laporan_terbangun):
    return request.param, laporan_terbangun(request.param)


# --- the data the review prints --------------------------------------------------------------------
@pytest.mark.parametrize("folder", sorted(p for p in (ROOT / "data").iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_source_notes_are_written_in_indonesian(folder):
    """The review prints the notes as written: no English sentence in them."""
    notes = folder / "catatan_sumber.csv"
    if not notes.is_file():
        pytest.skip(f"{folder.name} has no catatan_sumber.csv")
    frame = pd.read_csv(notes, dtype=str, keep_default_na=False)
    english = [f"{r.berkas} {r.kunci}: {value}" for r in frame.itertuples()
               for value in (r.catatan, r.nilai_lain, r.lokasi_dipilih, r.lokasi_lain, r.nilai_dipilih)
               if ENGLISH.search(value)]
    assert english == []


@pytest.mark.parametrize("kunci, expected", [
    ("P01.K05.S06 2023", "Sub-kegiatan contoh (2023)"),
    ("I02 2019 renstra", "Indikator contoh (2019, Renstra)"),
    ("pk 2023", "Perjanjian Kinerja (2023)"),
    ("semua", "seluruh baris"),
    ("ktp_sudah_rekam KLOJEN 2023", "ktp sudah rekam (KLOJEN, 2023)"),
])
def test_a_row_key_is_printed_as_a_label(kunci, expected):
    names = {"P01.K05.S06": "Sub-kegiatan contoh", "I02": "Indikator contoh"}
    assert reviu.label_kunci(kunci, names) == expected


@pytest.mark.parametrize("report", REPORTS)
def test_findings_and_notes_name_no_data_file(report):
    """Labels instead of file names: no `anggaran.csv` or `realisasi.csv` in the columns that say
    what and where (the analyst's own notes are printed as written)."""
    _, lap = _laporan(report)
    from lkjip.present.daftar_tabel import SPEK
    shown = []
    for nama in ("temuan", "transkripsi"):
        rows = SPEK[nama].data(lap)
        for kolom in ("uraian", "lokasi", "data_teks"):
            if kolom in rows:
                shown += [str(v) for v in rows[kolom] if isinstance(v, str)]
    assert [s for s in shown if re.search(r"\b\w+\.(csv|yaml)\b", s)] == []
    assert shown or not (len(lap.temuan) or len(lap.catatan_transkripsi))


# --- the book -------------------------------------------------------------------------------------
def test_the_review_is_not_a_chapter_of_the_book_unless_params_ask():
    template = read_book_template(ROOT)
    chapters = book_chapters(ROOT, template)
    agency = agency_from_profile({"nama": "Dinas X"}, "x")
    for lampiran in (False, True):
        params = Params("kota-malang-dinsos-p3ap2kb", 2023, reviu_lampiran=lampiran)
        config = report_book_config(template, params, agency)
        appendices = config["book"].get("appendices") or []
        assert ("catatan-reviu.ipynb" in appendices) is lampiran
        assert ("catatan-reviu.ipynb" in config["project"]["render"]) is lampiran
        assert any(c.reviu for c in chapters) and (any(c.reviu for c in bab_buku(chapters, params)) is lampiran)


def test_malang_says_once_beside_the_figure_that_its_capaian_are_recomputed():
    """The source printed a mean capaian of 106,22%; the data gives 121,35%."""
    _, lap = _laporan("kota-malang-dinsos-p3ap2kb-2023")
    note = reviu.catatan_hitung_ulang(lap)
    assert "121,35%" in note and "106,22%" in note and "Catatan Reviu" in note
    from lkjip import prosa
    assert note in prosa.ikhtisar(lap)


def test_a_report_whose_printed_capaian_follow_says_nothing():
    _, lap = _laporan("kab-polewali-mandar-subbid-anggaran-2022")
    assert reviu.catatan_hitung_ulang(lap) == ""


def test_the_book_holds_no_finding_no_note_and_no_english(built):
    report, result = built
    params, lap = _laporan(report)
    chapters = [c for c in bab_buku(book_chapters(ROOT), params)]
    text = "\n".join(_markdown(result.folder / c.file) for c in chapters)
    assert "{#tbl-temuan}" not in text and "{#tbl-transkripsi}" not in text
    notes = [str(n) for n in lap.catatan_sumber["catatan"] if isinstance(n, str) and len(n) > 20]
    assert [n for n in notes if n in text] == []
    english = ENGLISH.findall(re.sub(r"!\[[^\]]*\]\(data:[^)]*\)", "", text))
    assert english == [], "an English sentence in the book"
    pdf = result.folder / "_book" / f"lkjip-{report}.pdf"
    if pdf.is_file() and shutil.which("pdftotext"):
        printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Catatan transkripsi" not in printed and "Angka tercetak di sumber dibandingkan" not in printed
        assert [n for n in notes if n[:40] in printed] == []


def test_the_capaian_note_sits_under_the_capaian_table(built):
    report, result = built
    _, lap = _laporan(report)
    text = _markdown(result.folder / "bab3-akuntabilitas.ipynb")
    note = reviu.catatan_hitung_ulang(lap)
    if not note:
        assert "dihitung ulang dari target dan realisasi" not in text
        return
    assert text.count(note) == 1 and text.index("{#tbl-capaian}") < text.index(note)


# --- the review -----------------------------------------------------------------------------------
def test_the_review_is_built_for_every_report(built):
    report, result = built
    if result.mode == "book":
        for ext in ("html", "pdf"):
            assert (result.folder / "_book" / f"lkjip-{report}-catatan-reviu.{ext}").is_file()
    else:
        assert (result.folder / "preview" / "catatan-reviu.html").is_file()
        index = (result.folder / "preview" / "index.html").read_text(encoding="utf-8")
        assert "catatan-reviu.html" not in index, "the review is not a page of the book"


def test_the_review_lists_every_finding(built):
    """As many finding rows as `Laporan.temuan` has, in the review's table and its CSV."""
    report, result = built
    _, lap = _laporan(report)
    text = _markdown(result.folder / "catatan-reviu.ipynb")
    csv = result.folder / "tabel" / "temuan.csv"
    if not len(lap.temuan):
        assert "Tidak ada catatan kualitas data" in text and not csv.exists()
        return
    before = text[:text.index("{#tbl-temuan}")].rstrip().splitlines()[:-1]  # up to the caption
    table = []
    for line in reversed(before):
        if line.strip() and not line.startswith("|"):
            break
        table.insert(0, line)
    body = [line for line in table if line.startswith("|")][2:]  # without header and separator
    heading = [line for line in body if re.match(r"^\|\s*\*\*", line)]
    assert len(body) - len(heading) == len(lap.temuan)
    assert len(pd.read_csv(csv)) == len(lap.temuan)
    for jenis in lap.temuan["jenis"].unique():
        from lkjip.compute.rekonsiliasi import JENIS_TEMUAN
        label = JENIS_TEMUAN[jenis]
        assert label[:1].upper() + label[1:] in text


def test_the_review_carries_the_lke_checklist_with_its_evidence(built):
    report, result = built
    text = _markdown(result.folder / "catatan-reviu.ipynb")
    assert "{#tbl-lke-ringkas}" in text and "perkiraan" in text
    for kode in ("3.a.1", "3.b.3", "3.b.7"):
        assert f"**{kode} " in text
    # evidence linked in HTML (the book's page and anchor), named in print
    assert re.search(r'\]\(bab3-akuntabilitas\.html#tbl-capaian\)\]\{\.content-visible when-format="html"\}', text)


# --- the pages a Kepala Dinas signs ------------------------------------------------------------------
def test_the_pk_statement_names_both_parties_before_the_pk_table(built):
    report, result = built
    _, lap = _laporan(report)
    text = _markdown(result.folder / "lampiran.ipynb")
    pk = lap.profil.get("perjanjian_kinerja") or {}
    assert "selanjutnya disebut **Pihak Pertama**" in text and "selanjutnya disebut **Pihak Kedua**" in text
    assert re.search(r"^\| Pihak Kedua +\| Pihak Pertama +\|$", text, re.MULTILINE)
    for pihak in ("pihak_pertama", "pihak_kedua"):
        nama = (pk.get(pihak) or {}).get("nama")
        assert (f"**{nama}**" if nama else "(nama tidak tersedia)") in text
    if "{#tbl-lampiran-pk}" in text:
        assert text.index("Pihak Pertama") < text.index("{#tbl-lampiran-pk}")


def test_malang_pk_statement_is_the_amended_pk_as_its_lampiran_prints_it():
    from lkjip import prosa
    _, lap = _laporan("kota-malang-dinsos-p3ap2kb-2023")
    text = prosa.pernyataan_pk(lap)
    assert "PERUBAHAN PERJANJIAN KINERJA TAHUN 2023" in text and "Malang, 29 September 2023" in text
    assert "DONNY SANDITO W, S.STP, M.Si" in text and "Dr. Ir. WAHYU HIDAYAT, MM" in text


def test_bab_iv_ends_with_the_signature(built):
    report, result = built
    _, lap = _laporan(report)
    text = _markdown(result.folder / "bab4-penutup.ipynb").rstrip()
    nip = (lap.profil.get("kepala") or {}).get("nip")
    assert text.endswith(f"NIP. {nip}" if nip else "NIP. (tidak tersedia)")
    assert "Demikian Laporan Kinerja Instansi Pemerintah" in text


def test_the_foreword_is_formal_and_says_nothing_about_the_software(built):
    _, result = built
    text = _markdown(result.folder / "index.ipynb")
    assert "langsung dari data" not in text and "Kami menyusunnya" not in text
    assert "Semoga laporan ini bermanfaat" in text and "rata-rata sederhana capaian setiap indikator" in text
    assert "{{< pagebreak >}}" in nbformat.read(result.folder / "index.ipynb", as_version=4).cells.__repr__()
    assert "{#tbl-ikhtisar}" in text


@pytest.mark.parametrize("kalimat", ["Rp0 atau", "dari 1 indikator", "atau –;"])
def test_no_template_sentence_that_reads_like_a_tool(built, kalimat):
    report, result = built
    params, _ = _laporan(report)
    text = "\n".join(_markdown(result.folder / c.file) for c in bab_buku(book_chapters(ROOT), params))
    assert kalimat not in text


def test_csv_links_are_for_html_and_print_says_once_where_tables_are(built):
    report, result = built
    text = _markdown(result.folder / "bab3-akuntabilitas.ipynb")
    links = re.findall(r"\[Unduh CSV\]\(tabel/[^)]+\)", text)
    assert links and len(links) == len(re.findall(r'\[\[Unduh CSV\]\(tabel/[^)]+\)\]\{\.content-visible when-format="html"\}', text))
    bab1 = _markdown(result.folder / "bab1-pendahuluan.ipynb")
    assert bab1.count('::: {.content-hidden when-format="html"}') == 1 and "edisi HTML laporan" in bab1
