"""Qualitative indicators rated with letters (SAKIP `AA`…`D`, a predikat): each agency maps its
letters to numbers on its own scale in `skala_huruf.csv`, so a letter target and a letter
realisasi give a capaian like any other indicator while the report prints the letters.

The analyst types the letter in `teks_tercetak` of `target.csv` and `realisasi.csv` (as printed)
and may leave `nilai` empty: loading fills `nilai` from the scale, and a letter the scale does not
know, or a number that disagrees with its letter, is named.
"""
from __future__ import annotations

import pandas as pd

from lkjip.core.exceptions import Masalah


def peta_huruf(skala: pd.DataFrame | None) -> dict[str, float]:
    """Letter -> number of the agency's letter scale (letters compared without case or spaces)."""
    if skala is None or not len(skala):
        return {}
    return {str(h).strip().upper(): float(n) for h, n in zip(skala["huruf"], skala["nilai"]) if pd.notna(n)}


def huruf_dari_nilai(nilai, peta: dict[str, float]) -> str | None:
    """The letter of a number on the scale (exact), or None."""
    if nilai is None or pd.isna(nilai):
        return None
    for huruf, angka in peta.items():
        if abs(angka - float(nilai)) < 1e-9:
            return huruf
    return None


def isi_nilai_huruf(tabel: dict[str, pd.DataFrame], masalah: list[Masalah]) -> None:
    """Fill `nilai` of letter-grade indicators from their printed letter (target and realisasi)."""
    indikator = tabel.get("indikator")
    if indikator is None:
        return
    kode_huruf = set(indikator.loc[indikator["jenis"] == "huruf", "kode"])
    peta = peta_huruf(tabel.get("skala_huruf"))
    for nama in ("target", "realisasi"):
        frame = tabel.get(nama)
        if frame is None or "teks_tercetak" not in frame:
            continue
        for index, row in frame[frame["indikator"].isin(kode_huruf)].iterrows():
            teks = row["teks_tercetak"]
            if teks is None or pd.isna(teks) or not str(teks).strip():
                continue
            huruf = str(teks).strip().upper()
            if huruf not in peta:
                masalah.append(Masalah(f"{nama}.csv", int(index) + 2, "teks_tercetak", repr(teks),
                                       "huruf yang ada di skala_huruf.csv: " + (", ".join(peta) or "(skala_huruf.csv kosong)"),
                                       "Tambahkan huruf ini dan nilainya di skala_huruf.csv."))
            elif pd.isna(row["nilai"]):
                frame.at[index, "nilai"] = peta[huruf]
            elif abs(float(row["nilai"]) - peta[huruf]) > 1e-9:
                masalah.append(Masalah(f"{nama}.csv", int(index) + 2, "nilai", str(row["nilai"]),
                                       f"{peta[huruf]} (nilai huruf {huruf} di skala_huruf.csv)",
                                       "Kosongkan nilai: dihitung dari hurufnya."))
