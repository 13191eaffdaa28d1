"""`make bench`: how fast the guide builds, how small its pages are, how far it scales.

Figures, not pass/fail: compare them within one run, as ratios (the machine is shared).

For each network (the repository's own cities; 50 generated cities; 400 generated cities),
the site is built twice in subprocesses:

* with the plugin: a real MkDocs build run in-process by a worker (`run.py --worker build`)
  whose plugin hooks are wrapped with timers, so the plugin's time (reading, planning and
  rendering the cities, every `on_*` hook) is told apart from MkDocs + Material's and from
  Pagefind's (`search.index_site`);
* plain: the plugin's generated Markdown written out as ordinary pages (maps left out), the
  hand-written pages and downloads beside them, built by stock Material without the plugin.
  The ratio of the two is the plugin's overhead.

Peak memory is the worker's (and its children's) maximum resident set, from `os.wait4`.
Then: the weight of a page of each kind (gzip), measured from the built files and in Chromium at
a phone's 360×740: its first load, before its map comes near the screen, and with the map libraries
city-classroom.js fetches then; and the edit loop: saving a city file under `mkdocs serve` until
the page shows the change.

    .venv/bin/python bench/run.py                 # seed + 50 cities + page weight + edit loop (~20 min)
    .venv/bin/python bench/run.py --large         # also 400 cities, in English only (~20 min more)
    .venv/bin/python bench/run.py --only seed     # one network
    .venv/bin/python bench/run.py --readme        # and put the table under README's ## Benchmark

The table is printed and written to bench/out/results.md; the figures are kept in
bench/out/results.json, and a network this run did not build is shown from an earlier run, dated.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from urllib.parse import urljoin, urlsplit

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "tests"))

from network import Shape, make_project, write_network  # noqa: E402

PYTHON = sys.executable
ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": "1764000000",
    "NO_MKDOCS_2_WARNING": "1",
    "SITE_URL": "http://127.0.0.1:8000/",
}

TARGETS = {
    "warm": 0.15,
    "whole": 1.30,
    "overhead": 0.30,
    "page_kb": 120,
    "edit_s": 2.0,
    "large_s": 300,
    "large_gb": 4.0,
}


# --- the worker: one build, in its own process ----------------------------------------------


def worker_build(project: Path, site: Path, result: Path, profile: Path | None) -> None:
    """Build `project` into `site` in this process, timing the plugin's hooks and Pagefind."""
    os.chdir(project)
    os.environ.update({k: ENV[k] for k in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING", "SITE_URL")})
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    timers: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def timed(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            start, start_cpu, start_children = time.perf_counter(), time.process_time(), children_cpu()
            try:
                return function(*args, **kwargs)
            finally:
                timers[name] += time.perf_counter() - start
                cpu[name] += time.process_time() - start_cpu + children_cpu() - start_children
                calls[name] += 1

        return wrapper

    uses_plugin = "city-classroom" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    if uses_plugin:
        from city_classroom.mkdocs_plugin import plugin as plugin_module
        from city_classroom.mkdocs_plugin import search

        cls = plugin_module.CityClassroomPlugin
        for name, function in list(vars(cls).items()):
            if name.startswith("on_") and callable(function):
                setattr(cls, name, timed(name, function))
        search.index_site = timed("pagefind", search.index_site)

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    start, start_cpu, start_children = time.perf_counter(), time.process_time(), children_cpu()
    if profile:
        import cProfile

        cProfile.runctx("build(config)", globals(), {"build": build, "config": config}, str(profile))
    else:
        build(config)
    total = time.perf_counter() - start
    total_cpu = time.process_time() - start_cpu + children_cpu() - start_children
    config.plugins.on_shutdown()

    def split(table: dict[str, float], whole: float) -> dict[str, float]:
        pagefind = table.get("pagefind", 0.0)
        plugin = sum(v for k, v in table.items() if k != "pagefind") - pagefind  # on_post_build holds Pagefind
        return {"total": whole, "plugin": plugin, "pagefind": pagefind, "mkdocs": whole - plugin - pagefind}

    result.write_text(
        json.dumps(
            {
                "wall": split(timers, total),
                "cpu": split(cpu, total_cpu),
                "hooks": timers,
                "hooks_cpu": cpu,
                "calls": calls,
                "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            },
            indent=1,
        )
    )


def _top_blocks(text: str) -> list[tuple[str, list[str]]]:
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            blocks.append((line.split(":", 1)[0], [line]))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            blocks.append(("", [line]))
    return blocks


def plain_config(text: str) -> str:
    """The project's mkdocs.yml as stock Material: its own search plugin only, no overrides, no extra CSS or JS."""
    out = []
    for key, lines in _top_blocks(text):
        if key in ("plugins", "extra_css", "extra_javascript"):
            continue
        if key == "strict":
            lines = ["strict: false"]
        if key == "theme":
            lines = [line for line in lines if not line.strip().startswith("custom_dir:")]
        out += lines
    return "\n".join(out) + "\nplugins:\n  - search\n"  # stock Material: its own search, as by default


def worker_plain(project: Path, plain: Path) -> None:
    """Write the plugin's pages of `project` as a plain MkDocs project at `plain`."""
    os.chdir(project)
    os.environ.update({k: ENV[k] for k in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING", "SITE_URL")})
    from mkdocs.config import load_config

    from city_classroom.guide import build_guide
    from city_classroom.mkdocs_plugin.plugin import HOME_PLACEHOLDER

    config = load_config(str(project / "mkdocs.yml"))
    options = config.plugins["city-classroom"].config
    guide, problems = build_guide(project / options.cities_dir, options, site_url=config.site_url or "")
    assert guide is not None, problems
    docs = plain / "content"
    shutil.copytree(project / config.docs_dir, docs)
    for page in docs.rglob("*.md"):  # hand-written pages: the home's list of cities, no overridden templates
        text = page.read_text(encoding="utf-8")
        src = page.relative_to(docs).as_posix()
        if HOME_PLACEHOLDER in text:
            text = text.replace(HOME_PLACEHOLDER, guide.home_section(src))
        page.write_text(re.sub(r"(?m)^template: .*\n", "", text, count=1), encoding="utf-8")
    for page in guide.pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.front_matter() + page.html, encoding="utf-8")  # its HTML, as a plain page
    for uri, content in guide.downloads.items():
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    (plain / "mkdocs.yml").write_text(
        plain_config((project / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8"
    )


# --- the parent: run workers, measure ---------------------------------------------------------


@dataclass
class Build:
    wall_s: float = 0.0
    peak_mb: float = 0.0
    pages: int = 0
    bytes: int = 0
    files: int = 0
    ok: bool = False
    error: str = ""
    detail: dict = field(default_factory=dict)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s else 0.0


def run_worker(args: list[str], timeout: float, log: Path, env: dict | None = None) -> tuple[float, float, int, str]:
    """Run `run.py --worker ...` niced; (wall seconds, peak RSS MB of it and its children, exit code, stderr tail)."""
    start = time.perf_counter()
    with open(log, "w") as err:
        process = subprocess.Popen(
            ["nice", "-n", "5", PYTHON, str(Path(__file__).resolve()), "--worker", *args],
            env={**ENV, **(env or {})},
            stdout=err,
            stderr=subprocess.STDOUT,
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                return time.perf_counter() - start, usage.ru_maxrss / 1024, -9, f"timed out after {timeout:.0f} s"
            time.sleep(0.2)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    tail = "" if code == 0 else log.read_text(errors="replace")[-1500:]
    return wall, usage.ru_maxrss / 1024, code, tail


def site_size(site: Path) -> tuple[int, int, int]:
    """(pages, bytes, files) of a built site; pages are the HTML files but 404.html."""
    pages = size = files = 0
    for path in site.rglob("*"):
        if path.is_file():
            files += 1
            size += path.stat().st_size
            if path.suffix == ".html" and path.name != "404.html":
                pages += 1
    return pages, size, files


def measure_build(
    project: Path, site: Path, timeout: float, work: Path, name: str, profile: bool = False, env: dict | None = None
) -> Build:
    result = work / f"{name}.json"
    args = ["build", str(project), str(site), str(result)]
    if profile:
        args.append(str(OUT / f"{name}.prof"))
    wall, peak, code, tail = run_worker(args, timeout, work / f"{name}.log", env)
    build = Build(wall_s=wall, peak_mb=peak, ok=code == 0, error=tail)
    if code == 0:
        build.detail = json.loads(result.read_text())
        build.pages, build.bytes, build.files = site_size(site)
    return build


# --- page weight ------------------------------------------------------------------------------


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.refs.append(a["href"])
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, mtime=0))


MAP_CODE = re.compile(r'<div class="cc-map[^"]*"[^>]*></div>')
"""A map: one <div> carrying its data (city-map.js draws it; no script of its own)."""
CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+\.(?:woff2?|ttf|otf))\1\)")


MAP_DATA = re.compile(r'data-cc-map="([^"]*)"')


def map_libraries(html: str, url: str) -> list[str]:
    """What city-classroom.js fetches when a map of this page comes near the screen: Leaflet's
    styles and script (clustering's where a map clusters) and city-map.js, as URLs; none without a map."""
    from city_classroom.mkdocs_plugin import assets

    maps = [json.loads(unescape(data)) for data in MAP_DATA.findall(html)]
    if not maps:
        return []
    return ["/" + path for path in assets.map_libraries(cluster=any(m.get("cluster") for m in maps))]


def fetched_at_once(html: str) -> list[str]:
    """The scripts city-classroom.js fetches at once for this page, on a first visit (as URLs)."""
    from city_classroom.mkdocs_plugin import assets

    return ["/" + path for path in assets.fetched_scripts(html)]


def fetched_on_use(html: str) -> list[str]:
    """The scripts it fetches only at a reader's first tap on a feature (walk mode, Listen, ...)."""
    from city_classroom.mkdocs_plugin import assets

    return ["/" + path for path in assets.fetched_scripts(html, when=(assets.ON_FIRST_USE,))]


def _files(site: Path, url: str, refs: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """gzip bytes of each CSS and JS file `refs` name (relative to `url`), and the fonts their CSS loads."""
    assets, fonts = {}, {}
    for ref in refs:
        path = urlsplit(urljoin(url, ref)).path
        file = site / normpath(path).lstrip("/")
        if not file.is_file():
            continue
        data = file.read_bytes()
        assets[path] = gz(data)
        if file.suffix == ".css":
            for _, font in CSS_URL.findall(data.decode("utf-8", "replace")):
                font_path = urlsplit(urljoin(path, font)).path
                font_file = site / normpath(font_path).lstrip("/")
                if font_file.is_file():
                    fonts[font_path] = font_file.stat().st_size  # fonts are compressed already
    return assets, fonts


def page_weight(site: Path, page: str) -> dict:
    """gzip bytes of a page's first load: its HTML, the CSS, JS and fonts it links, and the scripts
    city-classroom.js fetches at once; then what comes later: the map libraries when a map comes
    near the screen (`with_map_*`), and the scripts of the features fetched at a reader's first
    tap (`in_use_*`: the most the page loads, everything used). From the built files."""
    html = (site / page).read_bytes()
    text = html.decode("utf-8")
    parser = _Refs()
    parser.feed(text)
    url = "/" + page.removesuffix("index.html")
    first, fonts = _files(site, url, parser.refs + fetched_at_once(text))
    with_map, _ = _files(site, url, map_libraries(text, url))
    in_use, _ = _files(site, url, fetched_on_use(text))
    with_map = {path: size for path, size in with_map.items() if path not in first}
    in_use = {path: size for path, size in in_use.items() if path not in first and path not in with_map}
    map_code = sum(gz(m.encode()) for m in MAP_CODE.findall(text))
    total = gz(html) + sum(first.values()) + sum(fonts.values())
    requests = 1 + len(first) + len(fonts)
    return {
        "html_gz": gz(html),
        "map_gz": map_code,
        "assets_gz": sum(first.values()),
        "fonts": sum(fonts.values()),
        "total_gz": total,
        "requests": requests,
        "with_map_gz": total + sum(with_map.values()),
        "with_map_requests": requests + len(with_map),
        "in_use_gz": total + sum(with_map.values()) + sum(in_use.values()),
        "in_use_requests": requests + len(with_map) + len(in_use),
        "leaflet": bool(with_map),
        "assets": first,
        "later": {**with_map, **in_use},
    }


PHONE = {"width": 360, "height": 740}

_PINS = """() => Array.from(document.querySelectorAll('.cc-map')).every(
    map => map.querySelector('.leaflet-marker-icon'))"""


def _browser_load(context, server, page: str, timeout_s: float) -> dict:
    """One page in a fresh tab at phone size: the bytes received (headers and gzip bodies) until
    the network is idle, before any scrolling; then, if it has a map, scrolled to each map until
    every map has drawn its pins and nothing is loading."""
    received: dict[str, int] = {}
    pending: set = set()
    tab = context.new_page()

    def started(request):
        pending.add(request)

    def finished(request):
        pending.discard(request)
        sizes = request.sizes()
        received[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    tab.on("request", started)
    tab.on("requestfinished", finished)
    tab.on("requestfailed", lambda request: pending.discard(request))
    try:
        tab.goto(server.url + page.removesuffix("index.html"), wait_until="networkidle", timeout=timeout_s * 1000)
        first = dict(received)
        maps = tab.locator(".cc-map").count()
        result = {
            "bytes": sum(first.values()),
            "requests": len(first),
            "leaflet_at_once": any("/vendor/leaflet/" in url for url in first),
            "map_top": tab.evaluate(
                "() => { const m = document.querySelector('.cc-map');"
                " return m ? Math.round(m.getBoundingClientRect().top + window.scrollY) : null; }"
            ),
            "largest": sorted(((v, k.split("/", 3)[-1]) for k, v in first.items()), reverse=True)[:5],
        }
        if maps:
            for index in range(maps):
                tab.locator(".cc-map").nth(index).scroll_into_view_if_needed()
            tab.wait_for_function(_PINS, timeout=timeout_s * 1000)
            deadline = time.monotonic() + timeout_s
            while pending and time.monotonic() < deadline:
                tab.wait_for_timeout(50)
            result["with_map_bytes"] = sum(received.values())
            result["with_map_requests"] = len(received)
        return result
    finally:
        tab.close()


def browser_weight(site: Path, page: str, timeout_s: float = 60) -> dict:
    """What Chromium receives (gzip, as GitHub Pages serves) for one page of each kind (page_kinds,
    around the route page `page`), each in a fresh browser at a phone's 360×740 with tiles blocked:
    the first load until the network is idle, before scrolling; then with each map scrolled to
    (and its pins drawn). The route page's figures are also at the top level."""
    from playwright.sync_api import sync_playwright

    from site_server import SiteServer

    blocked: list[str] = []
    kinds: dict[str, dict] = {}
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )

        def guard(route):
            if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        try:
            for kind, path in page_kinds(site, page):
                context = browser.new_context(viewport=PHONE)  # a first visit: nothing cached
                context.route("**/*", guard)
                try:
                    kinds[kind] = _browser_load(context, server, path, timeout_s)
                finally:
                    context.close()
        finally:
            browser.close()
    route = kinds.get("route", {})
    return {**route, "blocked": len(blocked), "viewport": PHONE, "kinds": kinds}


def route_page(site: Path, prefer: str = "") -> str:
    """A route page of the default language: `prefer` if given and built, else the first one."""
    if prefer and (site / prefer).is_file():
        return prefer
    pages = sorted(p.relative_to(site).as_posix() for p in site.glob("*/routes/*/index.html"))
    return pages[0]


# --- the edit loop ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except Exception:
        return ""


def edit_loop(work: Path, edits: int = 3, timeout: float = 300) -> dict:
    """Seconds from saving a city file to the rebuilt page under `mkdocs serve` (seed site)."""
    project = make_project(work / "serve-project")
    city_file = project / "cities" / "lamphun" / "heritage.yml"
    text = city_file.read_text(encoding="utf-8")
    old = 'en: "Lamphun\'s most important temple, with the golden relic chedi at the heart of the town."'
    if old not in text:
        return {"error": "the seed summary to edit is not in cities/lamphun/heritage.yml any more"}
    port = free_port()
    url = f"http://127.0.0.1:{port}/lamphun/sites/wat-phra-that-hariphunchai/"
    log = open(work / "serve.log", "w")  # noqa: SIM115 (closed with the server, in `finally`)
    process = subprocess.Popen(
        [
            "nice",
            "-n",
            "5",
            str(REPO / ".venv" / "bin" / "mkdocs"),
            "serve",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    times: list[float] = []
    result: dict = {}
    try:
        start = time.perf_counter()
        while "golden relic chedi" not in fetch(url):
            if process.poll() is not None or time.perf_counter() - start > timeout:
                return {
                    "error": "mkdocs serve did not serve the page: "
                    + (work / "serve.log").read_text(errors="replace")[-800:]
                }
            time.sleep(0.25)
        result["first_build_s"] = time.perf_counter() - start
        time.sleep(1.0)
        for number in range(edits):
            marker = f"Edited summary number {number} for the bench"
            city_file.write_text(text.replace(old, f'en: "{marker}."'), encoding="utf-8")
            saved = time.perf_counter()
            while marker not in fetch(url):
                if process.poll() is not None or time.perf_counter() - saved > timeout:
                    result["error"] = "the edit did not show within the time limit"
                    return result
                time.sleep(0.05)
            times.append(time.perf_counter() - saved)
            time.sleep(1.5)  # let livereload settle before the next save
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl-C: mkdocs serve shuts down and the plugin cleans up
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    built = re.findall(r"Documentation built in ([0-9.]+) seconds", (work / "serve.log").read_text(errors="replace"))
    result.update(edits_s=times, median_s=sorted(times)[len(times) // 2], rebuilds_s=[float(b) for b in built])
    return result


# --- the table --------------------------------------------------------------------------------


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB" if n < 1e9 else f"{n / 1e9:,.2f} GB"


def seconds(s: float) -> str:
    return f"{s:,.1f} s" if s < 600 else f"{s / 60:,.1f} min"


def network_rows(name: str, plugin: Build, plain: Build | None, when: str = "") -> list[list[str]]:
    """Rows for one network. Times are wall seconds, with CPU seconds beside them: on a shared
    machine CPU time moves less with the other load, so the overhead is taken from it."""
    if not plugin.ok:
        return [[name, "build failed", "", plugin.error.strip().splitlines()[-1] if plugin.error else ""]]
    wall, cpu = plugin.detail["wall"], plugin.detail["cpu"]

    def both(key: str) -> str:
        return f"{seconds(wall[key])} (CPU {seconds(cpu[key])})"

    d = plugin.detail
    rows = [
        [f"{name}: pages built", f"{plugin.pages:,}", "", f"measured {when}" if when else ""],
        [f"{name}: build time (wall, whole process)", seconds(plugin.wall_s), "", f"{plugin.pages_per_s:,.1f} pages/s"],
        [f"{name}: mkdocs build()", both("total"), "", f"{plugin.pages / cpu['total']:,.1f} pages per CPU second"],
        [
            f"{name}: of which the plugin (read, plan, render cities; its hooks)",
            both("plugin"),
            "",
            f"{cpu['plugin'] / cpu['total']:.0%} of CPU",
        ],
        [f"{name}: of which MkDocs + Material", both("mkdocs"), "", f"{cpu['mkdocs'] / cpu['total']:.0%} of CPU"],
        [
            f"{name}: of which Pagefind (word breaks + index)",
            both("pagefind"),
            "",
            f"{cpu['pagefind'] / cpu['total']:.0%} of CPU",
        ],
        [
            f"{name}: peak memory (build + Pagefind, at once)",
            f"{d['rss_self_mb'] + d['rss_children_mb']:,.0f} MB",
            "",
            f"python {d['rss_self_mb']:,.0f} MB, then Pagefind {d['rss_children_mb']:,.0f} MB "
            "while python holds its pages",
        ],
        [
            f"{name}: output size",
            mb(plugin.bytes),
            "",
            f"{plugin.files:,} files, {plugin.bytes / max(plugin.pages, 1) / 1024:,.0f} KB a page",
        ],
    ]
    if plain and plain.ok:
        base_wall, base_cpu = plain.detail["wall"]["total"], plain.detail["cpu"]["total"]
        overhead = (cpu["total"] - cpu["pagefind"]) / base_cpu - 1
        overhead_wall = (wall["total"] - wall["pagefind"]) / base_wall - 1
        rows += [
            [
                f"{name}: stock Material (its search plugin) building the same pages",
                f"{seconds(base_wall)} (CPU {seconds(base_cpu)})",
                "",
                f"{plain.pages:,} pages, {mb(plain.bytes)}, {plain.peak_mb:,.0f} MB peak",
            ],
            [
                f"{name}: plugin overhead (build without Pagefind ÷ plain − 1, CPU)",
                f"{overhead:+.0%}",
                f"≤ {TARGETS['overhead']:.0%}",
                ("met" if overhead <= TARGETS["overhead"] else "short") + f"; by wall time {overhead_wall:+.0%}",
            ],
            [
                f"{name}: whole build (search included) ÷ stock Material with its search",
                f"{cpu['total'] / base_cpu:.2f}× (CPU)",
                f"≤ {TARGETS['whole']:.1f}×",
                ("met" if cpu["total"] / base_cpu <= TARGETS["whole"] else "short")
                + f"; by wall time {wall['total'] / base_wall:.2f}×",
            ],
        ]
    elif plain:
        rows.append(
            [f"{name}: plain Material build", "failed", "", plain.error.strip().splitlines()[-1] if plain.error else ""]
        )
    return rows


def shard_rows(name: str, sharded: dict, single: Build | None) -> list[list[str]]:
    """The shards one after the other, the final build, and what `count` runners at once would take."""
    shards, final = sharded["shards"], load_build(sharded["final"])
    count = sharded["count"]
    if not all(s["ok"] for s in shards) or not final or not final.ok:
        failed = next((s["error"] for s in shards if not s["ok"]), final.error if final else "")
        return [[f"{name}: {count} shards", "failed", "", failed.strip().splitlines()[-1] if failed.strip() else ""]]
    slowest = max(shards, key=lambda s: s["wall_s"])
    final_cpu = final.detail["cpu"]["total"]
    wall = slowest["wall_s"] + final.wall_s
    return [
        [
            f"{name}: {count} shards, one after the other: each",
            f"{seconds(min(s['wall_s'] for s in shards))} – {seconds(slowest['wall_s'])}",
            "",
            f"CPU {seconds(min(s['cpu_s'] for s in shards))} – {seconds(max(s['cpu_s'] for s in shards))}; "
            f"peak memory {max(s['peak_mb'] for s in shards):,.0f} MB at most",
        ],
        [
            f"{name}: final build over the shards' caches (merge + search index)",
            f"{seconds(final.wall_s)} (CPU {seconds(final.detail['cpu']['total'])})",
            "",
            f"Pagefind {seconds(final.detail['cpu']['pagefind'])} CPU of it; peak {final.peak_mb:,.0f} MB",
        ],
        [
            f"{name}: wall time with {count} runners at once (slowest shard + final build)",
            seconds(wall),
            "",
            (
                f"{wall / single.wall_s:.0%} of one build here ({seconds(single.wall_s)}); by CPU "
                f"{(max(s['cpu_s'] for s in shards) + final_cpu) / single.detail['cpu']['total']:.0%}"
                if single
                else f"one build not run (--shards-only); all shards and the final build: CPU "
                f"{seconds(sum(s['cpu_s'] for s in shards) + final.detail['cpu']['total'])}"
            ),
        ],
    ]


def markdown_table(rows: list[list[str]]) -> str:
    head = ["Measure", "Figure", "Target", "Note"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [*rows, ["Measure", "Figure", "Target", "Note"]]) for i in range(4)]
    out = []
    for row in [["Measure", "Figure", "Target", "Note"], *rows]:
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return "\n".join(out)


# --- main -------------------------------------------------------------------------------------

NETWORKS: dict[str, Shape | None] = {"seed": None, "50": Shape(50), "400": Shape(400)}


def bench_shards(project: Path, root: Path, timeout: float, work: Path, key: str, count: int) -> dict:
    """The network built as `count` shards one after the other (each from an empty cache, as a
    runner of its own), then the final build over their caches (with the search index)."""
    cache = project / ".cache" / "city-classroom"
    shutil.rmtree(cache, ignore_errors=True)
    shards = []
    for number in range(count):
        print(f"[{key}] shard {number}/{count}…", flush=True)
        built = measure_build(
            project,
            root / "shard-site",
            timeout,
            work,
            f"{key}-shard-{number}",
            env={"CITY_CLASSROOM_SHARD": f"{number}/{count}"},
        )
        shards.append(
            {
                "wall_s": built.wall_s,
                "cpu_s": built.detail.get("cpu", {}).get("total", 0.0),
                "peak_mb": built.peak_mb,
                "ok": built.ok,
                "error": built.error[-300:],
            }
        )
        if cache.exists():
            shutil.move(cache, root / f"shard-cache-{number}")
        shutil.rmtree(root / "shard-site", ignore_errors=True)
    for number in range(count):
        if (root / f"shard-cache-{number}").exists():
            shutil.copytree(root / f"shard-cache-{number}", cache, dirs_exist_ok=True)
    print(f"[{key}] the final build over the shards' caches…", flush=True)
    final = measure_build(project, root / "final-site", timeout, work, f"{key}-final")
    return {"count": count, "shards": shards, "final": asdict(final)}


def bench_network(
    key: str,
    work: Path,
    timeout: float,
    profile: bool,
    baseline: bool,
    languages: list[str] | None = None,
    shards: int = 0,
    single: bool = True,
) -> dict:
    shape = NETWORKS[key]
    root = work / f"net-{key}"
    if shape is None:
        project = make_project(root / "project")
    else:
        write_network(root / "cities", shape)
        project = make_project(root / "project", root / "cities", languages=languages)
    if not single:  # the shards only (--shards-only): no one build to compare them with
        return {
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "shards": bench_shards(project, root, timeout, work, key, shards),
            "key": key,
            "label": shape.label if shape else "seed cities (repository)",
            "languages": languages or ["en", "th", "zh"],
            "plugin": None,
            "plain": None,
            "warm": None,
        }
    print(f"[{key}] building with the plugin…", flush=True)
    plugin = measure_build(project, root / "site", timeout, work, f"{key}-plugin", profile)
    print(f"[{key}] {plugin.wall_s:.1f} s, ok={plugin.ok}", flush=True)
    warm = None
    if plugin.ok:  # the build cache is warm now: edit one city, build again
        edit_one_city(project / "cities")
        print(f"[{key}] one city edited, building again (warm)…", flush=True)
        warm = measure_build(project, root / "site-warm", timeout, work, f"{key}-warm")
        print(f"[{key}] {warm.wall_s:.1f} s, ok={warm.ok}", flush=True)
    plain = None
    if baseline and plugin.ok:
        plain_root = root / "plain"
        plain_root.mkdir()
        code = subprocess.run(
            [PYTHON, __file__, "--worker", "plain", str(project), str(plain_root)],
            env=ENV,
            capture_output=True,
            text=True,
            timeout=timeout,
        ).returncode
        if code == 0:
            print(f"[{key}] building plain Material…", flush=True)
            plain = measure_build(plain_root, root / "plain-site", timeout, work, f"{key}-plain")
            print(f"[{key}] {plain.wall_s:.1f} s, ok={plain.ok}", flush=True)
    sharded = bench_shards(project, root, timeout, work, key, shards) if shards and plugin.ok else None
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "shards": sharded,
        "key": key,
        "label": "seed cities (repository)" if shape is None else shape.label,
        "languages": languages or ["en", "th", "zh"],
        "plugin": asdict(plugin),
        "plain": asdict(plain) if plain else None,
        "warm": asdict(warm) if warm else None,
    }
    if plugin.ok:
        page = route_page(root / "site", "lamphun/routes/old-town-heritage-walk/index.html")
        result["page"] = page
        result["weight"] = page_weight(root / "site", page)
        result["kinds"] = {kind: page_weight(root / "site", path) for kind, path in page_kinds(root / "site", page)}
        if plain and plain.ok:
            result["plain_weight"] = page_weight(root / "plain-site", page)
    return result


def edit_one_city(cities: Path) -> None:
    """A city's summary changed, as an editor would: the first city, in its first language."""
    import yaml

    city_file = sorted(cities.glob("*/city.yml"))[0]
    data = yaml.safe_load(city_file.read_text(encoding="utf-8"))
    first = next(iter(data["summary"]))
    data["summary"][first] += " (edited for the bench)"
    city_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def page_kinds(site: Path, route: str) -> list[tuple[str, str]]:
    """One page of each kind: home, city, site, route, walk sheet, search."""
    city = route.split("/", 1)[0]
    first_site = sorted(p.relative_to(site).as_posix() for p in site.glob(f"{city}/sites/*/index.html"))[0]
    kinds = [
        ("home", "index.html"),
        ("city", f"{city}/index.html"),
        ("site", first_site),
        ("route", route),
        ("walk sheet", route.removesuffix("index.html") + "sheet/index.html"),
        ("search", "search/index.html"),
    ]
    return [(kind, path) for kind, path in kinds if (site / path).is_file()]


def load_build(data: dict | None) -> Build | None:
    return Build(**data) if data else None


def rows_for(results: list[dict], browser: dict | None, edit: dict | None) -> list[list[str]]:
    rows: list[list[str]] = []
    for r in results:
        name = r["label"] + ("" if r["languages"] == ["en", "th", "zh"] else f" ({', '.join(r['languages'])} only)")
        if r["plugin"] is None:  # --shards-only
            rows += shard_rows(name, r["shards"], None) if r.get("shards") else []
            continue
        if r["plugin"]["ok"] and "wall" not in r["plugin"]["detail"]:
            continue  # measured by an older bench/run.py
        rows += network_rows(name, load_build(r["plugin"]), load_build(r["plain"]), r.get("when", ""))
        if r.get("shards") and r["plugin"]["ok"]:
            rows += shard_rows(name, r["shards"], load_build(r["plugin"]))
        warm = load_build(r.get("warm"))
        if warm and warm.ok and r["plugin"]["ok"]:
            cold = load_build(r["plugin"])
            ratio = warm.detail["cpu"]["total"] / cold.detail["cpu"]["total"]
            rows.append(
                [
                    f"{name}: rebuild after editing one city (build cache warm)",
                    f"{seconds(warm.wall_s)} (CPU {seconds(warm.detail['cpu']['total'])})",
                    f"≤ {TARGETS['warm']:.0%} of cold",
                    f"{ratio:.0%} of the cold build's CPU ({'met' if ratio <= TARGETS['warm'] else 'short'}); "
                    f"by wall time {warm.wall_s / cold.wall_s:.0%}; Pagefind "
                    f"{seconds(warm.detail['cpu']['pagefind'])} of it",
                ]
            )
        if r["key"] == "400" and r["plugin"]["ok"]:
            p = load_build(r["plugin"])
            rows.append(
                [
                    f"{name}: build time, target",
                    seconds(p.wall_s),
                    f"≤ {TARGETS['large_s'] / 60:.0f} min",
                    "met" if p.wall_s <= TARGETS["large_s"] else "short",
                ]
            )
            at_once = (p.detail["rss_self_mb"] + p.detail["rss_children_mb"]) / 1024
            rows.append(
                [
                    f"{name}: peak memory, target",
                    f"{at_once:.2f} GB",
                    f"≤ {TARGETS['large_gb']:.0f} GB",
                    "met" if at_once <= TARGETS["large_gb"] else "short",
                ]
            )
    seed = next((r for r in results if r["key"] == "seed" and "weight" in r), None)
    if seed and "with_map_gz" in seed["weight"]:
        w, page = seed["weight"], seed["page"]
        rows += [
            [f"route page ({page}): HTML, gzip", f"{w['html_gz'] / 1024:.1f} KB", "", ""],
            ["route page: its map (one div with its data), gzip", f"{w['map_gz'] / 1024:.1f} KB", "", ""],
            [
                "route page: first load (HTML + CSS + JS + fonts it links + scripts fetched at once, gzip)",
                f"{w['total_gz'] / 1024:.1f} KB",
                f"≤ {TARGETS['page_kb']} KB",
                ("met" if w["total_gz"] / 1024 <= TARGETS["page_kb"] else "short")
                + f"; {w['requests']} requests; with the map libraries (fetched when the map comes near): "
                f"{w['with_map_gz'] / 1024:.1f} KB, {w['with_map_requests']} requests",
            ],
        ]
        for kind, weight in seed.get("kinds", {}).items():
            later = (
                f"with its map: {weight['with_map_gz'] / 1024:.1f} KB, {weight['with_map_requests']} requests"
                if weight.get("leaflet")
                else "no map, no Leaflet"
            )
            rows.append(
                [
                    f"{kind} page: first load, before its map (gzip, from the files)",
                    f"{weight['total_gz'] / 1024:.1f} KB",
                    f"≤ {TARGETS['page_kb']} KB" if kind == "route" else "",
                    f"{weight['requests']} requests; HTML {weight['html_gz'] / 1024:.1f} KB; {later}; "
                    f"every feature used: {weight['in_use_gz'] / 1024:.1f} KB, {weight['in_use_requests']} requests",
                ]
            )
        if "plain_weight" in seed:
            pw = seed["plain_weight"]
            rows.append(
                [
                    "same page, stock Material (plain build), first load",
                    f"{pw['total_gz'] / 1024:.1f} KB",
                    "",
                    f"HTML {pw['html_gz'] / 1024:.1f} KB; plugin page is {w['total_gz'] / pw['total_gz']:.2f}×",
                ]
            )
    for r in results:
        if r["key"] != "seed" and "with_map_gz" in r.get("weight", {}):
            suffix = "" if r["languages"] == ["en", "th", "zh"] else f" ({', '.join(r['languages'])} only)"
            rows.append(
                [
                    f"{r['label']}{suffix}: route page first load, before its map (gzip)",
                    f"{r['weight']['total_gz'] / 1024:.1f} KB",
                    f"≤ {TARGETS['page_kb']} KB",
                    f"HTML {r['weight']['html_gz'] / 1024:.1f} KB, map {r['weight']['map_gz'] / 1024:.1f} KB; "
                    f"with the map libraries {r['weight']['with_map_gz'] / 1024:.1f} KB",
                ]
            )
    if browser and "kinds" in browser:
        size = f"{browser['viewport']['width']}×{browser['viewport']['height']}"
        for kind, seen in browser["kinds"].items():
            if "with_map_bytes" in seen:
                place = (
                    "fetched at once: the map is in the first screen"
                    if seen["leaflet_at_once"]
                    else f"not before scrolling: the map starts {seen['map_top']} px down"
                )
                later = (
                    f"Leaflet {place}; map scrolled to: {seen['with_map_bytes'] / 1024:.1f} KB, "
                    f"{seen['with_map_requests']} requests"
                )
            else:
                later = "no map, no Leaflet"
            rows.append(
                [
                    f"{kind} page in Chromium at {size}: first load, bytes received (gzip, tiles blocked)",
                    f"{seen['bytes'] / 1024:.1f} KB",
                    f"≤ {TARGETS['page_kb']} KB" if kind == "route" else "",
                    f"{seen['requests']} requests; {later}",
                ]
            )
    elif browser and "error" in browser:
        rows.append(["pages in Chromium", "not measured", "", browser.get("error", "")[:120]])
    if edit:
        if "median_s" in edit:
            rows.append(
                [
                    "edit loop: save a city file → page shows it (mkdocs serve, seed)",
                    f"{edit['median_s']:.1f} s",
                    f"< {TARGETS['edit_s']:.0f} s",
                    ("met" if edit["median_s"] < TARGETS["edit_s"] else "short")
                    + f"; each: {', '.join(f'{t:.1f}' for t in edit['edits_s'])} s",
                ]
            )
        else:
            rows.append(["edit loop", "not measured", "", edit.get("error", "")[:160]])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append", choices=list(NETWORKS), help="networks to build")
    parser.add_argument("--large", action="store_true", help="also build 400 cities (long)")
    parser.add_argument(
        "--large-languages", default="en", help="languages of the 400-city build (en,th,zh: over an hour)"
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-edit", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--profile", action="store_true", help="write cProfile data to bench/out/*.prof")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--readme", action="store_true", help="put the table into README.md (## Benchmark)")
    parser.add_argument("--shards", type=int, default=0, help="also build each generated network as this many shards")
    parser.add_argument("--shards-only", action="store_true", help="build the generated networks as shards only")
    parser.add_argument("--cities", type=int, action="append", default=[], help="also a network of this many cities")
    options = parser.parse_args()
    for count in options.cities:
        NETWORKS[str(count)] = Shape(count)
    keys = (options.only or (["seed", "50"] if not options.cities else [])) + [str(c) for c in options.cities]
    keys += ["400"] if options.large and "400" not in keys else []
    OUT.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="city-bench-"))
    saved = OUT / "results.json"
    previous = json.loads(saved.read_text()) if saved.is_file() else {}
    results: list[dict] = []
    browser = edit = None
    try:
        for key in keys:
            languages = options.large_languages.split(",") if key == "400" else None
            results.append(
                bench_network(
                    key,
                    work,
                    options.timeout,
                    options.profile,
                    baseline=not options.no_baseline and key != "400",
                    languages=languages,
                    shards=options.shards if key != "seed" else 0,
                    single=not (options.shards_only and options.shards and key != "seed"),
                )
            )
            previous.setdefault("networks", {})[key] = results[-1]
            saved.write_text(json.dumps(previous, indent=1, ensure_ascii=False))
        seed = next((r for r in results if r["key"] == "seed" and r["plugin"] and r["plugin"]["ok"]), None)
        if seed and not options.no_browser:
            try:
                browser = browser_weight(work / "net-seed" / "site", seed["page"])
            except Exception as error:
                browser = {"error": f"{type(error).__name__}: {error}"}
            previous["browser"] = browser
        if not options.no_edit:
            edit = edit_loop(work)
            previous["edit"] = edit
        previous["when"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        saved.write_text(json.dumps(previous, indent=1, ensure_ascii=False))
    finally:
        if options.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    # The table: this run's figures, and earlier runs' for what this run did not measure.
    every = [previous["networks"][k] for k in NETWORKS if k in previous.get("networks", {})]
    rows = rows_for(every, previous.get("browser"), previous.get("edit"))
    table = text_table(rows)
    print()
    print(table)
    machine = f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end"
    (OUT / "results.md").write_text(
        f"# Benchmark ({previous['when']}; {machine})\n\n{markdown_table(rows)}\n", encoding="utf-8"
    )
    print(f"\nwritten: {OUT / 'results.md'}")
    if options.readme:
        update_readme(previous["when"], machine, markdown_table(rows))
        print(f"written: {REPO / 'README.md'} (## Benchmark)")


def update_readme(when: str, machine: str, table: str) -> None:
    """Put the table under README's `## Benchmark` heading (added at the end if missing)."""
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    section = (
        f"## Benchmark\n\n`make bench` (bench/run.py) on {when}, {machine}. Figures, not pass/fail:\n"
        "the machine is shared, so compare within one run, as ratios. CPU seconds move less with\n"
        "the other load than wall seconds; the ratios are taken from them.\n\n"
        "The generated networks (bench/network.py) have texts in Thai, Chinese and English, 50 sites\n"
        "a city and 5 walks of 3-8 stops. The baseline is stock Material (with its own search plugin,\n"
        "as by default) building the same pages as plain pages (the plugin's HTML, maps left out).\n"
        "The warm rebuild edits one city's summary after a cold build and builds again with the build\n"
        "cache (.cache/city-classroom). `--shards N` also builds a network as N shards one after the\n"
        "other, then the final build over their caches (pages-sharded.yml does it on N runners).\n"
        "`--cities N` adds a network of N cities; `--large` the 400-city one (English only by default).\n"
        "Figures of networks a run did not build come from earlier runs, dated.\n\n"
        f"{table}\n"
    )
    if "\n## Benchmark\n" not in text:
        readme.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")
        return
    head, rest = text.split("\n## Benchmark\n", 1)
    tail = rest[rest.index("\n## ") :] if "\n## " in rest else ""
    body = rest[: len(rest) - len(tail)]
    lines = body.split("\n")
    table_rows = [i for i, line in enumerate(lines) if line.startswith("|")]
    # what is written by hand after the table (how a run was made, where the targets stand) stays
    written = "\n".join(lines[table_rows[-1] + 1 :]).strip("\n") if table_rows else ""
    readme.write_text(head + "\n" + section + (f"\n{written}\n" if written else "") + tail, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        kind, rest = sys.argv[2], sys.argv[3:]
        if kind == "build":
            worker_build(Path(rest[0]), Path(rest[1]), Path(rest[2]), Path(rest[3]) if len(rest) > 3 else None)
        elif kind == "plain":
            worker_plain(Path(rest[0]), Path(rest[1]))
    else:
        main()
