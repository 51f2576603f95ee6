#!/usr/bin/env python3
"""The trybuild cases of a package, as trybuild itself would expand them.

    python3 scripts/trybuild_cases.py PACKAGE_DIR [--test NAME] [--count]

Reads PACKAGE_DIR/tests/NAME.rs (default compiletest) for the calls
`.compile_fail("GLOB")` and `.pass("GLOB")` and expands each glob from the package root
the way trybuild does (the `glob` crate: `**` is any number of directories, matches
sorted, a path listed twice keeps its first place and, when it came from a glob, takes
the later call's expectation; a path without `*` is a case even if the file is missing).
Prints one JSON line per case: {"path", "expected": "compile-fail"|"pass", "name"},
where name is the bin trybuild gives the case (trybuild000, trybuild001, ... in this
order). With --count: one line `N (compile-fail C, pass P)` instead.

Calls spelt through a variable or a macro are not seen; the script says so on stderr when
the file mentions trybuild but no call was found.
"""
import glob
import json
import os
import re
import signal
import sys

CALL = re.compile(r"\.\s*(compile_fail|pass)\s*\(\s*\"((?:[^\"\\]|\\.)*)\"\s*\)")


def strip_comments(text):
    """Rust source without its comments (string literals kept whole: "a/**/b" is no comment)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("'\"'", i):  # the char literal '"'
            out.append(text[i:i + 3])
            i += 3
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def cases(package_dir, test="compiletest"):
    source = os.path.join(package_dir, "tests", test + ".rs")
    with open(source, encoding="utf-8") as f:
        text = strip_comments(f.read())
    calls = CALL.findall(text)
    if not calls and "trybuild" in text:
        print(f"trybuild_cases: no compile_fail/pass call with a literal path in {source}",
              file=sys.stderr)
    found = []  # [path, expected, from_glob]
    index = {}
    for kind, pattern in calls:
        expected = "compile-fail" if kind == "compile_fail" else "pass"
        if "*" in pattern:
            cwd = os.getcwd()
            try:
                os.chdir(package_dir)
                paths = glob.glob(pattern, recursive=True, include_hidden=True)
            finally:
                os.chdir(cwd)
            paths = [p for p in paths if os.path.isfile(os.path.join(package_dir, p))]
            # trybuild sorts PathBufs: component by component, not as strings.
            paths.sort(key=lambda p: p.split("/"))
            from_glob = True
        else:
            paths = [pattern]
            from_glob = False
        for path in paths:
            if path in index:
                prev = found[index[path]]
                if prev[2]:
                    prev[1] = expected
                    continue
            index[path] = len(found)
            found.append([path, expected, from_glob])
    return [
        {"path": path, "expected": expected, "name": f"trybuild{i:03}"}
        for i, (path, expected, _) in enumerate(found)
    ]


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = [a for a in argv if not a.startswith("--")]
    if "-h" in argv or "--help" in argv or not args:
        print(__doc__.strip())
        return 0 if args or "-h" in argv or "--help" in argv else 2
    test = "compiletest"
    if "--test" in argv:
        test = argv[argv.index("--test") + 1]
        args.remove(test)
    listed = cases(args[0], test)
    if "--count" in argv:
        cf = sum(1 for c in listed if c["expected"] == "compile-fail")
        print(f"{len(listed)} (compile-fail {cf}, pass {len(listed) - cf})")
    else:
        for case in listed:
            print(json.dumps(case))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
