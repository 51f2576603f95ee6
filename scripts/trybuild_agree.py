#!/usr/bin/env python3
"""Case-by-case agreement of snipcheck with trybuild on the same trybuild suites.

    python3 scripts/trybuild_agree.py PEER.jsonl SNIPCHECK.json [PEER.jsonl SNIPCHECK.json ...]

PEER.jsonl: trybuild's verdicts as written by scripts/trybuild_verdicts.sh, one JSON
object a line: {"package", "path": "tests/ui/foo.rs", "verdict": "pass"|"fail",
"detail"}; one file may hold several packages (of one toolchain).

SNIPCHECK.json: the report of `snipcheck check --format json` run from the package root
(README "JSON report"): a top-level object with an "exercises" array whose items have
"path" (the case, relative to the package root: tests/ui/foo.rs) and "status" (pass,
fail, error, skipped). A path given from elsewhere (./tests/..., an absolute path, or
pkgs/NAME-VERSION/tests/...) is cut back to the part after the package's directory; when
the peer file holds several packages, an exercise goes to the package whose directory
its path names (or, failing that, to the one package that has the case).

Verdicts compared: trybuild pass/fail against snipcheck pass/fail; snipcheck `error`
(could not be checked) counts as fail, as trybuild fails such a case too, and is shown
as such; `skipped` never agrees (trybuild skips nothing).

Prints per package agreed/total, every disagreement with both verdicts (and trybuild's
detail), every case found on one side only, and the overall percentage.
Exit status: 0 when every case is on both sides (whether or not they agree), 1 when a case
is missing on either side, 2 when a file is not of the expected format or on a usage error.
"""
import json
import signal
import sys
from collections import OrderedDict

STATUSES = {"pass", "fail", "error", "skipped"}


class FormatError(Exception):
    pass


def norm(path):
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def load_peer(path):
    cases = OrderedDict()  # (package, path) -> record
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise FormatError(f"{path}:{n}: not a JSON line ({e})")
            missing = [k for k in ("package", "path", "verdict") if k not in rec]
            if missing or rec.get("verdict") not in ("pass", "fail"):
                raise FormatError(
                    f"{path}:{n}: expected {{\"package\", \"path\", \"verdict\": \"pass\"|\"fail\", ...}} "
                    f"(trybuild_verdicts.sh output); got {line.strip()[:200]}")
            key = (rec["package"], norm(rec["path"]))
            if key in cases:
                raise FormatError(f"{path}:{n}: {key[0]} {key[1]} appears twice "
                                  "(two toolchains in one file?)")
            cases[key] = rec
    return cases


