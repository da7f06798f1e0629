"""Checks that hardlint's position locator gives exactly LibCST PositionProvider's ranges.

For every Python file under the given paths (default: the benchmark corpus) it compares, node by
node, the ranges of every node and of random small subsets of nodes (the locator stops early and
records hoisted child positions on demand, so subsets exercise different paths).

    python benchmarks/verify_positions.py [PATH ...]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from hardlint.positions import Locator

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _all_nodes(module: cst.Module) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.children)
    return found


def _expected(positions: dict, node: cst.CSTNode) -> tuple[int, int, int, int]:
    r = positions[node]
    return r.start.line, r.start.column + 1, r.end.line, r.end.column + 1


def verify_source(source: str, rng: random.Random, subsets: int = 5) -> int:
    """Number of mismatching nodes for one source text (0 when the locator is exact)."""
    module = cst.parse_module(source)
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = [n for n in _all_nodes(module) if n in positions]
    bad = 0
    choices = [nodes] + [rng.sample(nodes, min(len(nodes), rng.randint(1, 4))) for _ in range(subsets)]
    for chosen in choices:
        locate = Locator(source, module, chosen)
        for node in chosen:
            if locate.range(node) != _expected(positions, node):
                bad += 1
    return bad


def main(argv: list[str]) -> int:
    import corpus

    roots = [Path(a) for a in argv] or [corpus.build()]
    files = [f for root in roots for f in (sorted(root.rglob("*.py")) if root.is_dir() else [root])]
    rng = random.Random(6)
    checked = mismatched = 0
    for path in files:
        try:
            source = path.read_bytes().decode("utf-8")
            bad = verify_source(source, rng)
        except (UnicodeDecodeError, cst.ParserSyntaxError):
            continue
        checked += 1
        if bad:
            mismatched += 1
            print(f"{path}: {bad} node ranges differ")
    print(f"{checked} files compared, {mismatched} with differences")
    return 1 if mismatched else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
