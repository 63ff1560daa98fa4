"""The ``lkjip`` command: one subcommand per task, every expected failure a plain message.

Analysts run this, not Python developers: an LkjipError (bad params, bad data, failed chapter)
is printed to stderr as is and the exit status is 1, never a traceback; so is an operating-system
error (read-only folder, full disk, permission denied), with the path and what to do. A traceback still
appears for anything else, because that is a bug in this package and should be reported.

Adding a subcommand is one entry in ``COMMANDS``: a name mapped to a ``Command`` holding its
help text, a function adding its arguments to its parser, and a function running it.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lkjip.core.exceptions import LkjipError


@dataclass(frozen=True)
class Command:
    """A subcommand: ``configure(parser)`` adds its arguments, ``run(args)`` does the work and
    returns the exit status (0 on success)."""

    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _configure_build(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("params", nargs="?", type=Path,
                        help="berkas params laporan, mis. params/kota-malang-dinsos-p3ap2kb-2023.yml")
    parser.add_argument("--all", action="store_true", help="bangun semua laporan params/*.yml")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="akar proyek (berisi _quarto.yml, notebooks/, params/); bawaan: folder kerja")
    quarto = parser.add_mutually_exclusive_group()
    quarto.add_argument("--quarto", type=Path, metavar="PATH",
                        help="pakai program quarto ini (bawaan: cari 'quarto' di PATH)")
    quarto.add_argument("--no-quarto", action="store_true",
                        help="jangan pakai Quarto; buat pratinjau HTML saja")
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="jumlah bab yang dijalankan sekaligus (bawaan: jumlah inti prosesor)")
    parser.add_argument("--paksa", action="store_true",
                        help="bangun ulang semua bab walaupun tidak ada yang berubah")
    parser.add_argument("--format", action="append", choices=("html", "pdf", "docx"), dest="formats",
                        help="format buku yang dirender Quarto; boleh diulang (bawaan: html, pdf dan docx)")
    parser.add_argument("--scheduler", metavar="ALAMAT",
                        help="dengan --all: kirim laporan ke penjadwal Dask distributed ini, mis. tcp://10.0.0.5:8786")


def _run_build(args: argparse.Namespace) -> int:
    from lkjip.run.bangun import build_all, build_report  # papermill and nbconvert load only when building
    from lkjip.run.terbit import tangkap_sinyal

    if args.all == (args.params is not None):
        args.parser.error("sebutkan satu berkas params atau --all")
    if args.scheduler and not args.all:
        args.parser.error("--scheduler hanya bersama --all")
    if args.jobs is not None and args.jobs < 1:
        args.parser.error("--jobs harus 1 atau lebih")
    quarto = False if args.no_quarto else args.quarto
    formats = {"formats": tuple(args.formats)} if args.formats else {}
    with tangkap_sinyal():  # SIGTERM cleans up like Ctrl-C: staging removed, lock released
        if args.scheduler:  # every report one task of a Dask cluster, instead of this machine's pool
            from lkjip.run.tersebar import build_all_on_dask
            build_all_on_dask(args.scheduler, args.root, quarto=quarto, jobs=args.jobs, paksa=args.paksa, **formats)
        elif args.all:
            build_all(args.root, quarto=quarto, jobs=args.jobs, paksa=args.paksa, **formats)
        else:
            build_report(args.params, args.root, quarto=quarto, jobs=args.jobs, paksa=args.paksa, **formats)
    return 0


def _configure_params(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("params", type=Path, help="berkas params laporan, mis. params/kota-malang-dinsos-p3ap2kb-2023.yml")
    parser.add_argument("--root", type=Path, default=Path("."), help="akar proyek; bawaan: folder kerja")


def _params(args):
    """The params file a command names, found as the build finds it, and loaded."""
    from lkjip.core.proyek import Proyek
    from lkjip.inputs.params import load_params
    return load_params(Proyek.di(args.root).berkas_params(args.params), args.root)


def _open(args):
    from lkjip.run.periksa import buka_dari_params
    params = _params(args)
    return params, buka_dari_params(params, args.root)


def _configure_periksa(parser: argparse.ArgumentParser) -> None:
    _configure_params(parser)
    parser.add_argument("--lke", action="store_true",
                        help="cetak juga daftar periksa kriteria LKE 'Pelaporan Kinerja' (PermenPAN-RB 88/2021) "
                             "dengan perkiraan nilainya")
    parser.add_argument("--ketat", action="store_true",
                        help="dengan --lke: keluar dengan status 1 bila ada kriteria yang belum terpenuhi penuh "
                             "(untuk CI)")


def _run_periksa(args: argparse.Namespace) -> int:
    from lkjip.core.berkas import pastikan_di_dalam, tulis_tanpa_tautan
    from lkjip.core.proyek import Proyek
    from lkjip.present.aman import frame_csv
    from lkjip.run.periksa import periksa_laporan, periksa_lke, ringkasan_temuan
    if args.ketat and not args.lke:
        args.parser.error("--ketat hanya bersama --lke")
    params = _params(args)
    if args.lke:
        hasil, lap = periksa_lke(params, args.root)
    else:
        _, lap = periksa_laporan(params, args.root)
    proyek = Proyek.di(args.root)
    out = proyek.periksa  # never inside a built report: that stays as the last build left it
    out.mkdir(parents=True, exist_ok=True)
    pastikan_di_dalam(out, proyek.build)  # build/periksa linked out of the project is refused
    path = pastikan_di_dalam(out / f"{params.nama_laporan}-temuan.csv", out)
    tulis_tanpa_tautan(path, frame_csv(lap.temuan).to_csv(index=False))  # opened in a spreadsheet: no cell runs
    print(f"Data {params.dinas} {params.tahun} sah.\n{ringkasan_temuan(lap)}\nRincian: {path}")
    if not args.lke:
        return 0
    from lkjip.compute.lke import belum_terpenuhi
    from lkjip.present.lke import daftar_periksa
    print()
    print(daftar_periksa(hasil, lap), end="")
    kurang = belum_terpenuhi(hasil)
    if args.ketat and kurang:
        print(f"lkjip: {len(kurang)} kriteria LKE belum terpenuhi penuh (--ketat): "
              + ", ".join(p.kriteria for p in kurang), file=sys.stderr)
        return 1
    return 0


def _run_narasi_cek(args: argparse.Namespace) -> int:
    from lkjip.present.basi import cek_basi
    params, lap = _open(args)
    stale = cek_basi(lap, args.root / params.narasi_dir)
    for item in stale:
        print(item)
    print(f"{len(stale)} angka dalam narasi tidak ditemukan di data." if stale else "Tidak ada angka basi dalam narasi.")
    return 1 if stale else 0


def _run_narasi_doc(args: argparse.Namespace) -> int:
    from lkjip.present.narasi import dokumentasi_nama
    print(dokumentasi_nama(), end="")
    return 0


def _configure_excel(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="aksi", metavar="AKSI", required=True)
    ekspor = actions.add_parser("ekspor", help="tulis buku kerja Excel berisi data dinas sebuah laporan")
    ekspor.add_argument("params", type=Path, help="berkas params laporan, mis. params/kota-malang-dinsos-p3ap2kb-2023.yml")
    ekspor.add_argument("--keluaran", type=Path, metavar="FILE.xlsx", help="bawaan: build/excel/<dinas>.xlsx")
    ekspor.add_argument("--root", type=Path, default=Path("."), help="akar proyek; bawaan: folder kerja")
    impor = actions.add_parser("impor", help="periksa buku kerja lalu tulis CSV data dinas (semua atau tidak sama sekali)")
    impor.add_argument("buku", type=Path, help="buku kerja .xlsx")
    impor.add_argument("--dinas", required=True, help="slug dinas: nama folder di data/")
    impor.add_argument("--data", type=Path, default=Path("data"), help="folder data; bawaan: data")


def _run_excel(args: argparse.Namespace) -> int:
    from lkjip.inputs.excel import ekspor, impor_buku_kerja
    if args.aksi == "ekspor":
        path = ekspor(args.params, args.root, args.keluaran)
        print(f"Buku kerja ditulis: {path}")
    else:
        hasil = impor_buku_kerja(args.buku, args.data, args.dinas)
        print(f"Buku kerja sah; {len(hasil.ditulis)} berkas CSV ditulis ke {args.data / args.dinas}, "
              f"{len(hasil.berubah)} berubah" + "".join(f"\n  berubah: {p.name}" for p in hasil.berubah)
              + "".join(f"\n  tanpa lembar, tidak diubah: {p.name}" for p in hasil.tidak_diubah))
    return 0


def _configure_tahun_baru(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("params", type=Path, help="params laporan tahun ini, mis. params/kota-malang-dinsos-p3ap2kb-2023.yml")
    parser.add_argument("--root", type=Path, default=Path("."), help="akar proyek; bawaan: folder kerja")


def _run_tahun_baru(args: argparse.Namespace) -> int:
    from lkjip.commands.siklus import tahun_baru
    hasil = tahun_baru(args.params, args.root)
    print(f"Params tahun baru ditulis: {hasil.params}")
    if hasil.narasi:
        print(f"Narasi disalin ke {hasil.narasi} (tahun ditulis sebagai {{{{ tahun }}}} / {{{{ tahun_lalu }}}}).")
    if hasil.angka_narasi:
        print("Angka yang masih diketik di narasi (ganti dengan placeholder atau perbarui):")
        print("\n".join(f"  {a}" for a in hasil.angka_narasi))
    print("Data yang masih kurang untuk tahun baru:" if hasil.kekurangan else "Data tahun baru sudah lengkap.")
    print("\n".join(f"  {i}. {b}" for i, b in enumerate(hasil.kekurangan, 1)))
    return 0


def _configure_dinas_baru(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", help="nama folder dinas baru: huruf kecil, angka, tanda hubung (mis. kab-contoh-dinkes)")
    parser.add_argument("--tahun", type=int, help="tahun laporan pertama (bawaan: tahun lalu)")
    parser.add_argument("--root", type=Path, default=Path("."), help="akar proyek; bawaan: folder kerja")


def _run_dinas_baru(args: argparse.Namespace) -> int:
    from lkjip.commands.siklus import dinas_baru
    hasil = dinas_baru(args.slug, args.root, args.tahun)
    print(f"Dinas baru disiapkan: {hasil.folder} ({len(hasil.berkas)} berkas), params {hasil.params}, "
          f"narasi {hasil.narasi}.\nLangkah berikut: isi berkasnya menurut data/README.md, lalu "
          f"`lkjip periksa {hasil.params}` menunjukkan apa yang masih harus diisi, berurutan.")
    return 0


def _configure_migrasi(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dinas", help="slug dinas: nama folder di data/, mis. kota-malang-dinsos-p3ap2kb")
    parser.add_argument("--data", type=Path, default=Path("data"), help="folder data; bawaan: data")
    parser.add_argument("--coba", action="store_true", help="tampilkan perubahannya saja, tanpa menulis apa pun")


def _run_migrasi(args: argparse.Namespace) -> int:
    from lkjip.inputs.migrasi import migrasi
    hasil = migrasi(args.data, args.dinas, coba=args.coba)
    if not hasil.berkas_berubah:
        print(f"{hasil.folder}: sudah berformat versi {hasil.ke}; tidak ada yang diubah.")
        return 0
    kata = "akan diubah (--coba: tidak ada yang ditulis)" if args.coba else "diubah"
    print(f"{hasil.folder}: format versi {hasil.dari} -> {hasil.ke}; {len(hasil.berkas_berubah)} berkas {kata}:")
    print("\n".join(f"  - {p}" for p in hasil.perubahan))
    print("Berkas: " + ", ".join(hasil.berkas_berubah))
    return 0


def _configure_pratinjau(parser: argparse.ArgumentParser) -> None:
    _configure_params(parser)
    parser.add_argument("--port", type=int, default=None, metavar="N", help="port di 127.0.0.1 (bawaan: 4848)")
    parser.add_argument("--no-quarto", action="store_true", help="jangan pakai Quarto; pratinjau HTML sederhana")


def _run_pratinjau(args: argparse.Namespace) -> int:
    from lkjip.run.pratinjau_langsung import PORT_BAWAAN, Pratinjau  # papermill and the server: here only
    pratinjau = Pratinjau(args.params, args.root, quarto=False if args.no_quarto else None,
                          say=lambda line: print(line, flush=True))
    return pratinjau.jalankan(PORT_BAWAAN if args.port is None else args.port)


def _configure_situs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="akar proyek; bawaan: folder kerja")
    parser.add_argument("--alamat", help="alamat situs untuk sitemap.xml, mis. https://lkjip.malangkota.go.id/laporan/")


def _run_situs(args: argparse.Namespace) -> int:
    from lkjip.core.proyek import Proyek
    from lkjip.publish.situs_publik import tulis_situs
    folder = tulis_situs(Proyek.di(args.root).keluaran(None), args.alamat)
    print(f"Situs publik ditulis: {folder} (salin isinya ke hosting statis mana pun; lihat docs/situs.md)")
    return 0


#: Every subcommand of ``lkjip``, in the order ``lkjip --help`` lists them.
COMMANDS: dict[str, Command] = {
    "build": Command("bangun laporan (notebook -> buku Quarto atau pratinjau HTML)", _configure_build, _run_build),
    "pratinjau": Command("pratinjau langsung di peramban: bab yang berubah dibangun ulang saat data, narasi "
                         "atau params disimpan", _configure_pratinjau, _run_pratinjau),
    "periksa": Command("periksa data dan narasi satu laporan; tulis daftar temuan; --lke: daftar periksa kriteria "
                       "evaluasi SAKIP 'Pelaporan Kinerja'", _configure_periksa, _run_periksa),
    "narasi-cek": Command("daftar angka dalam narasi yang tidak ada di data", _configure_params, _run_narasi_cek),
    "excel": Command("data dinas dari/ke Excel: 'excel ekspor params.yml', 'excel impor buku.xlsx --dinas slug'",
                     _configure_excel, _run_excel),
    "tahun-baru": Command("siapkan laporan tahun berikutnya: params, salinan narasi, daftar data yang kurang",
                          _configure_tahun_baru, _run_tahun_baru),
    "dinas-baru": Command("siapkan folder dinas baru: templat data, profil.yaml berkomentar, params, narasi",
                          _configure_dinas_baru, _run_dinas_baru),
    "migrasi": Command("naikkan folder data dinas ke versi format terbaru (semua atau tidak sama sekali)",
                       _configure_migrasi, _run_migrasi),
    "situs": Command("tulis situs publik build/_situs/: beranda, halaman per instansi, buku, PDF, DOCX, CSV, sitemap",
                     _configure_situs, _run_situs),
    "narasi-doc": Command("cetak daftar tempat narasi dan nama placeholder", lambda parser: None, _run_narasi_doc),
}


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lkjip", description="Laporan Kinerja Instansi Pemerintah (LKjIP) yang dapat dibangun ulang."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="PERINTAH", required=True)
    for name, command in COMMANDS.items():
        sub = subparsers.add_parser(name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(run=command.run, parser=sub)
    return parser


def _catatan_untuk_analis(message, category, filename, lineno, file=None, line=None) -> None:
    """Notes meant for the analyst (e.g. the CSV dialect a file was read in) print as one plain line."""
    if getattr(category, "untuk_analis", False):
        print(f"lkjip: catatan: {message}", file=sys.stderr)
    else:
        _tampilkan_peringatan(message, category, filename, lineno, file, line)


_tampilkan_peringatan = warnings.showwarning


def main(argv: list[str] | None = None) -> int:
    """Run ``lkjip`` with ``argv`` (default: the command line); returns the exit status."""
    args = make_parser().parse_args(argv)
    warnings.showwarning = _catatan_untuk_analis
    try:
        return args.run(args)
    except LkjipError as exc:
        print(f"lkjip: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # read-only or missing folder, full disk, permission, locked file
        from lkjip.core.berkas import pesan_os
        print(f"lkjip: {pesan_os(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        print(f"lkjip: dihentikan{f' ({exc})' if str(exc) else ''}; folder sementara build ini dihapus.",
              file=sys.stderr)
        return 143 if type(exc).__name__ == "Dihentikan" else 130


if __name__ == "__main__":
    sys.exit(main())
