#!/usr/bin/env python3
"""Derives seed-data/departement-outlines.txt from the public outlines of
the départements (france-geojson, IGN Admin Express and INSEE COG,
Licence Ouverte — see ../shared/data/geo/SOURCES.md):

    python3 seed-data/tools/departement_outlines.py \
        ../shared/data/geo/departements-avec-outre-mer.geojson \
        > seed-data/departement-outlines.txt

One line per département: INSEE code, a tab, an SVG path in a 1000 x 850
box. Metropolitan France is projected with an equirectangular projection
around 46.5° N; the five overseas départements are drawn in insets along
the left edge, each at its own scale. Rings are simplified (Douglas-Peucker,
0.6 unit) and coordinates rounded to tenths: the map is a picture of where
things are, not a survey. The same projection is in src/directory/map.rs
(`project`): change both together.
"""
import json
import math
import sys

WIDTH, HEIGHT = 1000.0, 850.0
TOLERANCE = 0.6
# Metropolitan bounds (with Corsica), in degrees.
WEST, EAST, SOUTH, NORTH = -5.3, 9.7, 41.3, 51.2
COS = math.cos(math.radians(46.5))
# Insets for overseas départements: (x, y, size) in the box.
INSETS = {
    "971": (10, 420, 75),
    "972": (10, 505, 75),
    "973": (10, 590, 75),
    "974": (10, 675, 75),
    "976": (10, 760, 75),
}

SCALE = min((WIDTH - 140) / ((EAST - WEST) * COS), (HEIGHT - 20) / (NORTH - SOUTH))


def metropolitan(lon, lat):
    return (130 + (lon - WEST) * COS * SCALE, 10 + (NORTH - lat) * SCALE)


def inset_projection(rings, code):
    lons = [p[0] for r in rings for p in r]
    lats = [p[1] for r in rings for p in r]
    cos = math.cos(math.radians(sum(lats) / len(lats)))
    width = (max(lons) - min(lons)) * cos
    height = max(lats) - min(lats)
    x0, y0, size = INSETS[code]
    scale = size / max(width, height)
    west, north = min(lons), max(lats)
    return lambda lon, lat: (x0 + (lon - west) * cos * scale, y0 + (north - lat) * scale)


def simplify_ring(points, tolerance):
    """A closed ring: split at the point farthest from its start, so both
    halves have distinct ends."""
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: math.hypot(points[i][0] - x0, points[i][1] - y0))
    return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)


def simplify(points, tolerance):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-9
        worst, at = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if d > worst:
                worst, at = d, i
        if at is not None and worst > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep) if k]


def main(path):
    features = json.load(open(path, encoding="utf-8"))["features"]
    for feature in sorted(features, key=lambda f: f["properties"]["code"]):
        code = feature["properties"]["code"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [ring for polygon in polygons for ring in polygon]
        project = inset_projection(rings, code) if code in INSETS else metropolitan
        parts = []
        for ring in rings:
            points = simplify_ring([project(lon, lat) for lon, lat in ring], TOLERANCE)
            if len(points) < 4:
                continue
            parts.append(
                "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points[:-1]) + "Z"
            )
        print(f"{code}\t{''.join(parts)}")


if __name__ == "__main__":
    main(sys.argv[1])
