"""The command line: expected failures are one plain message on stderr and exit status 1."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lkjip.commands.cli import COMMANDS, Command, main
from lkjip.core.exceptions import ParamsError

REPO = Path(__file__).resolve().parents[1]


def run_lkjip(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`lkjip ...` as a user runs it, in a separate process with this interpreter."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run([sys.executable, "-m", "lkjip.commands.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_missing_params_file_prints_a_clean_message_without_traceback(tmp_path):
    result = run_lkjip("build", "params/tidak-ada-2023.yml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("lkjip: ")
    assert "tidak-ada-2023.yml" in result.stderr and "tidak ditemukan" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_missing_params_file_in_process(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build", "tidak-ada.yml"]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == (
        "lkjip: tidak-ada.yml: berkas params tidak ditemukan. Buat berkas YAML dengan kunci dinas, tahun."
    )


def test_missing_book_template_is_a_clean_message(capsys, tmp_path, monkeypatch):
    (tmp_path / "contoh-2023.yml").write_text("dinas: contoh\ntahun: 2023\n")
    (tmp_path / "data" / "contoh").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "contoh-2023.yml"]) == 1
    assert "_quarto.yml" in capsys.readouterr().err


def test_build_needs_exactly_one_of_params_or_all(capsys):
    for argv in (["build"], ["build", "x.yml", "--all"]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
    assert "--all" in capsys.readouterr().err


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


def test_a_new_command_is_one_entry_in_the_table(monkeypatch, capsys):
    def configure(parser):
        parser.add_argument("nama")

    def run(args):
        if args.nama == "salah":
            raise ParamsError("nama salah")
        print(f"halo {args.nama}")
        return 0

    monkeypatch.setitem(COMMANDS, "halo", Command("menyapa", configure, run))
    assert main(["halo", "dunia"]) == 0
    assert capsys.readouterr().out == "halo dunia\n"
    assert main(["halo", "salah"]) == 1
    assert capsys.readouterr().err == "lkjip: nama salah\n"


def test_build_passes_quarto_choice_through(monkeypatch, tmp_path):
    seen = {}
    monkeypatch.setattr("lkjip.run.bangun.build_report",
                        lambda params, root, **options: seen.update(params=params, root=root, **options))
    assert main(["build", "p.yml", "--no-quarto", "--root", str(tmp_path)]) == 0
    assert seen == {"params": Path("p.yml"), "root": tmp_path, "quarto": False, "jobs": None, "paksa": False}
    assert main(["build", "p.yml", "--quarto", "/opt/quarto/bin/quarto", "--jobs", "2", "--paksa"]) == 0
    assert seen["quarto"] == Path("/opt/quarto/bin/quarto") and seen["jobs"] == 2 and seen["paksa"] is True


@pytest.mark.parametrize("flags, formats", [
    ([], None),
    (["--format", "html"], ("html",)),
    (["--format", "docx", "--format", "pdf"], ("docx", "pdf")),
])
def test_build_renders_the_formats_asked_for(monkeypatch, tmp_path, flags, formats):
    seen = {}
    monkeypatch.setattr("lkjip.run.bangun.build_report",
                        lambda params, root, **options: seen.update(options))
    assert main(["build", "p.yml", "--root", str(tmp_path), *flags]) == 0
    assert seen.get("formats") == formats  # absent: the build's default, every format


def test_build_script_wraps_the_cli(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_report.py"), "tidak-ada.yml"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("lkjip: tidak-ada.yml") and "Traceback" not in result.stderr
