#!/usr/bin/env python3
"""Fills in the expected results of stdlib test cases by asking the reference buildx.

Usage: scripts/stdlib-expectations.py src/test/resources/io/jbake/hcl/func/<domain>.cases ...

Each case line is  NAME <TAB> ARGS-JSON [<TAB> EXPECTATION]. ARGS-JSON is a JSON array of arguments; an
argument {"__type": "list(string)", "v": X} stands for X converted to list(string) (a typed bake variable). The script evaluates
jsonencode(NAME(ARGS...)) with `docker buildx bake --print` (env from $STDLIB_REFENV) and rewrites the
EXPECTATION column as "= <json>" for a result or "! <diagnostic detail>" for an error. Lines starting with '#'
and blank lines are kept as they are.
"""
import json, os, re, subprocess, sys, tempfile

# The reference's environment: the script named by $STDLIB_REFENV (buildx 0.36.1's, /tmp/refenv-0.36.sh, by default)
REFENV = os.environ.get('STDLIB_REFENV', '/tmp/refenv-0.36.sh')
ENV = dict(line.split('=', 1) for line in subprocess.run(
    ['bash', '-c', 'eval "$(cat "$1")" && env -0', 'refenv', REFENV],
    check=True, capture_output=True, text=True).stdout.split('\0') if '=' in line)

TYPED = []  # variable blocks for typed arguments, collected while rendering

def hcl(v):
    if isinstance(v, dict) and '__type' in v:
        # a typed variable rather than convert(): bake mistakes the type keywords in convert() for references
        name = 'typed%04d' % len(TYPED)
        TYPED.append('variable "%s" {\n  type = %s\n  default = %s\n}' % (name, v['__type'], hcl(v['v'])))
        return name
    if isinstance(v, dict):
        return '{' + ', '.join('%s = %s' % (hcl_str(k), hcl(x)) for k, x in v.items()) + '}'
    if isinstance(v, list):
        return '[' + ', '.join(hcl(x) for x in v) + ']'
    if isinstance(v, str):
        return hcl_str(v)
    return json.dumps(v)

def hcl_str(s):
    out = json.dumps(s, ensure_ascii=False).replace('\\b', '\\u0008').replace('\\f', '\\u000c').replace('\\/', '/')
    return out.replace('${', '$${').replace('%{', '%%{')

def run(cases):
    """Evaluates all cases in one file; returns {index: result} or (line_index, detail) for the first error."""
    d = tempfile.mkdtemp(prefix='stdlib-')
    TYPED.clear()
    lines = ['target "t" {', '  args = {']
    for i, (name, args) in enumerate(cases):
        lines.append('    a%04d = jsonencode(%s(%s))' % (i, name, ', '.join(hcl(a) for a in args)))
    lines += ['  }', '}'] + TYPED
    open(os.path.join(d, 'docker-bake.hcl'), 'w').write('\n'.join(lines) + '\n')
    p = subprocess.run(['docker', 'buildx', 'bake', '--print', 't'], cwd=d, env=ENV, capture_output=True, text=True, encoding='utf-8', errors='replace')
    if p.returncode == 0:
        args = json.loads(p.stdout)['target']['t'].get('args', {})
        return {i: args.get('a%04d' % i) for i in range(len(cases))}
    m = re.search(r'^ERROR: docker-bake\.hcl:(\d+),[\d,-]+: ([^;]+); (.*?)(?:, and \d+ other diagnostic\(s\))?$',
                  p.stderr, re.M)
    if not m:
        raise SystemExit('unexpected reference output:\n' + p.stderr)
    line = int(m.group(1)) - 3
    if line < 0 and len(cases) > 1:
        # an error bake reports on the whole block: bisect to find the first failing case
        lo, hi = 0, len(cases)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if isinstance(run(cases[lo:mid]), dict):
                lo = mid
            else:
                hi = mid
        return (lo, run([cases[lo]])[1])
    return (line, m.group(3))

def fill(path):
    raw = open(path, encoding='utf-8').read().split('\n')
    idx = [i for i, l in enumerate(raw) if l.strip() and not l.startswith('#')]
    cases = {}
    for i in idx:
        cols = raw[i].split('\t')
        cases[i] = (cols[0], json.loads(cols[1]), cols[1])
    pending = list(idx)
    results = {}
    while pending:
        r = run([cases[i][:2] for i in pending])
        if isinstance(r, dict):
            for k, v in r.items():
                results[pending[k]] = '= ' + v
            break
        bad, detail = r
        results[pending[bad]] = '! ' + detail
        del pending[bad]
    for i in idx:
        name, _, args = cases[i]
        raw[i] = '%s\t%s\t%s' % (name, args, results[i])
    open(path, 'w', encoding='utf-8').write('\n'.join(raw))

for f in sys.argv[1:]:
    fill(f)
