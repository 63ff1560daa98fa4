"""Stored XSS: a report whose data and narrative carry script payloads opens in Chromium with no
script run, and the payloads show as text.

The report is the sample agency built with the real chapter notebooks (the home page and Bab III,
which print indicator names in tables and prose), with `<script>` and `<img onerror>` in indicator
names of indikator.csv, in a sasaran and a program name, and every classic vector of
`fixtures/xss/vektor.txt` plus `javascript:` links in a narrative file. Chromium loads each page of
its preview through the DevTools protocol with a recorder installed before any page script:
`alert`/`confirm`/`prompt`/`print`, JavaScript dialogs, uncaught script errors, Content-Security-Policy
violations (a blocked script counts as an attempt), navigations, and, after load, any
`<script>`, `on*` attribute, `javascript:` URL or SVG left in the DOM.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from _bantu import chromium, salin_dinas, wait_until
from lkjip import build_report

REPO = Path(__file__).resolve().parents[1]
VECTORS = [line for line in (Path(__file__).parent / "fixtures" / "xss" / "vektor.txt")
           .read_text(encoding="utf-8").splitlines() if line.strip()]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
REPORT = "kab-contoh-dinsos-2023"

RECORDER = r"""
(() => {
  const log = [];
  Object.defineProperty(window, "__xss", {value: log});
  const note = (kind, detail) => log.push(kind + ": " + String(detail).slice(0, 200));
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => note(name, args.join(" "));
  }
  window.addEventListener("error", (e) => { if (e.message) note("script-error", e.message); });
  document.addEventListener("securitypolicyviolation", (e) => note("csp", e.violatedDirective + " " + e.blockedURI));
})();
"""

#: True once every image of the page has loaded or failed (a lazy one may wait to be scrolled to).
IMAGES_SETTLED = "[...document.images].every(image => image.complete || image.loading === 'lazy')"

AUDIT = r"""
(() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["script", "iframe", "object", "embed", "svg", "math", "base", "form", "meta[http-equiv=refresh]"].includes(tag)) {
      found.push("element: " + tag);
    }
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
      if (attr.name.startsWith("on")) found.push("handler: " + tag + " " + attr.name + "=" + attr.value.slice(0, 80));
      if (/^(javascript|vbscript|data:text)/.test(value) && ["href", "src", "action", "formaction", "data"].includes(attr.name)) {
        found.push("url: " + tag + " " + attr.name + "=" + attr.value);
      }
      if (attr.name === "style" && /url\(|expression/.test(value)) found.push("style: " + attr.value);
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    if (!["http:", "https:", "mailto:", "file:"].includes(a.protocol)) found.push("link: " + a.href);
  }
  return JSON.stringify({log: window.__xss, found, text: document.body.innerText});
})()
"""


class DevTools:
    """A minimal Chrome DevTools Protocol client over one page's websocket (websocket-client)."""

    def __init__(self, url: str):
        import websocket
        self.socket = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not any(e.get("method") == event for e in self.events):
            assert time.monotonic() < deadline, f"no {event}"
            self.events.append(json.loads(self.socket.recv()))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = chromium()
    if exe is None:
        pytest.skip("chromium is not installed (make test installs Debian's chromium when run as root)")
    pytest.importorskip("websocket", reason="websocket-client (a dev dependency) is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--allow-file-access-from-files", f"--user-data-dir={profile}", "about:blank"],
        stderr=subprocess.PIPE, text=True)
    endpoint = None
    deadline = time.monotonic() + 60
    while endpoint is None and time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        found = re.search(r"DevTools listening on (ws://[^\s]+)", line)
        endpoint = found.group(1) if found else None
    if endpoint is None:
        process.kill()
        pytest.skip("chromium did not start its DevTools endpoint on this machine")
    port = re.search(r":(\d+)/", endpoint).group(1)
    yield port
    process.kill()
    process.wait()


