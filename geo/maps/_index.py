"""The index page of the maps: one link per map, saying which need the network.

Each entry says what the map shows and, truthfully, whether it works offline:
the WGS84 maps request nothing (their default basemap is a plain background;
online basemaps are offered, tile requests only when picked), the GCJ-02 map
opens on Amap tiles, which need the network. The data downloads written beside
the maps are linked too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["IndexEntry", "index_html"]


@dataclass(frozen=True)
class IndexEntry:
    """One map on the index.

    File, Chinese and English title, what it holds, and whether its default
    basemap needs the network.
    """

    href: str
    zh: str
    en: str
    what: str
    needs_network: bool


def _entry(e: IndexEntry) -> str:
    badge = (
        '<span class="net">需联网 needs the network: its Amap tiles load from autonavi.com; '
        "the overlays draw offline</span>"
        if e.needs_network
        else '<span class="off">离线可用 works offline: no request leaves the page</span>'
    )
    return (
        f'<li><a href="{escape(e.href)}">{escape(e.zh)} <span class="en">{escape(e.en)}</span></a>'
        f'<div class="what">{escape(e.what)}</div><div class="what">{badge}</div></li>'
    )


def index_html(
    entries: Sequence[IndexEntry],
    *,
    title: tuple[str, str],
    total: int,
    downloads: Sequence[Mapping[str, str]] = (),
) -> str:
    """Return the index page's HTML.

    Parameters
    ----------
    entries : sequence of IndexEntry
        The maps, in order.
    title : (str, str)
        Chinese and English title.
    total : int
        Number of plan features over all maps.
    downloads : sequence of mapping
        ``href``, ``zh``, ``en``, ``format`` of each data download.

    Returns
    -------
    str
        A complete, self-contained HTML document (no request leaves it).
    """
    items = "\n".join(_entry(e) for e in entries)
    files = "\n".join(
        f'<li><a href="{escape(d["href"])}" download>{escape(d["zh"])} '
        f'<span class="en">{escape(d["en"])}</span></a> '
        f'<span class="fmt">{escape(d["format"])}</span></li>'
        for d in downloads
    )
    files_html = (
        f'<h2>数据下载 <span class="en">Downloads</span></h2>\n<ul class="dl">\n{files}\n</ul>'
        if files
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{escape(title[0])} — maps</title>
<style>
body {{ font: 15px/1.5 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
h1 {{ font-size: 1.35rem; margin-bottom: .2rem; }} h2 {{ font-size: 1.1rem; margin-top: 1.6rem; }}
.sub {{ color: #555; margin-top: 0; }}
ul {{ list-style: none; padding: 0; }}
li {{ margin: .8rem 0; padding: .6rem .8rem; border: 1px solid #ddd; border-radius: 6px; }}
ul.dl li {{ margin: .4rem 0; padding: .4rem .8rem; }}
a {{ font-weight: 600; color: #0b5394; text-decoration: none; display: inline-block;
  min-height: 24px; }}
a:hover {{ text-decoration: underline; }}
a:focus-visible {{ outline: 3px solid #1a73e8; outline-offset: 2px; }}
.en {{ font-weight: 400; color: #555; }}
.what {{ color: #444; font-size: .9rem; }}
.net {{ color: #8a4b00; }} .off {{ color: #1b6b34; }} .fmt {{ color: #555; font-size: .9rem; }}
footer {{ color: #555; font-size: .9rem; margin-top: 2rem; }}
</style>
</head>
<body>
<main>
<h1>{escape(title[0])}</h1>
<p class="sub">{escape(title[1])} · {total} features</p>
<ul>
{items}
</ul>
{files_html}
</main>
<footer>The maps marked “works offline” request nothing; online basemaps are offered in
each map's layer panel and load tiles only when picked. The GCJ-02 map opens on Amap tiles,
which need the network. Geometry marked “schematic” shows where a project runs, not its
alignment.</footer>
</body>
</html>
"""
