#!/usr/bin/env python3
"""Which folder of a module uses which: a rough check that no folder uses a folder
that uses it back.

Usage: Scripts/folder-cycles.py Sources

Folder A uses folder B when a file in A (comments and strings removed) names a
top-level type declared in B (an unqualified capitalised word), or calls a member
that B adds to a type of another module (`.withScalars` on Tensor). Nested types
and members of the module's own types are not followed, so it can miss a use;
a name declared twice counts for the first folder. Prints, per module, each
folder's uses with the names that make them, the pairs that use each other, and
every folder that reaches itself through others."""
import os, re, sys
root = sys.argv[1]
decl = re.compile(r'^[ 	]*(?:public\s+|internal\s+|fileprivate\s+|private\s+|package\s+)?(?:final\s+)?(?:indirect\s+)?(struct|enum|class|protocol|actor|typealias)\s+([A-Z]\w*)', re.M)
ext_member = re.compile(r'^extension\s+([\w.]+)[^{]*\{', re.M)
def strip(src):
    src = re.sub(r'//[^\n]*', '', src)
    src = re.sub(r'"""[\s\S]*?"""', '""', src)
    src = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', src)
    return src
for module in sorted(os.listdir(root)):
    mdir = os.path.join(root, module)
    folders = {}
    for dp, _, fs in os.walk(mdir):
        for f in fs:
            if f.endswith('.swift'):
                rel = os.path.relpath(dp, mdir).split(os.sep)[0]
                folders.setdefault(rel, []).append(os.path.join(dp, f))
    if len(folders) < 2: continue
    owner = {}
    texts = {}
    for folder, files in folders.items():
        for p in files:
            s = strip(open(p).read()); texts[p] = s
            for m in decl.finditer(s):
                # top-level only: no leading indentation
                line = s[s.rfind('\n', 0, m.start())+1:m.end()]
                if not line.startswith((' ', '\t')):
                    owner.setdefault(m.group(2), folder)
    for folder, files in folders.items():
        for p in files:
            s2 = texts[p]
            for m in ext_member.finditer(s2):
                if m.group(1).split('.')[0] in owner: continue
                end = s2.find('\n}', m.end())
                block = s2[m.end():end]
                for f in re.finditer(r'^  (?:public |static |internal |@\w+ )*(?:func|var|let)\s+(\w+)', block, re.M):
                    owner.setdefault('.'+f.group(1), folder)
    # extension members: `extension X { func name` -> member names owned by folder of extension
    uses = {}
    for folder, files in folders.items():
        for p in files:
            found = set(re.findall(r'(?<![.\w])[A-Z]\w*\b', texts[p])) | set('.'+n for n in re.findall(r'\.(\w+)\b', texts[p]))
            for name in found:
                o = owner.get(name)
                if o and o != folder:
                    uses.setdefault((folder, o), set()).add(name)
    print(f'== {module}')
    for (a, b), names in sorted(uses.items()):
        print(f'  {a} -> {b}: {", ".join(sorted(names))}')
    cyc = [(a, b) for (a, b) in uses if (b, a) in uses and a < b]
    print('  cycles (2-folder):', cyc if cyc else 'none')
    # any longer cycle: a folder that reaches itself
    graph = {}
    for (a, b) in uses: graph.setdefault(a, set()).add(b)
    def reach(a):
        seen, stack = set(), list(graph.get(a, ()))
        while stack:
            x = stack.pop()
            if x in seen: continue
            seen.add(x); stack += graph.get(x, ())
        return seen
    loops = sorted(a for a in folders if a in reach(a))
    print('  folders on any cycle:', loops if loops else 'none')
    ext = sorted(k for k in owner if k.startswith('.'))
    print('  extension members tracked:', len(ext), ext[:8])
