#!/usr/bin/python3
"""Independent travel-time oracles for the network tests (networkx), run by test_network.

  arcs: multi-source Dijkstra on an arc list exported by write_arc_list().
        network_oracle.py arcs ARCS.tsv SOURCES(comma-separated node ids) OUT.tsv
  osm:  parses an OSM file on its own (XML from `osmium cat`), applies the documented
        profile rules, projects with the same equirectangular formula as the test and runs
        Dijkstra from the OSM node nearest to (x, y).
        network_oracle.py osm FILE MODE SPEEDS(cls=kmh,...) LON0 LAT0 X Y OUT.tsv

Written from docs/network.md, not from the C++ code, so that it can disagree with it.
"""
import math
import subprocess
import sys
import xml.etree.ElementTree as ET

import networkx as nx


def add_min_edge(g, u, v, w):
    if g.has_edge(u, v):
        g[u][v]["weight"] = min(g[u][v]["weight"], w)
    else:
        g.add_edge(u, v, weight=w)


def cmd_arcs(arcs_path, sources, out_path):
    g = nx.DiGraph()
    with open(arcs_path) as f:
        next(f)
        for line in f:
            t, h, s = line.split("\t")
            add_min_edge(g, int(t), int(h), float(s))
    srcs = [int(s) for s in sources.split(",")]
    dist = nx.multi_source_dijkstra_path_length(g, srcs, weight="weight")
    with open(out_path, "w") as out:
        for node, sec in sorted(dist.items()):
            out.write(f"{node}\t{sec!r}\n")


DENY = {"no", "private", "agricultural", "forestry"}


def allowed(tags, mode):
    keys = {"walk": ["foot", "access"],
            "bicycle": ["bicycle", "vehicle", "access"],
            "ebike": ["bicycle", "vehicle", "access"],
            "car": ["motorcar", "motor_vehicle", "vehicle", "access"]}[mode]
    for k in keys:
        if k in tags:
            return tags[k] not in DENY
    return True


def directions(tags, mode):
    """(forward, backward) allowed."""
    if mode == "walk":
        return (True, tags.get("oneway:foot") not in ("yes", "1"))
    ow = None
    if mode in ("bicycle", "ebike"):
        ow = tags.get("oneway:bicycle")
    if ow is None:
        ow = tags.get("oneway")
    if ow in ("yes", "true", "1"):
        return (True, False)
    if ow in ("-1", "reverse"):
        return (False, True)
    if ow in ("no", "false", "0"):
        return (True, True)
    if tags.get("junction") in ("roundabout", "circular"):
        return (True, False)
    if tags.get("highway") == "motorway":
        return (True, False)
    return (True, True)


def maxspeed(value):
    if value is None:
        return None
    num = ""
    for ch in value.strip():
        if ch.isdigit() or ch == ".":
            num += ch
        else:
            break
    if not num:
        return None
    v = float(num)
    if v <= 0:
        return None
    return v * 1.609344 if "mph" in value else v


def cmd_osm(path, mode, speeds_text, lon0, lat0, sx, sy, out_path):
    speeds = {}
    for item in speeds_text.split(","):
        k, v = item.split("=")
        speeds[k] = float(v)
    lon0, lat0, sx, sy = float(lon0), float(lat0), float(sx), float(sy)
    xml = subprocess.run(["osmium", "cat", "-f", "osm", "-o", "-", path], check=True,
                         capture_output=True).stdout
    r = 6371000.0 * math.pi / 180.0
    k = math.cos(lat0 * math.pi / 180.0)
    pos = {}
    ways = []
    for _, el in ET.iterparse(__import__("io").BytesIO(xml)):
        if el.tag == "node":
            lon, lat = float(el.get("lon")), float(el.get("lat"))
            pos[int(el.get("id"))] = ((lon - lon0) * k * r, (lat - lat0) * r)
            el.clear()
        elif el.tag == "way":
            tags = {t.get("k"): t.get("v") for t in el.findall("tag")}
            refs = [int(n.get("ref")) for n in el.findall("nd")]
            ways.append((tags, refs))
            el.clear()
    g = nx.DiGraph()
    for tags, refs in ways:
        hw = tags.get("highway")
        if hw is None or hw not in speeds or speeds[hw] <= 0:
            continue
        if tags.get("area") == "yes" or not allowed(tags, mode):
            continue
        if any(n not in pos for n in refs):
            continue
        kmh = speeds[hw]
        if mode == "car":
            limit = maxspeed(tags.get("maxspeed"))
            if limit is not None:
                kmh = min(kmh, limit)
        mps = kmh / 3.6
        fwd, bwd = directions(tags, mode)
        for a, b in zip(refs, refs[1:]):
            if a == b:
                continue
            (ax, ay), (bx, by) = pos[a], pos[b]
            w = math.hypot(bx - ax, by - ay) / mps
            if fwd:
                add_min_edge(g, a, b, w)
            if bwd:
                add_min_edge(g, b, a, w)
    source = min(g.nodes, key=lambda n: (pos[n][0] - sx) ** 2 + (pos[n][1] - sy) ** 2)
    dist = nx.single_source_dijkstra_path_length(g, source, weight="weight")
    with open(out_path, "w") as out:
        for node, sec in dist.items():
            x, y = pos[node]
            out.write(f"{x!r}\t{y!r}\t{sec!r}\n")


if __name__ == "__main__":
    if sys.argv[1] == "arcs":
        cmd_arcs(*sys.argv[2:5])
    elif sys.argv[1] == "osm":
        cmd_osm(*sys.argv[2:10])
    else:
        sys.exit("usage: network_oracle.py arcs|osm ...")
