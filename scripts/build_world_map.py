"""Build src/dateline/data/world_110m.geojson: country outlines for the web UI's offline map.

Source: Natural Earth 1:110m Admin 0 Countries (public domain, naturalearthdata.com), as
shipped in the PyPI wheel of geopandas 0.14.4 (``geopandas/datasets/naturalearth_lowres``;
later geopandas releases dropped it). The wheel is fetched with pip, the shapefile read with
pyshp, coordinates rounded to 0.01 degree and repeated points dropped.

Usage: python scripts/build_world_map.py [--wheel geopandas-0.14.4-py3-none-any.whl] [--out FILE]
Needs: pip install 'pyshp>=2.3,<4'
"""
from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import shapefile

WHEEL = "geopandas==0.14.4"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/dateline/data/world_110m.geojson"
SOURCE = ("Natural Earth 1:110m Admin 0 Countries (public domain), from the geopandas 0.14.4 wheel "
          "(datasets/naturalearth_lowres); built by scripts/build_world_map.py")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="geopandas 0.14.4 wheel (downloaded with pip when absent)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    wheel = args.wheel or _download_wheel(Path(tempfile.mkdtemp()))
    collection = build(wheel)
    args.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} countries, {args.out.stat().st_size:,} bytes to {args.out}")


def _download_wheel(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", WHEEL, "-d", str(folder)], check=True)
    return next(folder.glob("geopandas-*.whl"))


def build(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as archive:
        files = {ext: io.BytesIO(archive.read(f"{MEMBER}.{ext}")) for ext in ("shp", "shx", "dbf")}
        encoding = archive.read(f"{MEMBER}.cpg").decode("ascii").strip()  # ISO-8859-1
    reader = shapefile.Reader(**files, encoding=encoding)
    features = [_feature(record, shape) for shape, record in zip(reader.shapes(), reader.records())]
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "source": SOURCE, "features": features}


def _feature(record: shapefile.Record, shape: shapefile.Shape) -> dict:
    geometry = shape.__geo_interface__
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    rounded = [[_ring(ring) for ring in polygon] for polygon in polygons]
    iso = record["iso_a3"] if record["iso_a3"] != "-99" else None
    return {
        "type": "Feature",
        "properties": {"name": record["name"], "iso_a3": iso, "continent": record["continent"]},
        "geometry": {"type": "MultiPolygon", "coordinates": [p for p in rounded if len(p[0]) >= 4]},
    }


def _ring(ring) -> list[list[float]]:
    points: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 2), round(lat, 2)]
        if not points or point != points[-1]:
            points.append(point)
    return points


if __name__ == "__main__":
    main()