def open_page(port: str, url: str) -> dict:
    """Load ``url`` in a fresh tab with the recorder, let it settle, and return the audit."""
    import urllib.request
    request = urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT")
    target = json.loads(urllib.request.urlopen(request, timeout=30).read())
    page = DevTools(target["webSocketDebuggerUrl"])

    def images_settled() -> bool:
        """Every image has loaded or failed, so a broken one's onerror has run before the audit."""
        return page.call("Runtime.evaluate", expression=IMAGES_SETTLED, returnByValue=True)["result"]["value"]

    try:
        page.call("Page.enable")
        page.call("Runtime.enable")
        page.call("Page.addScriptToEvaluateOnNewDocument", source=RECORDER)
        page.call("Page.navigate", url=url)
        page.wait_for("Page.loadEventFired")
        wait_until(images_settled, timeout=30, what=f"the images of {url} to load or fail")
        audit = json.loads(page.call("Runtime.evaluate", expression=AUDIT, returnByValue=True)["result"]["value"])
        audit["dialogs"] = [e["params"] for e in page.events if e.get("method") == "Page.javascriptDialogOpening"]
        audit["navigations"] = [e["params"]["frame"]["url"] for e in page.events if e.get("method") == "Page.frameNavigated"]
        audit["exceptions"] = [e["params"]["exceptionDetails"].get("text") for e in page.events
                               if e.get("method") == "Runtime.exceptionThrown"]
        return audit
    finally:
        page.socket.close()
        urllib.request.urlopen(f"http://127.0.0.1:{port}/json/close/{target['id']}", timeout=30).read()


def edit_csv(path: Path, key: str, column: str, value: str) -> None:
    import csv
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        if row[fields[0]] == key:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def payload_report(tmp_path_factory) -> Path:
    """The sample agency's preview, with payloads in its data and narrative (built once)."""
    root = tmp_path_factory.mktemp("xss") / "proyek"
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    data = salin_dinas(root / "data")
    edit_csv(data / "indikator.csv", "I01", "nama", f"PMKS {SCRIPT} ditangani")
    edit_csv(data / "indikator.csv", "I02", "nama", f"Rasio {IMG} kekerasan")
    edit_csv(data / "tujuan_sasaran.csv", "S1", "uraian", 'Sasaran "><svg onload=alert(1)> satu')
    edit_csv(data / "anggaran.csv", "P01", "uraian", "Program [klik](javascript:alert(1)) $x$ @tbl-palsu")
    profil = yaml.safe_load((data / "profil.yaml").read_text(encoding="utf-8"))
    profil["nama"] = f"Dinas Sosial {SCRIPT} Contoh"  # book title, preview header, cover
    profil["nama_singkat"] = f"Dinsos {IMG}"  # every table's "Sumber" line
    (data / "profil.yaml").write_text(yaml.safe_dump(profil, allow_unicode=True, sort_keys=False), encoding="utf-8")
    narrative = root / "narasi" / "kab-contoh-dinsos" / "2023"
    narrative.mkdir(parents=True)
    # Vectors that the narrative renderer itself refuses ({{ }} placeholders, ```{ blocks) are left out.
    allowed = [v for v in VECTORS if "{{" not in v and "```{" not in v]
    (narrative / "capaian.md").write_text(
        "---\nmode: tambah\n---\nAnalisis dengan *penekanan* dan [tautan sah](https://contoh.go.id).\n\n"
        "[klik di sini](javascript:alert(document.domain))\n\n" + "\n\n".join(allowed) + "\n", encoding="utf-8")
    (root / "params").mkdir()
    (root / "params" / f"{REPORT}.yml").write_text("dinas: kab-contoh-dinsos\ntahun: 2023\n", encoding="utf-8")
    template = yaml.safe_load((REPO / "_quarto.yml").read_text(encoding="utf-8"))
    template["book"]["chapters"] = ["notebooks/index.ipynb", "notebooks/bab3-akuntabilitas.ipynb"]
    template["book"]["appendices"] = []
    (root / "_quarto.yml").write_text(yaml.safe_dump(template, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = build_report(root / "params" / f"{REPORT}.yml", root, quarto=False, progress=None)
    return result.entry.parent


def test_the_payloads_reach_the_report(payload_report):
    """The test is only worth something if the payloads are on the pages (escaped)."""
    text = (payload_report / "bab3-akuntabilitas.html").read_text(encoding="utf-8")
    assert "PMKS &lt;script&gt;alert(1)&lt;/script&gt; ditangani" in text
    assert "Rasio &lt;img src=x onerror=alert(1)&gt; kekerasan" in text
    assert "Sumber: data Dinsos &lt;img src=x onerror=alert(1)&gt;" in text


@pytest.mark.parametrize("page", ["index.html", "bab3-akuntabilitas.html"])
def test_no_script_runs_in_chromium_and_the_payloads_read_as_text(browser, payload_report, page):
    audit = open_page(browser, (payload_report / page).as_uri())
    assert audit["log"] == [] and audit["dialogs"] == [] and audit["exceptions"] == []
    assert audit["found"] == []
    assert all(url.startswith("file://") for url in audit["navigations"]), audit["navigations"]
    assert f"Dinas Sosial {SCRIPT} Contoh" in audit["text"]
    if page == "bab3-akuntabilitas.html":
        text = audit["text"].translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))  # prose keeps curly quotes
        for shown in (f"PMKS {SCRIPT} ditangani", f"Rasio {IMG} kekerasan", "<iframe src=\"javascript:alert(1)\"></iframe>",
                      "klik di sini", "tautan sah", f"Sumber: data Dinsos {IMG}"):
            assert shown in text, shown
        assert "javascript" not in text.split("klik di sini")[1][:40]  # the refused link keeps its text only


