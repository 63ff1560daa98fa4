"""Publishing survives crashes: a run killed at any step of the swap leaves, after recovery, a
complete report; staging of dead runs goes away; one build per report at a time; SIGTERM and
Ctrl-C clean up; operating-system errors are messages with the path and what to do.

The kills are real: a child process runs the swap and ends itself with ``os._exit`` (no
``finally``, no cleanup, like ``kill -9``) at the step the fault-injection hook names.
"""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _bantu import wait_until
from lkjip.core import berkas
from lkjip.core.exceptions import BuildError
from lkjip.run import terbit

REPORT = "kab-contoh-dinsos-2023"
OLD = {"index.html": "lama", "bab1.html": "bab satu lama", "tabel/a.csv": "a\n1\n"}
NEW = {"index.html": "baru", "bab1.html": "bab satu baru", "bab2.html": "bab dua", "tabel/a.csv": "a\n2\n"}


def write_tree(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def read_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def debris(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith((".staging-", ".old-", ".terbit-", ".kunci-")))


def in_child(work) -> int:
    """Run ``work()`` in a forked child and return its exit status: 0 when it returned, the
    status it gave ``os._exit`` when it killed itself. A fork starts in milliseconds and dies
    without running any ``finally``, which is what a kill does."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status = 0
        try:
            work()
        except BaseException:
            status = 70
        os._exit(status)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def swap_in_child(out: Path, kill_at: str | None) -> int:
    """Stage NEW and swap it in from a child process that dies at ``kill_at``."""
    def work():
        def hook(step):
            if step == kill_at:
                os._exit(9)
        berkas.titik_uji = hook
        with terbit.kunci_laporan(out, REPORT, print):
            staging = terbit.buat_staging(terbit.nama_staging(out, REPORT))
            write_tree(staging, NEW)
            berkas.swap_into_place(staging, out / REPORT)
    return in_child(work)


def recover(out: Path) -> list[str]:
    """What the next build does first, under the report's lock."""
    said: list[str] = []
    with terbit.kunci_laporan(out, REPORT, said.append):
        berkas.pulihkan(out / REPORT, said.append)
        terbit.bersihkan_sisa(out, REPORT, said.append)
    return said


#: After a kill before this step, the report in place is the old one; from "pasang" on the swap
#: is finished by recovery, so it is the new one.
OUTCOME = {"jurnal": OLD, "cadangkan": OLD, "pasang": NEW, "hapus_cadangan": NEW, "hapus_jurnal": NEW, "selesai": NEW}


@pytest.mark.parametrize("step", berkas.LANGKAH)
def test_a_run_killed_at_any_step_of_the_swap_leaves_a_complete_report(tmp_path, step):
    write_tree(tmp_path / REPORT, OLD)
    assert swap_in_child(tmp_path, kill_at=step) == 9
    said = recover(tmp_path)
    assert read_tree(tmp_path / REPORT) == OUTCOME[step]
    assert debris(tmp_path) == []
    if step == "jurnal":
        assert any("sisa build yang terhenti dihapus" in line for line in said)


@pytest.mark.parametrize("step", berkas.LANGKAH)
def test_a_first_build_killed_mid_swap_leaves_its_report_or_none_never_half(tmp_path, step):
    assert swap_in_child(tmp_path, kill_at=step) == 9
    recover(tmp_path)
    if (tmp_path / REPORT).exists():
        assert read_tree(tmp_path / REPORT) == NEW
    else:
        assert step in ("jurnal", "cadangkan")
    assert debris(tmp_path) == []


def test_a_swap_without_faults_publishes_the_new_report_and_leaves_nothing_behind(tmp_path):
    write_tree(tmp_path / REPORT, OLD)
    assert swap_in_child(tmp_path, kill_at=None) == 0
    assert read_tree(tmp_path / REPORT) == NEW
    assert debris(tmp_path) == []


@pytest.mark.parametrize("step", berkas.LANGKAH)
def test_an_exception_mid_swap_puts_a_complete_report_back_at_once(tmp_path, monkeypatch, step):
    """Ctrl-C (KeyboardInterrupt) or a full disk (OSError) raised inside the swap."""
    write_tree(tmp_path / REPORT, OLD)
    staging = terbit.buat_staging(terbit.nama_staging(tmp_path, REPORT))
    write_tree(staging, NEW)

    def interrupt(at):
        if at == step:
            raise KeyboardInterrupt

    monkeypatch.setattr(berkas, "titik_uji", interrupt)
    with pytest.raises(KeyboardInterrupt):
        berkas.swap_into_place(staging, tmp_path / REPORT)
    assert read_tree(tmp_path / REPORT) in (OLD, NEW)
    assert not [n for n in debris(tmp_path) if not n.startswith(".staging-")]


def test_old_style_backup_debris_is_restored_when_the_report_is_missing(tmp_path):
    """What the swap of earlier versions left after a crash between its two renames."""
    write_tree(tmp_path / f".old-{REPORT}-k2j4x_9q", OLD)  # tempfile.mkdtemp: 8 random characters
    said = recover(tmp_path)
    assert read_tree(tmp_path / REPORT) == OLD
    assert debris(tmp_path) == [] and any("dipulihkan" in line for line in said)


def dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_staging_of_dead_runs_is_removed_and_living_runs_are_kept(tmp_path):
    host = terbit._pemilik().split("@")[1]
    dead = tmp_path / f".staging-lain-2023-{dead_pid()}@{host}-abc"
    unnamed = tmp_path / f".staging-{REPORT}-q8x1z"  # the name earlier versions gave
    same_report_elsewhere = tmp_path / f".staging-{REPORT}-{os.getppid()}@{host}-abc"  # we hold its lock
    alive = tmp_path / f".staging-lain-2024-{os.getppid()}@{host}-abc"
    other_host = tmp_path / f".staging-lain-2025-{dead_pid()}@mesin_lain-abc"
    own = terbit.buat_staging(terbit.nama_staging(tmp_path, "lain-2026"))
    for folder in (dead, unnamed, same_report_elsewhere, alive, other_host):
        (folder / "bab").mkdir(parents=True)
    said: list[str] = []
    terbit.bersihkan_sisa(tmp_path, REPORT, said.append)
    assert [f.exists() for f in (dead, unnamed, same_report_elsewhere)] == [False] * 3
    assert alive.exists() and other_host.exists() and own.exists()
    assert len(said) == 3 and all("dihapus" in line for line in said)


def hold_lock(out: Path) -> int:
    """A child process that holds the report's lock until killed; returns its pid."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            with terbit.kunci_laporan(out, REPORT, print):
                os.write(ready_w, b"1")
                time.sleep(60)
        finally:
            os._exit(0)
    assert os.read(ready_r, 1) == b"1"
    os.close(ready_r)
    os.close(ready_w)
    return pid


def test_a_second_build_of_the_same_report_is_refused_and_a_dead_owners_lock_taken_over(tmp_path):
    child = hold_lock(tmp_path)
    try:
        with pytest.raises(BuildError, match=f"sedang dibangun oleh proses lain \\(pid {child}"):
            with terbit.kunci_laporan(tmp_path, REPORT, print):
                pass
        with terbit.kunci_laporan(tmp_path, "laporan-lain-2023", print):
            pass  # another report is not blocked
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    owner = f"{child}@{terbit._pemilik().split('@')[1]}"
    assert (tmp_path / f".kunci-{REPORT}").read_text() == owner  # killed: its lock file stays
    said: list[str] = []
    with terbit.kunci_laporan(tmp_path, REPORT, said.append) as path:
        assert path.read_text() == terbit._pemilik()
    assert said and f"kunci basi dari proses {child}" in said[0]
    assert not (tmp_path / f".kunci-{REPORT}").exists()


def test_paths_outside_the_build_folder_are_refused(tmp_path):
    assert berkas.pastikan_di_dalam(tmp_path / "a" / "b", tmp_path) == (tmp_path / "a" / "b").resolve()
    with pytest.raises(BuildError, match="di luar folder build"):
        berkas.pastikan_di_dalam(tmp_path / ".." / "data", tmp_path)


@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "izin ditolak"), (errno.EROFS, "hanya-baca"), (errno.ENOSPC, "disk penuh"),
    (errno.ENOENT, "tidak ditemukan"), (errno.EBUSY, "dipakai program lain"), (errno.EAGAIN, "terkunci"),
    (errno.EDQUOT, "kuota"), (errno.EIO, "periksa folder"),
])
def test_operating_system_errors_read_as_what_where_and_what_to_do(tmp_path, code, words):
    message = berkas.pesan_os(OSError(code, os.strerror(code), str(tmp_path / "build" / "x.html")), "Membangun")
    assert message.startswith("Membangun: ") and "x.html" in message
    assert words in message and "Yang perlu dilakukan" in message


# --- a real build: signals, read-only folder, full disk ----------------------------------------

BUILT_REPORT = "kota-uji-build-2023"


@pytest.fixture
def small_project(tmp_path) -> Path:
    """The build tests' small project (fixture notebooks), with a previous report in build/."""
    from test_build import make_project
    root = make_project(tmp_path / "proyek")
    write_tree(root / "build" / BUILT_REPORT, OLD)
    return root


def build_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "lkjip.commands.cli", "build", str(root / "params" / f"{BUILT_REPORT}.yml"),
            "--root", str(root), "--no-quarto"]


