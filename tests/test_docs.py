"""Every data column, profile key and params key is documented (after datasette's test_docs.py),
and tests/README.md lists every test file."""
import re

import pytest

from conftest import ROOT
from lkjip.inputs.params import PARAMS_KEYS
from lkjip.inputs.skema import PROFIL_KUNCI, SKEMA

DATA_README = (ROOT / "data" / "README.md").read_text(encoding="utf-8")


def _section(berkas: str) -> str:
    match = re.search(rf"^### `{re.escape(berkas)}`.*?(?=^### |\Z)", DATA_README, re.S | re.M)
    assert match, f"data/README.md has no section for {berkas}"
    return match.group(0)


@pytest.mark.parametrize("berkas", sorted(SKEMA))
def test_every_column_is_documented(berkas):
    section = _section(berkas)
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))
    assert documented == set(SKEMA[berkas].nama_kolom)


def test_every_profile_key_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", _section("profil.yaml"), re.M))
    assert documented == set(PROFIL_KUNCI)


def test_every_params_key_is_documented():
    readme = (ROOT / "params" / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", readme, re.M))
    assert documented == set(PARAMS_KEYS)


def test_every_top_level_folder_has_a_readme():
    for folder in ("data", "notebooks", "params", "scripts", "tests", "narasi", "src", "docs"):
        assert (ROOT / folder / "README.md").is_file(), folder


def test_narrative_names_page_is_current():
    from lkjip.present.narasi import dokumentasi_nama
    page = (ROOT / "docs" / "narasi.md").read_text(encoding="utf-8")
    assert dokumentasi_nama() in page, "docs/narasi.md is stale: run `lkjip narasi-doc > docs/narasi.md`"


def test_required_and_optional_files_are_documented_as_declared():
    """data/README.md states per file which chapters require it and which read it when present,
    and its required columns: the table generated from lkjip.inputs.kebutuhan."""
    from lkjip.inputs.kebutuhan import dokumentasi
    assert dokumentasi() in DATA_README, "data/README.md is stale: paste lkjip.inputs.kebutuhan.dokumentasi() in"


def test_the_tests_readme_lists_exactly_the_test_files_that_exist():
    """tests/README.md has one table row per tests/test_*.py, naming the file in its first cell."""
    readme = (ROOT / "tests" / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `(test_\w+\.py)` \|", readme, re.M)
    assert len(listed) == len(set(listed)), f"listed twice: {sorted({f for f in listed if listed.count(f) > 1})}"
    existing = {p.name for p in (ROOT / "tests").glob("test_*.py")}
    assert set(listed) == existing, (f"not in tests/README.md: {sorted(existing - set(listed))}; "
                                     f"listed but absent: {sorted(set(listed) - existing)}")