def test_the_recorder_would_see_a_script_that_ran(browser, tmp_path):
    """The negative control: a page that does run the payloads is caught."""
    page = tmp_path / "kontrol.html"
    page.write_text(f"<!DOCTYPE html><html><body><p>x</p>{SCRIPT}{IMG}<a href='javascript:alert(1)'>j</a></body></html>")
    audit = open_page(browser, page.as_uri())
    assert audit["log"].count("alert: 1") == 2
    assert "element: script" in audit["found"] and "handler: img onerror=alert(1)" in audit["found"]
    assert any(item.startswith("link: javascript:") for item in audit["found"])


@pytest.fixture(scope="module")
def payload_book(payload_report, tmp_path_factory) -> Path:
    """The same report rendered by Quarto as an HTML book (what an agency publishes)."""
    quarto = shutil.which("quarto")
    if quarto is None:
        pytest.skip("quarto is not on PATH (.ci/run puts the Quarto rig there)")
    project = tmp_path_factory.mktemp("xss-buku") / REPORT
    shutil.copytree(payload_report.parent, project, ignore=shutil.ignore_patterns("preview"))
    env = dict(os.environ, QUARTO_PYTHON=sys.executable)
    done = subprocess.run([quarto, "render", str(project), "--to", "html"], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return project / "_book"


@pytest.mark.parametrize("page", ["index.html", "bab3-akuntabilitas.html"])
def test_no_payload_runs_in_the_quarto_html_book(browser, payload_book, page):
    """Quarto's pages run Quarto's own scripts; none of ours may run, and no handler, link or
    element that the payloads carry may be in the page."""
    audit = open_page(browser, (payload_book / page).as_uri())
    assert audit["log"] == [] and audit["dialogs"] == [] and audit["exceptions"] == []
    assert not [item for item in audit["found"] if "alert" in item or item.startswith(("link:", "url:"))]
    assert SCRIPT in audit["text"]
    if page == "bab3-akuntabilitas.html":
        assert f"Rasio {IMG} kekerasan" in audit["text"] and f"Sumber: data Dinsos {IMG}" in audit["text"]