@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_remove_the_runs_staging_and_keep_the_last_report(small_project, sig, status):
    build = small_project / "build"
    child = subprocess.Popen(build_command(small_project), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: list(build.glob(".staging-*")) or child.poll() is not None, timeout=120,
               what="the build to create its staging folder")
    assert child.poll() is None, child.communicate()
    child.send_signal(sig)
    _, err = child.communicate(timeout=120)
    assert child.returncode == status, err
    assert "Traceback" not in err and "dihentikan" in err
    assert debris(build) == [], "\n".join(sorted(str(p.relative_to(build)) for p in build.rglob("*")))
    assert read_tree(build / BUILT_REPORT) == OLD


@pytest.fixture
def tmpfs(small_project):
    """build/ of the small project on its own small tmpfs (the previous report copied onto it)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; run the suite as root (as CI does) to test these messages")
    build = small_project / "build"
    saved = read_tree(build / BUILT_REPORT)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(build)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine cannot mount a tmpfs here ({mounted.stderr.strip()})")
    write_tree(build / BUILT_REPORT, saved)
    yield build
    subprocess.run(["umount", "-l", str(build)], check=False)


def run_cli(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(root), capture_output=True, text=True, timeout=300)


def test_a_read_only_build_folder_is_a_message_and_the_last_report_stays(small_project, tmpfs):
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    result = run_cli(small_project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "hanya-baca (read-only file system)" in result.stderr and "tidak diubah" in result.stderr
    assert read_tree(tmpfs / BUILT_REPORT) == OLD


def test_a_full_disk_is_a_message_and_the_last_report_stays(small_project, tmpfs):
    filler = tmpfs / "pengisi"
    with open(filler, "wb") as handle:  # leave a little room, so the build starts and runs out mid-way
        free = os.statvfs(tmpfs).f_bavail * os.statvfs(tmpfs).f_frsize
        handle.write(b"\0" * max(0, free - 48 * 1024))
    result = run_cli(small_project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "disk penuh (no space left on device)" in result.stderr, result.stderr
    assert f"{tmpfs}" in result.stderr and "tidak diubah" in result.stderr
    assert read_tree(tmpfs / BUILT_REPORT) == OLD
    assert debris(tmpfs) == []


def test_recovery_leaves_the_backup_of_a_report_whose_name_extends_this_one_alone(tmp_path):
    """`.old-<name>-...` of an older version is ours; `.old-<name>-<more>` of another folder is not."""
    write_tree(tmp_path / "kab-x", OLD)
    other = tmp_path / ".old-kab-x-dinsos"  # the fixed backup name of folder kab-x-dinsos, mid-swap
    write_tree(other, OLD)
    berkas.pulihkan(tmp_path / "kab-x")
    assert read_tree(other) == OLD
