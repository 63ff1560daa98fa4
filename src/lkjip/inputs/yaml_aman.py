"""YAML from analysts (params, profil.yaml, versi.yaml) read without the parts that can explode.

A YAML alias (``*a``) repeats a node by reference: nine lines of aliases of aliases stand for
hundreds of millions of items, which PyYAML builds in memory (and whose repr an error message would
print). lkjip's files never need one, so an alias is refused with its line; anchors alone are
harmless. Nesting deeper than :data:`BATAS_KEDALAMAN` levels (a profile is five deep) is refused
before PyYAML's recursive composer reaches Python's recursion limit, and a file larger than
:data:`BATAS_KB` is refused before it is parsed. Every refusal is a :class:`YamlTidakAman`, a
``yaml.YAMLError``, so callers that already name a broken YAML file name this one too, with
:attr:`YamlTidakAman.pesan` saying what and how to fix it.
"""
from __future__ import annotations

import os

import yaml

__all__ = ["BATAS_KB", "BATAS_KEDALAMAN", "YamlTidakAman", "muat_yaml"]

#: Levels of nesting a YAML file may have (profil.yaml uses five).
BATAS_KEDALAMAN = 32
#: Size a YAML file may have, in kB (the largest shipped profil.yaml is under 20 kB); raised by
#: the environment variable ``LKJIP_BATAS_YAML_KB``.
BATAS_KB = 512


class YamlTidakAman(yaml.YAMLError):
    """A YAML file lkjip does not parse: an alias, nesting too deep, too large."""

    def __init__(self, pesan: str, baris: int | None = None):
        self.pesan, self.baris = pesan, baris
        super().__init__(pesan)

    def __str__(self) -> str:
        return self.pesan


def _batas_kb() -> int:
    try:
        value = int(os.environ.get("LKJIP_BATAS_YAML_KB", BATAS_KB))
    except ValueError:
        return BATAS_KB
    return value if value > 0 else BATAS_KB


class _Pemuat(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self._kedalaman = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            line = event.start_mark.line + 1
            raise YamlTidakAman(f"baris {line}: alias YAML '*{event.anchor}' tidak dipakai lkjip (alias dapat "
                                "mengembang menjadi jutaan isian); tulis nilainya langsung di tempat itu", line)
        self._kedalaman += 1
        try:
            if self._kedalaman > BATAS_KEDALAMAN:
                line = self.peek_event().start_mark.line + 1
                raise YamlTidakAman(f"baris {line}: bersarang lebih dari {BATAS_KEDALAMAN} tingkat; berkas lkjip "
                                    "paling dalam lima tingkat: periksa indentasi dan kurung [ {", line)
            return super().compose_node(parent, index)
        finally:
            self._kedalaman -= 1


def muat_yaml(teks: str):
    """``teks`` parsed as YAML like ``yaml.safe_load``, without aliases, nesting or size past the limits."""
    batas = _batas_kb()
    if len(teks) > batas * 1024:
        raise YamlTidakAman(f"{len(teks) // 1024} kB, lebih dari batas {batas} kB untuk berkas YAML; bila memang "
                            "sebesar itu, naikkan batasnya dengan LKJIP_BATAS_YAML_KB=<kB>")
    loader = _Pemuat(teks)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
