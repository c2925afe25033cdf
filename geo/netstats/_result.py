"""The result of :func:`geo.netstats.network_stats`: its columns, JSON and text table."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["STAT_COLUMNS", "NetworkStats"]

STAT_COLUMNS: tuple[str, ...] = (
    "network_class",
    "nodes",
    "edges",
    "components",
    "largest_component_length_share",
    "length_km",
    "edge_length_avg_km",
    "dead_ends",
    "junctions",
    "k_avg",
    "streets_per_node_avg",
    "circuity_avg",
    "self_loop_proportion",
    "node_density_per_km2",
    "junction_density_per_km2",
    "edge_density_km_per_km2",
    "area_km2",
)
"""Columns of :attr:`NetworkStats.table` (lengths km, areas km², densities per km²)."""


@dataclass(frozen=True)
class NetworkStats:
    """Structure figures, one row per network class.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns :data:`STAT_COLUMNS`: ``nodes``; ``edges`` (undirected);
        ``components`` (connected, undirected); ``largest_component_length_share``
        (0-1); ``length_km`` (sum of undirected edge lengths, not
        de-duplicated); ``edge_length_avg_km``; ``dead_ends`` (nodes with one
        edge); ``junctions`` (nodes with three or more edges); ``k_avg`` (osmnx:
        mean directed degree); ``streets_per_node_avg``; ``circuity_avg``
        (edge length / straight-line distance); ``self_loop_proportion``;
        ``node_density_per_km2``, ``junction_density_per_km2`` (counts per km²);
        ``edge_density_km_per_km2`` (km of undirected edge per km²);
        ``area_km2``.
    graphs : dict of str to networkx.MultiDiGraph
        The osmnx graph of each class.
    """

    table: pd.DataFrame
    graphs: dict[str, nx.MultiDiGraph]

    def to_frame(self) -> pd.DataFrame:
        """Return the table (a copy)."""
        return self.table.copy()

    def to_json_dict(self) -> dict[str, dict[str, int | float]]:
        """``{class: {column: value}}`` with plain JSON numbers (rounded to 4 decimals)."""
        out: dict[str, dict[str, int | float]] = {}
        for rec in self.table.to_dict("records"):
            cls = str(rec.pop("network_class"))
            out[cls] = {
                str(k): (int(v) if isinstance(v, int | np.integer) else round(float(v), 4))
                for k, v in rec.items()
            }
        return out

    def format_table(self) -> str:
        """Format a readable text table (one line per class)."""
        head = (
            f"{'class':<12} {'nodes':>7} {'edges':>7} {'comp.':>6} {'largest':>8} {'km':>9} "
            f"{'dead':>6} {'junct.':>6} {'circuity':>8} {'km/km²':>8}"
        )
        lines = [head, "-" * len(head)]
        for r in self.table.to_dict("records"):
            lines.append(
                f"{r['network_class']:<12} {r['nodes']:>7d} {r['edges']:>7d} {r['components']:>6d} "
                f"{r['largest_component_length_share']:>8.1%} {r['length_km']:>9.1f} "
                f"{r['dead_ends']:>6d} {r['junctions']:>6d} {r['circuity_avg']:>8.3f} "
                f"{r['edge_density_km_per_km2']:>8.4f}"
            )
        return "\n".join(lines)
