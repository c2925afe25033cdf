"""Benchmark the interactive maps: build time, time to interactive, Lighthouse scores.

Usage::

    python benchmarks/maps.py                 # the real catalogue, or a synthetic one if empty
    python benchmarks/maps.py --synthetic 300 # a synthetic catalogue of 300 projects
    python benchmarks/maps.py --runs 5

Prints the time :func:`geo.maps.render_maps` takes to write all six pages, the
main map's size, and the time from navigation start until the page's
``HefeiMap.build`` has finished (every layer, control and panel in place), the
median of ``--runs`` loads of ``hefei_plan.html`` from a file:// URL with every
non-file request aborted, on a desktop (1440x900) and on a phone profile
(390x844, touch, CPU slowed 4x as Lighthouse's mobile profile does).

Then Lighthouse (npm, ``tools/npm``: ``npm ci --prefix tools/npm``) scores the
main map's mobile performance and accessibility (its default mobile profile,
simulated throttling), served by ``python3 -m http.server --bind 127.0.0.1``
and run against Debian's Chromium (``CHROME_PATH=/usr/bin/chromium``, the same
launch flags as the tests, :mod:`geo._chromium`); the aim is at least 90 for
both. ``--no-lighthouse`` skips it.

Baseline, in the same run: the straightforward folium map of the same layers (one
``folium.GeoJson`` per layer with a ``style_function``, tooltip and popup of the
same fields, a ``LayerControl``, folium's CDN assets), built and saved the usual
way. The script prints the main map's build time and size against it, and the
ratios. (The baseline cannot be timed in the browser: offline, its CDN assets do
not load and it never becomes interactive.)
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import layers as layer_pkg  # noqa: E402
from geo import admin  # noqa: E402
from geo._chromium import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE  # noqa: E402
from geo.catalogue import Vocab, load_catalogue, load_vocab  # noqa: E402
from geo.maps import MAIN_MAP, render_maps  # noqa: E402
from geo.measure import STORAGE_CRS, area_km2, geodesic_length_km  # noqa: E402
from layers import CATALOGUE_COLUMNS  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "npm" / "node_modules" / ".bin" / "lighthouse"
PHONE_CPU_SLOWDOWN = 4
CENTRE = (117.23, 31.82)
QUOTE = "加快推进合肥新桥机场S1线、合肥-巢湖、合肥-淮南等市域(郊)铁路项目建设"


def synthetic_layers(vocab: Vocab, n_projects: int, seed: int = 0) -> dict[str, gpd.GeoDataFrame]:
    """Made-up projects spread over the vocab's layers (for timing only)."""
    rng = np.random.default_rng(seed)
    names = list(vocab.layers)
    statuses = list(vocab.statuses)
    precisions = list(vocab.precisions)
    out: dict[str, gpd.GeoDataFrame] = {"boundary": admin.boundary(), "counties": admin.counties()}
    per_layer = np.bincount(rng.integers(0, len(names), n_projects), minlength=len(names))
    for name, count in zip(names, per_layer, strict=True):
        ldef = vocab.layers[name]
        rows, geoms = [], []
        for i in range(int(count)):
            kind = list(ldef.kinds)[i % len(ldef.kinds)]
            x0, y0 = CENTRE[0] + rng.normal(0, 0.35), CENTRE[1] + rng.normal(0, 0.3)
            if ldef.geometry == "Point":
                geom: shapely.Geometry = shapely.Point(x0, y0)
            elif ldef.geometry == "Polygon":
                geom = shapely.Point(x0, y0).buffer(0.02 + 0.03 * rng.random(), quad_segs=12)
            else:
                steps = rng.normal(0, 0.04, size=(int(rng.integers(2, 40)), 2)).cumsum(axis=0)
                geom = shapely.LineString(np.array([x0, y0]) + np.vstack([[0, 0], steps]))
            precision = precisions[i % len(precisions)]
            rows.append(
                {
                    "id": f"{name}_{i:03d}",
                    "name_zh": f"合肥{ldef.zh}{i}号",
                    "name_en": f"{ldef.en} no. {i}",
                    "layer": name,
                    "chapter": ldef.chapter,
                    "kind": kind,
                    "kind_zh": ldef.kinds[kind].zh,
                    "kind_en": ldef.kinds[kind].en,
                    "status": statuses[i % len(statuses)],
                    "status_zh": "",
                    "status_en": "",
                    "clause": "(58); 专栏8",
                    "quote": QUOTE[: 20 + i % 40],
                    "target_year": 2025 if i % 2 else None,
                    "precision": precision,
                    "schematic": bool(vocab.precisions[precision].get("schematic", True)),
                    "via": "合肥站 – 巢湖站",
                    "coord_source": "synthetic",
                    "accuracy_m": 500.0,
                    "replaces": "",
                    "note": "",
                    "source_file": "synthetic.toml",
                }
            )
            geoms.append(geom)
        gdf = gpd.GeoDataFrame(
            pd.DataFrame(rows, columns=list(CATALOGUE_COLUMNS)), geometry=geoms, crs=STORAGE_CRS
        )
        if ldef.geometry == "LineString":
            gdf["length_km"] = geodesic_length_km(gdf.geometry).round(3)
            gdf["length_in_hefei_km"] = (gdf["length_km"] * 0.8).round(3)
        elif ldef.geometry == "Polygon":
            gdf["area_km2"] = area_km2(gdf.geometry).round(3)
        out[name] = gdf
    return out


