#!/usr/bin/env python3
"""Checks bptutor's generated lessons against an independent autodiff library (JAX).

For every drill graph `bptutor drill --list` prints (levels 1-6, COUNT per level), the
graph is translated to jax.numpy, its loss differentiated with jax.grad with respect
to every given, and compared with `bptutor values --graph ... --json` (every node's
value and loss gradient). Prints one line per level and the largest relative error.

    python3 Scripts/check_drills_jax.py [BPTUTOR] [COUNT] [SEED]
"""
import json
import re
import subprocess
import sys
import tempfile

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)


def reduce(f):
    def apply(a, dim=None):
        return f(a) if dim is None else f(a, axis=dim - 1, keepdims=True)
    return apply


def extremum(f):
    def apply(a, b=None, dim=None):
        if b is not None:
            return jnp.maximum(a, b) if f is jnp.max else jnp.minimum(a, b)
        return f(a) if dim is None else f(a, axis=dim - 1, keepdims=True)
    return apply


def softmax(v, beta=1.0, dim=None):
    if dim is None:
        e = jnp.exp(beta * v - jnp.max(beta * v))
        return e / jnp.sum(e)
    return jax.nn.softmax(v, axis=dim - 1)


def conv2d(image, kernel):
    (h, w), (kh, kw) = image.shape, kernel.shape
    rows = [[jnp.sum(image[i:i + kh, j:j + kw] * kernel) for j in range(w - kw + 1)]
            for i in range(h - kh + 1)]
    return jnp.array(rows)


def maxpool2d(x, k):
    h, w = x.shape
    return jnp.array([[jnp.max(x[i:i + k, j:j + k]) for j in range(0, w - k + 1, k)]
                      for i in range(0, h - k + 1, k)])


LANGUAGE = {
    "relu": lambda a: jnp.maximum(a, 0), "sigmoid": jax.nn.sigmoid, "tanh": jnp.tanh,
    "exp": jnp.exp, "log": jnp.log, "sqrt": jnp.sqrt, "abs": jnp.abs, "sign": jnp.sign,
    "sum": reduce(jnp.sum), "mean": reduce(jnp.mean), "var": reduce(jnp.var),
    "logsumexp": reduce(jax.scipy.special.logsumexp), "max": extremum(jnp.max),
    "min": extremum(jnp.min), "softmax": softmax, "transpose": lambda a: a.T,
    "diag": lambda v: jnp.diag(v.reshape(-1)), "eye": lambda n: jnp.eye(n),
    "zeros": lambda r, c: jnp.zeros((r, c)), "ones": lambda r, c: jnp.ones((r, c)),
    "norm": lambda v, p=2: jnp.sum(jnp.abs(v) ** p) ** (1 / p),
    "crossentropy": lambda z, t: -jnp.sum(t * jnp.log(z)),
    "onehot": lambda y, k: jax.nn.one_hot(y.reshape(-1).astype(int) - 1, k),
    "lookup": lambda table, ids: table[ids.reshape(-1).astype(int) - 1],
    "concat": lambda *parts, dim=1: jnp.concatenate(parts, axis=dim - 1),
    "reshape": lambda x, r, c: x.reshape(r, c), "flatten": lambda x: x.reshape(-1, 1),
    "conv2d": conv2d, "maxpool2d": maxpool2d,
}


def literal(text):
    text = text.strip()
    if not text.startswith("["):
        return jnp.array(float(text))
    rows = [row.replace(",", " ").split() for row in text[1:-1].split(";")]
    return jnp.array([[float(x) for x in row] for row in rows])


def python(expression):
    return re.sub(r"\^", "**", expression)


def check(bptutor, graph, sets):
    with tempfile.TemporaryDirectory() as state:
        arguments = [bptutor, "values", "--json", "--state-dir", state, "--graph", graph]
        for name, value in sets:
            arguments += ["--set", f"{name}={value}"]
        output = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
    nodes = {node["name"]: node for node in json.loads(output)["nodes"]}
    givens = {name: literal(value) for name, value in sets}
    definitions = [part.split("=", 1) for part in graph.split(";")]
    names = list(givens)

    def loss(*values):
        scope = dict(LANGUAGE)
        scope.update(zip(names, values))
        for name, expression in definitions:
            scope[name.strip()] = eval(python(expression), {}, scope)
        return jnp.sum(scope[definitions[-1][0].strip()])

    gradients = jax.grad(loss, argnums=tuple(range(len(names))))(*givens.values())
    worst = 0.0
    for name, gradient in zip(names, gradients):
        ours = jnp.array(nodes[name]["gradient"], dtype=float).reshape(gradient.shape)
        error = float(jnp.max(jnp.abs(ours - gradient) / jnp.maximum(1, jnp.abs(gradient))))
        worst = max(worst, error)
    value = float(loss(*givens.values()))
    ours = float(jnp.array(nodes[definitions[-1][0].strip()]["value"]).reshape(-1)[0])
    return max(worst, abs(value - ours) / max(1, abs(value)))


def main():
    bptutor = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/bptutor"
    count = sys.argv[2] if len(sys.argv) > 2 else "50"
    seed = sys.argv[3] if len(sys.argv) > 3 else "1"
    overall = 0.0
    for level in range(1, 7):
        listing = subprocess.run(
            [bptutor, "drill", "--list", "--level", str(level), "--count", count, "--seed", seed,
             "--state-dir", tempfile.mkdtemp()], capture_output=True, text=True, check=True).stdout
        graphs = []
        for line in listing.splitlines():
            if line.startswith("drill-"):
                graphs.append(["", []])
            elif line.startswith("  --graph '"):
                graphs[-1][0] = line[len("  --graph '"):-1]
            elif line.startswith("  --set '"):
                name, value = line[len("  --set '"):-1].split("=", 1)
                graphs[-1][1].append((name, value))
        worst = max(check(bptutor, graph, sets) for graph, sets in graphs)
        overall = max(overall, worst)
        print(f"level {level}: {len(graphs)} graphs, largest relative error {worst:.2e}")
    print(f"all levels: largest relative error {overall:.2e}")
    return 0 if overall < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