def load_snipcheck(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except json.JSONDecodeError as e:
        raise FormatError(f"{path}: not JSON ({e}); was snipcheck run with --format json?")
    if not isinstance(doc, dict) or not isinstance(doc.get("exercises"), list):
        shape = sorted(doc)[:10] if isinstance(doc, dict) else type(doc).__name__
        raise FormatError(
            f"{path}: expected snipcheck's JSON report, a top-level object with an "
            f"\"exercises\" array (README \"JSON report\"); got {shape}")
    out = []
    for i, item in enumerate(doc["exercises"]):
        if not isinstance(item, dict) or "path" not in item or "status" not in item:
            keys = sorted(item)[:10] if isinstance(item, dict) else type(item).__name__
            raise FormatError(
                f"{path}: exercises[{i}] should have \"path\" and \"status\"; it has {keys}")
        if item["status"] not in STATUSES:
            raise FormatError(
                f"{path}: exercises[{i}] ({item['path']}) has status {item['status']!r}, "
                f"not one of {sorted(STATUSES)}")
        out.append(item)
    return out


def locate(path, packages, peer_paths):
    """(package, path relative to its root) for a snipcheck exercise path."""
    p = norm(path)
    parts = p.split("/")
    for pkg in packages:
        if pkg in parts[:-1]:
            i = len(parts) - 1 - parts[::-1].index(pkg)
            return pkg, "/".join(parts[i + 1:])
    if len(packages) == 1:
        return packages[0], p
    owners = [pkg for pkg in packages if (pkg, p) in peer_paths]
    if len(owners) == 1:
        return owners[0], p
    return None, p


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if not argv or "-h" in argv or "--help" in argv:
        print(__doc__.strip())
        return 0 if argv else 2
    if len(argv) % 2:
        print("trybuild_agree: needs PEER.jsonl SNIPCHECK.json pairs", file=sys.stderr)
        return 2

    peer, ours, order = OrderedDict(), {}, []
    unplaced = []
    try:
        for peer_file, ours_file in zip(argv[::2], argv[1::2]):
            these = load_peer(peer_file)
            packages = list(OrderedDict.fromkeys(pkg for pkg, _ in these))
            if not packages:
                raise FormatError(f"{peer_file}: no cases")
            for key, rec in these.items():
                if key in peer:
                    raise FormatError(f"{peer_file}: {key[0]} {key[1]} is also in another peer file")
                peer[key] = rec
            order += [p for p in packages if p not in order]
            for item in load_snipcheck(ours_file):
                pkg, path = locate(item["path"], packages, these)
                if pkg is None:
                    unplaced.append((ours_file, item["path"]))
                    continue
                if (pkg, path) in ours:
                    raise FormatError(f"{ours_file}: {pkg} {path} reported twice")
                ours[(pkg, path)] = item
    except (OSError, FormatError) as e:
        print(f"trybuild_agree: {e}", file=sys.stderr)
        return 2

    def ours_verdict(item):
        return {"pass": "pass", "fail": "fail", "error": "fail", "skipped": "skipped"}[item["status"]]

    total_agreed = total = 0
    disagreements, only_peer, only_ours = [], [], []
    rows = []
    for pkg in order:
        keys = sorted({k for k in peer if k[0] == pkg} | {k for k in ours if k[0] == pkg})
        agreed = both = 0
        for key in keys:
            p, o = peer.get(key), ours.get(key)
            if p is None:
                only_ours.append((key, o["status"]))
                continue
            if o is None:
                only_peer.append((key, p["verdict"], p.get("detail", "")))
                continue
            both += 1
            if p["verdict"] == ours_verdict(o):
                agreed += 1
            else:
                disagreements.append((key, p, o))
        rows.append((pkg, agreed, both, len(keys)))
        total_agreed += agreed
        total += both

    width = max([len(r[0]) for r in rows] + [7])
    print(f"{'package':<{width}}  agreed/compared  (cases on either side)")
    for pkg, agreed, both, n in rows:
        pct = f"{100.0 * agreed / both:5.1f}%" if both else "   - "
        print(f"{pkg:<{width}}  {agreed:>3}/{both:<3} {pct}  ({n})")
    if disagreements:
        print(f"\ndisagreements ({len(disagreements)}):")
        for (pkg, path), p, o in disagreements:
            status = o["status"] + (" (counts as fail)" if o["status"] == "error" else "")
            detail = f" ({p['detail']})" if p.get("detail") else ""
            extra = f"; {o['message']}" if o.get("message") else ""
            print(f"  {pkg} {path}: trybuild {p['verdict']}{detail}, snipcheck {status}{extra}")
    if only_peer:
        print(f"\nonly in trybuild's verdicts ({len(only_peer)}):")
        for (pkg, path), verdict, detail in only_peer:
            print(f"  {pkg} {path}: trybuild {verdict} ({detail}), snipcheck -")
    if only_ours:
        print(f"\nonly in snipcheck's report ({len(only_ours)}):")
        for (pkg, path), status in only_ours:
            print(f"  {pkg} {path}: trybuild -, snipcheck {status}")
    if unplaced:
        print(f"\nsnipcheck exercises of no known package ({len(unplaced)}):")
        for f, path in unplaced:
            print(f"  {f}: {path}")
    pct = f"{100.0 * total_agreed / total:.1f}%" if total else "-"
    print(f"\noverall: {total_agreed}/{total} cases agree ({pct})")
    missing = len(only_peer) + len(only_ours) + len(unplaced)
    if missing:
        print(f"{missing} case(s) missing on one side", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
