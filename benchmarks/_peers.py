"""The tools an analyst would use instead of our kernel, for benchmarks/density.py.

Each peer takes the same inputs (segments as ``(n, 4)`` coordinates, the same
segments as shapely LineStrings, the polygons) and returns metres inside each
polygon. Loading data into a database is done in ``load`` and not timed;
``run`` is the timed query. A peer that cannot be had raises ``Unavailable``
with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

SQL_SHORTCUT = (
    "SELECT p.pid, SUM(CASE WHEN ST_Within(s.geom, p.geom) THEN ST_Length(s.geom) "
    "ELSE ST_Length(ST_Intersection(s.geom, p.geom)) END) AS m "
    "FROM {polys} p JOIN segs s ON ST_Intersects(s.geom, p.geom) GROUP BY p.pid"
)


class Unavailable(RuntimeError):  # noqa: N818 - reads as "peer unavailable"
    """The peer cannot run here; the message says why."""


def _per_polygon(pids: np.ndarray, metres: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n)
    np.add.at(out, pids.astype(np.int64), metres.astype(float))
    return out


class ShapelyPeer:
    """Shapely 2 vectorised: STRtree, prepared polygons, contains_properly shortcut (exact)."""

    name = "shapely 2 vectorised (STRtree, contains_properly shortcut)"

    def load(self, seg: np.ndarray, lines: np.ndarray, polys: list) -> None:
        self.lines, self.polys = lines, polys

    def run(self) -> np.ndarray:
        lines = self.lines
        tree = shapely.STRtree(lines)
        out = np.zeros(len(self.polys))
        for k, poly in enumerate(self.polys):
            own = shapely.from_wkb(shapely.to_wkb(poly))  # prepare a copy, not the caller's
            shapely.prepare(own)
            idx = tree.query(own, predicate="intersects")
            cand = lines[idx]
            inside = shapely.contains_properly(own, cand)
            out[k] = (
                shapely.length(cand[inside]).sum()
                + shapely.length(shapely.intersection(cand[~inside], poly)).sum()
            )
        return out

    def close(self) -> None:
        pass


class OverlayPeer:
    """geopandas.overlay, then length per polygon (the project's former baseline)."""

    name = "geopandas.overlay"

    def load(self, seg: np.ndarray, lines: np.ndarray, polys: list) -> None:
        self.net = gpd.GeoDataFrame(geometry=lines, crs=4548)
        self.areas = gpd.GeoDataFrame({"poly": np.arange(len(polys))}, geometry=polys, crs=4548)
        self.n = len(polys)

    def run(self) -> np.ndarray:
        pieces = gpd.overlay(self.net, self.areas, how="intersection", keep_geom_type=True)
        return _per_polygon(pieces["poly"].to_numpy(), pieces.length.to_numpy(), self.n)

    def close(self) -> None:
        pass


class DuckDBPeer:
    """DuckDB spatial (PyPI duckdb + duckdb-extension-spatial, loaded from the installed file)."""

    name = "DuckDB spatial, ST_Within shortcut"

    def load(self, seg: np.ndarray, lines: np.ndarray, polys: list) -> None:
        try:
            import duckdb
            import duckdb_extension_spatial
        except ImportError as exc:
            raise Unavailable(f"{exc.name} is not installed (pip install -e '.[bench]')") from exc
        ext = (
            Path(duckdb_extension_spatial.__file__).parent
            / "extensions"
            / f"v{duckdb.__version__}"
            / "spatial.duckdb_extension"
        )
        if not ext.exists():
            raise Unavailable(f"no spatial extension for duckdb {duckdb.__version__} at {ext}")
        import pandas as pd

        self.version = duckdb.__version__
        self.con = duckdb.connect()
        self.con.execute(f"LOAD '{ext}'")
        self.con.execute("SET threads = 1")
        frame = pd.DataFrame(seg, columns=["x0", "y0", "x1", "y1"])
        self.con.register("segframe", frame)
        self.con.execute(
            "CREATE TABLE segs AS SELECT ST_MakeLine(ST_Point(x0, y0), ST_Point(x1, y1)) AS geom "
            "FROM segframe"
        )
        pf = pd.DataFrame({"pid": np.arange(len(polys)), "wkb": shapely.to_wkb(polys)})
        self.con.register("polyframe", pf)
        self.con.execute(
            "CREATE TABLE polys AS SELECT pid, ST_GeomFromWKB(wkb) AS geom FROM polyframe"
        )
        self.n = len(polys)

    def run(self) -> np.ndarray:
        rows = self.con.execute(SQL_SHORTCUT.format(polys="polys")).fetchnumpy()
        return _per_polygon(rows["pid"], rows["m"], self.n)

    def close(self) -> None:
        self.con.close()


class SedonaDBPeer:
    """Apache SedonaDB (PyPI sedonadb)."""

    name = "SedonaDB, ST_Within shortcut"

    def load(self, seg: np.ndarray, lines: np.ndarray, polys: list) -> None:
        try:
            import sedonadb
        except ImportError as exc:
            raise Unavailable("sedonadb is not installed (pip install -e '.[bench]')") from exc
        self.sd = sedonadb.connect()
        segs = gpd.GeoDataFrame(geometry=lines, crs=4548).rename_geometry("geom")
        areas = gpd.GeoDataFrame({"pid": np.arange(len(polys))}, geometry=polys, crs=4548)
        # materialise both tables once, so that the timed query does not convert frames
        self.sd.create_data_frame(segs).to_memtable().to_view("segs", overwrite=True)
        self.sd.create_data_frame(areas.rename_geometry("geom")).to_memtable().to_view(
            "polys", overwrite=True
        )
        self.n = len(polys)

    def run(self) -> np.ndarray:
        df = self.sd.sql(SQL_SHORTCUT.format(polys="polys")).to_pandas()
        return _per_polygon(df["pid"].to_numpy(), df["m"].to_numpy(), self.n)

    def close(self) -> None:
        pass


class PostGISPeer:
    """PostGIS (Debian postgresql + postgis) in a temporary cluster on a Unix socket.

    Tuned as an expert would: polygons cut with ``ST_Subdivide(256)``, GiST
    indexes, ``ST_Within`` shortcut, ``max_parallel_workers_per_gather = 0``
    (one core, like the others). The cluster is stopped and removed in
    :meth:`close`.
    """

    name = "PostGIS, ST_Subdivide(256) + ST_Within shortcut, GiST"

    def _bin(self) -> Path:
        for root in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
            if (root / "initdb").exists():
                return root
        raise Unavailable("PostgreSQL is not installed (apt-get install postgresql-15-postgis-3)")

    def _as_owner(self, cmd: list[str]) -> list[str]:
        if os.geteuid() == 0:  # the server refuses to run as root
            return ["runuser", "-u", "postgres", "--", *cmd]
        return cmd

    def load(self, seg: np.ndarray, lines: np.ndarray, polys: list) -> None:
        bindir = self._bin()
        try:
            import psycopg
        except ImportError as exc:
            raise Unavailable("psycopg is not installed (pip install -e '.[bench]')") from exc
        if not list(Path("/usr/share/postgresql").glob("*/extension/postgis.control")):
            raise Unavailable("PostGIS is not installed (apt-get install postgresql-15-postgis-3)")
        self.dir = Path(tempfile.mkdtemp(prefix="bench-postgis-"))
        self.started = False
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        data, sock = self.dir / "data", self.dir
        run = {"check": True, "capture_output": True, "text": True}
        subprocess.run(
            self._as_owner([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "bench"]),
            **run,
        )
        opts = (
            f"-k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c shared_buffers=1GB -c work_mem=256MB "
            "-c max_parallel_workers_per_gather=0 -c jit=off"
        )
        subprocess.run(
            self._as_owner(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    opts,
                    "-w",
                    "-l",
                    str(self.dir / "log"),
                    "start",
                ]
            ),
            **run,
        )
        self.started, self.bindir, self.data = True, bindir, data
        self.conn = psycopg.connect(
            host=str(sock), user="bench", dbname="postgres", autocommit=True
        )
        cur = self.conn.cursor()
        self.version = cur.execute("SELECT version()").fetchone()[0].split(" on ")[0]
        cur.execute("CREATE EXTENSION postgis")
        self.version += ", PostGIS " + cur.execute("SELECT postgis_lib_version()").fetchone()[0]
        cur.execute("CREATE UNLOGGED TABLE raw (x0 float8, y0 float8, x1 float8, y1 float8)")
        with cur.copy("COPY raw FROM STDIN") as copy:
            for row in seg.tolist():
                copy.write_row(row)
        cur.execute(
            "CREATE UNLOGGED TABLE segs AS SELECT ST_MakeLine(ST_MakePoint(x0, y0), "
            "ST_MakePoint(x1, y1)) AS geom FROM raw"
        )
        cur.execute("DROP TABLE raw")
        cur.execute("CREATE UNLOGGED TABLE polys_raw (pid int, geom geometry)")
        with cur.copy("COPY polys_raw (pid, geom) FROM STDIN") as copy:
            for k, w in enumerate(shapely.to_wkb(polys, hex=True)):
                copy.write_row([k, w])
        cur.execute(
            "CREATE UNLOGGED TABLE polys AS SELECT pid, ST_Subdivide(geom, 256) AS geom "
            "FROM polys_raw"
        )
        cur.execute("CREATE INDEX ON segs USING gist (geom)")
        cur.execute("CREATE INDEX ON polys USING gist (geom)")
        cur.execute("VACUUM ANALYZE segs")
        cur.execute("VACUUM ANALYZE polys")
        self.backend = int(cur.execute("SELECT pg_backend_pid()").fetchone()[0])
        self.n = len(polys)

    def extra_cpu(self) -> float:
        """CPU seconds (user + system) of this connection's server process so far."""
        fields = Path(f"/proc/{self.backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def run(self) -> np.ndarray:
        rows = self.conn.execute(SQL_SHORTCUT.format(polys="polys")).fetchall()
        arr = np.array(rows, dtype=float).reshape(-1, 2)
        return _per_polygon(arr[:, 0], arr[:, 1], self.n)

    def close(self) -> None:
        if getattr(self, "conn", None) is not None:
            self.conn.close()
        if getattr(self, "started", False):
            subprocess.run(
                self._as_owner(
                    [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
                ),
                check=False,
                capture_output=True,
            )
        if getattr(self, "dir", None) is not None:
            shutil.rmtree(self.dir, ignore_errors=True)


PEERS = {
    "shapely": ShapelyPeer,
    "postgis": PostGISPeer,
    "sedonadb": SedonaDBPeer,
    "duckdb": DuckDBPeer,
    "overlay": OverlayPeer,
}


def timed(fn, repeat: int, extra_cpu=None) -> tuple[list[float], list[float], np.ndarray]:
    """Run ``fn`` ``repeat`` times; return wall times, CPU times (s) and the last result.

    CPU time is this process's (all its threads) plus ``extra_cpu()`` (a database
    server's), which is steadier than wall time on a loaded machine.
    """
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        c0 = time.process_time() + (extra_cpu() if extra_cpu else 0.0)
        t = time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() + (extra_cpu() if extra_cpu else 0.0) - c0)
    return walls, cpus, result
