"""Network structure (nodes, edges, components, osmnx basic stats) of rail and roads.

:func:`network_stats` turns a network (the lines of
:func:`geo.network.load_network`, or an osmnx graph) into one row of figures
per class (``rail``, ``expressway``, ``trunk``, ...), clipped to a boundary
(default Hefei). Graphs are osmnx ``MultiDiGraph`` objects, so every osmnx
function applies to them.

Units
-----
osmnx's :func:`osmnx.stats.basic_stats` reports lengths in metres and its
``*_density_km`` keys *per km²*: ``edge_density_km`` and ``street_density_km``
are **metres of edge per km²**, ``node_density_km`` and
``intersection_density_km`` are **counts per km²**. This module converts the
length densities to km per km² and says so in the column names.

Graphs from lines (:func:`graph_from_lines`) have a node at each line end and
at each point where a line ends on another line (a T-junction, within
``snap_m``). Lines that cross without a shared node (a bridge over a railway)
are not connected, as in OpenStreetMap. Every line is an edge in both
directions (railways and the carriageway pair of an expressway are two-way
infrastructure); the counts below are of undirected edges.
"""

from geo.netstats._lines import graph_from_lines
from geo.netstats._osm import graph_from_osm
from geo.netstats._result import STAT_COLUMNS, NetworkStats
from geo.netstats._stats import network_stats

__all__ = ["STAT_COLUMNS", "NetworkStats", "graph_from_lines", "graph_from_osm", "network_stats"]