def time_to_interactive(path: Path, runs: int, *, phone: bool = False) -> list[float]:
    """Milliseconds from navigation start to the end of ``HefeiMap.build``, per load.

    ``phone=True`` uses the phone profile (390x844, touch) with the CPU slowed
    :data:`PHONE_CPU_SLOWDOWN` times.
    """
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        for _ in range(runs):
            context = browser.new_context(**(PHONE if phone else DESKTOP))
            page = context.new_page()
            if phone:
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page.goto(path.resolve().as_uri())
            page.wait_for_function(
                "window.HefeiMap && HefeiMap.maps.length && HefeiMap.maps[0].ready",
                timeout=60_000,
            )
            times.append(float(page.evaluate("HefeiMap.maps[0].readyAt")))
            context.close()
        browser.close()
    return times


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lighthouse(folder: Path, page: str) -> dict[str, float] | str:
    """Lighthouse mobile performance and accessibility scores (0-100) of ``folder/page``.

    Returns the scores, or the reason it could not run.
    """
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE} not found (npm ci --prefix tools/npm)"
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    report = folder / "lighthouse.json"
    try:
        time.sleep(0.5)
        run = subprocess.run(
            [
                str(LIGHTHOUSE),
                f"http://127.0.0.1:{port}/{page}",
                "--only-categories=performance,accessibility",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
                "--quiet",
            ],
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if run.returncode != 0 or not report.exists():
            return f"lighthouse failed ({run.returncode}): {run.stderr.strip()[-300:]}"
        doc = json.loads(report.read_text(encoding="utf-8"))
    finally:
        server.terminate()
        server.wait(timeout=10)
    cats = doc["categories"]
    audits = doc["audits"]
    return {
        "performance": round(100 * (cats["performance"]["score"] or 0)),
        "accessibility": round(100 * (cats["accessibility"]["score"] or 0)),
        "tti_ms": float(audits.get("interactive", {}).get("numericValue") or 0),
        "lcp_ms": float(audits.get("largest-contentful-paint", {}).get("numericValue") or 0),
        "tbt_ms": float(audits.get("total-blocking-time", {}).get("numericValue") or 0),
    }


def baseline_map(layers: dict[str, gpd.GeoDataFrame], vocab: Vocab, path: Path) -> None:
    """Write the straightforward folium map of the same layers (the baseline)."""
    import folium

    m = folium.Map(location=[31.8, 117.3], zoom_start=9)
    fields = ["name_zh", "name_en", "kind", "status", "clause", "quote", "precision"]
    for name, gdf in layers.items():
        ldef = vocab.layers.get(name)
        if ldef is None or gdf.empty:
            continue
        colours = {k: v.colour for k, v in ldef.kinds.items()}
        dashes = {k: str(v.get("dash")) for k, v in vocab.statuses.items()}
        data = gdf[[*fields, "geometry"]]

        def style(feature, colours=colours, dashes=dashes):
            p = feature["properties"]
            dash = {"dash": "8 6", "dot": "2 6"}.get(dashes.get(p["status"], ""))
            return {"color": colours.get(p["kind"], "#333"), "weight": 3, "dashArray": dash}

        folium.GeoJson(
            data,
            name=f"{ldef.zh} {ldef.en}",
            style_function=style,
            tooltip=folium.GeoJsonTooltip(fields=["name_zh", "name_en"]),
            popup=folium.GeoJsonPopup(fields=fields),
        ).add_to(m)
    folium.LayerControl().add_to(m)
    m.save(str(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=0, help="use N made-up projects")
    parser.add_argument("--runs", type=int, default=3, help="page loads to time")
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: a temp dir)"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    args = parser.parse_args()

    vocab = load_vocab()
    source = "real catalogue"
    layers: dict[str, gpd.GeoDataFrame] = {}
    if not args.synthetic:
        catalogue = load_catalogue()
        if catalogue.projects:
            vocab = catalogue.vocab
            layers = layer_pkg.load_all(catalogue=catalogue)
        else:
            args.synthetic = 100
    if args.synthetic:
        layers = synthetic_layers(vocab, args.synthetic)
        source = f"synthetic catalogue, {args.synthetic} projects"
    n = sum(len(g) for k, g in layers.items() if k not in layer_pkg.BASE_LAYERS)

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out or Path(tmp)
        t0 = time.perf_counter()
        paths = [
            p
            for p in render_maps(layers, vocab=vocab, out_dir=out_dir)
            if p.suffix == ".html"  # the pages (the downloads are written too)
        ]
        build_s = time.perf_counter() - t0
        main_map = out_dir / MAIN_MAP
        size_kb = main_map.stat().st_size / 1024
        per_page = build_s / len(paths)
        baseline = Path(tmp) / "baseline.html"
        t0 = time.perf_counter()
        baseline_map(layers, vocab, baseline)
        base_s = time.perf_counter() - t0
        base_kb = baseline.stat().st_size / 1024
        print(f"source: {source} ({n} features)")
        print(f"build: {build_s:.2f} s for {len(paths)} pages; {MAIN_MAP}: {size_kb:.0f} kB")
        print(
            f"vs plain folium baseline: build {per_page:.2f} s per page vs {base_s:.2f} s "
            f"(ratio {base_s / per_page:.1f}x); main map {size_kb:.0f} kB self-contained "
            f"vs {base_kb:.0f} kB + CDN assets (ratio {base_kb / size_kb:.2f})"
        )
        if CHROMIUM.exists():
            for label, phone in (("desktop 1440x900", False), ("phone 390x844, CPU/4", True)):
                tti = time_to_interactive(main_map, args.runs, phone=phone)
                print(
                    f"time to interactive ({MAIN_MAP}, {label}, median of {len(tti)}): "
                    f"{statistics.median(tti):.0f} ms "
                    f"(runs: {', '.join(f'{t:.0f}' for t in tti)})"
                )
            if not args.no_lighthouse:
                scores = lighthouse(out_dir, MAIN_MAP)
                if isinstance(scores, str):
                    print(f"lighthouse: skipped ({scores})")
                else:
                    print(
                        f"lighthouse mobile ({MAIN_MAP}): performance {scores['performance']}, "
                        f"accessibility {scores['accessibility']} (aim >= 90 both); "
                        f"TTI {scores['tti_ms']:.0f} ms, LCP {scores['lcp_ms']:.0f} ms, "
                        f"TBT {scores['tbt_ms']:.0f} ms"
                    )
        else:
            print(f"time to interactive: skipped ({CHROMIUM} not found)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
