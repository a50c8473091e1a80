#!/usr/bin/env python3
"""Fails if a public declaration of the library has no doc comment.

Builds symbol graphs for every library module (`swift build` with -emit-symbol-graph) and checks
that every public or open symbol declared in this package (not inherited, not synthesized by the
compiler, not an implementation of a documented protocol requirement) carries a doc comment.

    python3 Scripts/check-doc-comments.py [--scratch-path DIR]
"""
import glob, json, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
modules = sorted(d for d in os.listdir(os.path.join(root, "Sources"))
                 if os.path.isdir(os.path.join(root, "Sources", d)) and d != "tgbridge")
args = sys.argv[1:]
scratch = args[args.index("--scratch-path") + 1] if "--scratch-path" in args else None
out = tempfile.mkdtemp(prefix="symbolgraphs-")
cmd = ["swift", "build", "-Xswiftc", "-emit-symbol-graph", "-Xswiftc", "-emit-symbol-graph-dir", "-Xswiftc", out]
if scratch:
    cmd += ["--scratch-path", scratch]
for m in modules:
    subprocess.run(cmd + ["--target", m], cwd=root, check=True, stdout=subprocess.DEVNULL)

missing = []
for m in modules:
  for path in sorted(glob.glob(os.path.join(out, f"{m}.symbols.json")) + glob.glob(os.path.join(out, f"{m}@*.symbols.json"))):
    graph = json.load(open(path))
    for s in graph["symbols"]:
        if s.get("accessLevel") not in ("public", "open"):
            continue
        loc = s.get("location", {}).get("uri", "")
        if root not in loc:           # declared outside this package (inherited, synthesized)
            continue
        if s.get("docComment"):
            continue
        name = ".".join(s["pathComponents"])
        kind = s["kind"]["identifier"]
        line = s.get("location", {}).get("position", {}).get("line", 0) + 1
        missing.append(f"{os.path.relpath(loc.replace('file://', ''), root)}:{line}: {kind} {name}")

if missing:
    print(f"{len(missing)} public declaration(s) without a doc comment:")
    print("\n".join(sorted(set(missing))))
    sys.exit(1)
print(f"doc comments: every public declaration of {', '.join(modules)} is documented")
