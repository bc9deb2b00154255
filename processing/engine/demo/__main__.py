"""Command line: ``python3 -m community_governance.processing.engine.demo --help``."""

import argparse
import sys
from pathlib import Path

from . import DEFAULT_SEED, SIZES, generate, write_geopackage


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate the synthetic demo community (GeoPackage + known truth)."
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--size", choices=sorted(SIZES), default="demo", help="demo (shipped) or city (25x, benchmarks)"
    )
    parser.add_argument(
        "--output", type=Path, default=Path("community_demo.gpkg"), help="GeoPackage to write"
    )
    parser.add_argument(
        "--truth",
        type=Path,
        default=None,
        help="known-truth JSON (default: known_truth.json beside the output)",
    )
    args = parser.parse_args(argv)
    truth = args.truth or args.output.with_name("known_truth.json")
    data = generate(seed=args.seed, size=args.size)
    write_geopackage(data, args.output, truth)
    sys.stdout.write(f"wrote {args.output} and {truth}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
