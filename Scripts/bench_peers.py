"""Side-by-side engine benchmark: bptutor-bench against NumPy, JAX and PyTorch.

Run through Scripts/bench-peers, which makes the virtual environment. The driver
starts one long-lived worker process per peer (so imports and JIT compiles are
paid once), then runs interleaved rounds: in every round each tool measures
each workload once, bptutor-bench included, and the report gives the median
of the rounds. Every process runs on one thread, in float64.

Workloads (the same as bptutor-bench):
  moons   micrograd's two moons: 100 points, MLP 2-16-16-1 (ReLU), mean hinge loss
          + 1e-4·Σp², 100 SGD steps with lr = 1 − 0.9·k/100, from a fresh start;
          the figure is µs per SGD step (median of 3 runs of 100 steps).
  mlp1    MLP 3072-700-700-700-10 (ReLU, no biases, squared-error loss against a
  mlp32   random target), forward + backward for the four weight gradients, at
          batch 1 and batch 32; the figure is ms per pass (median of 9 or 5).
"""

import json
import math
import os
import re
import statistics
import subprocess
import sys
import time

MOONS_RUNS = 3
MLP_REPS = {1: 9, 32: 5}
WIDTHS = [3072, 700, 700, 700, 10]


# ---------------------------------------------------------------- shared data

def moons_data(np):
    import random

    random.seed(1337)
    xs, ys = [], []
    for i in range(100):
        t = math.pi * random.random()
        n0, n1 = random.gauss(0, 0.1), random.gauss(0, 0.1)
        if i % 2 == 0:
            xs.append([math.cos(t) + n0, math.sin(t) + n1])
            ys.append(1.0)
        else:
            xs.append([1 - math.cos(t) + n0, 0.5 - math.sin(t) + n1])
            ys.append(-1.0)
    rs = np.random.RandomState(0)
    params = [
        rs.uniform(-1, 1, (2, 16)), np.zeros((1, 16)),
        rs.uniform(-1, 1, (16, 16)), np.zeros((1, 16)),
        rs.uniform(-1, 1, (16, 1)), np.zeros((1, 1)),
    ]
    return np.array(xs), np.array(ys).reshape(100, 1), params


def mlp_data(np, batch):
    rs = np.random.RandomState(7)
    x = rs.uniform(-1, 1, (batch, WIDTHS[0]))
    weights = []
    for fan_in, fan_out in zip(WIDTHS, WIDTHS[1:]):
        s = 1 / math.sqrt(fan_in)
        weights.append(rs.uniform(-s, s, (fan_in, fan_out)))
    target = rs.uniform(-1, 1, (batch, WIDTHS[-1]))
    return x, weights, target


def rate(k):
    return 1.0 - 0.9 * k / 100


# ---------------------------------------------------------------- the peers

class NumPyPeer:
    """NumPy with a hand-written backward pass (no autodiff)."""

    def __init__(self):
        import numpy as np

        self.np = np

    def info(self):
        from threadpoolctl import threadpool_info

        kernels = [
            f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}, "
            f"{i.get('num_threads')} thread(s)"
            for i in threadpool_info() if i.get("user_api") == "blas"
        ]
        return {"numpy": self.np.__version__, "blas": kernels}

    def moons(self):
        np = self.np
        x, y, params = moons_data(np)
        w1, b1, w2, b2, w3, b3 = [p.copy() for p in params]
        ps = [w1, b1, w2, b2, w3, b3]
        alpha = 1e-4
        n = x.shape[0]
        start = time.perf_counter()
        for k in range(100):
            z1 = x @ w1 + b1
            h1 = np.maximum(z1, 0)
            z2 = h1 @ w2 + b2
            h2 = np.maximum(z2, 0)
            s = h2 @ w3 + b3
            margin = 1 - y * s
            loss = np.maximum(margin, 0).mean() + alpha * sum((p * p).sum() for p in ps)
            ds = np.where(margin > 0, -y, 0.0) / n
            dw3 = h2.T @ ds
            db3 = ds.sum(0, keepdims=True)
            dz2 = (ds @ w3.T) * (z2 > 0)
            dw2 = h1.T @ dz2
            db2 = dz2.sum(0, keepdims=True)
            dz1 = (dz2 @ w2.T) * (z1 > 0)
            dw1 = x.T @ dz1
            db1 = dz1.sum(0, keepdims=True)
            lr = rate(k)
            for p, g in zip(ps, (dw1, db1, dw2, db2, dw3, db3)):
                p -= lr * (g + 2 * alpha * p)
        elapsed = time.perf_counter() - start
        return elapsed / 100 * 1e6, float(loss)

    def mlp_setup(self, batch):
        self.x, self.w, self.t = mlp_data(self.np, batch)

    def mlp_step(self):
        np = self.np
        hs, zs = [self.x], []
        for i, w in enumerate(self.w):
            z = hs[-1] @ w
            zs.append(z)
            hs.append(np.maximum(z, 0) if i < len(self.w) - 1 else z)
        g = 2 * (hs[-1] - self.t)
        grads = [None] * len(self.w)
        for i in reversed(range(len(self.w))):
            grads[i] = hs[i].T @ g
            if i > 0:
                g = (g @ self.w[i].T) * (zs[i - 1] > 0)
        return grads[0][0, 0]


class JaxPeer:
    """JAX with jit: the whole SGD step, and forward + backward, compiled once."""

    def __init__(self):
        import jax

        jax.config.update("jax_enable_x64", True)
        jax.config.update("jax_platforms", "cpu")
        import jax.numpy as jnp

        self.jax, self.jnp = jax, jnp
        import numpy as np

        self.np = np

        def moons_loss(ps, x, y):
            w1, b1, w2, b2, w3, b3 = ps
            h = jnp.maximum(x @ w1 + b1, 0)
            h = jnp.maximum(h @ w2 + b2, 0)
            s = h @ w3 + b3
            return jnp.mean(jnp.maximum(1 - y * s, 0)) + 1e-4 * sum(jnp.sum(p * p) for p in ps)

        @jax.jit
        def moons_step(ps, x, y, lr):
            loss, gs = jax.value_and_grad(moons_loss)(ps, x, y)
            return [p - lr * g for p, g in zip(ps, gs)], loss

        self.moons_step = moons_step

        # JAX at its best: all 100 steps in one compiled program (lax.fori_loop), the
        # parameters' buffers donated so XLA may update them in place.
        def moons_loop(ps, x, y):
            def body(k, ps):
                lr = 1.0 - 0.9 * k / 100
                gs = jax.grad(moons_loss)(ps, x, y)
                return [p - lr * g for p, g in zip(ps, gs)]

            ps = jax.lax.fori_loop(0, 100, body, ps)
            return ps, moons_loss(ps, x, y)

        self.moons_loop = jax.jit(moons_loop, donate_argnums=0)

        def mlp_loss(ws, x, t):
            h = x
            for i, w in enumerate(ws):
                h = h @ w
                if i < len(ws) - 1:
                    h = jnp.maximum(h, 0)
            return jnp.sum((h - t) ** 2)

        self.mlp_grad = jax.jit(jax.grad(mlp_loss))

    def info(self):
        return {"jax": self.jax.__version__, "device": str(self.jax.devices()[0])}

    def moons(self):
        jnp = self.jnp
        x, y, params = moons_data(self.np)
        x, y = jnp.asarray(x), jnp.asarray(y)
        ps = [jnp.asarray(p) for p in params]
        lrs = [jnp.asarray(rate(k)) for k in range(100)]
        warm, _ = self.moons_step(ps, x, y, lrs[0])
        self.jax.block_until_ready(warm)
        start = time.perf_counter()
        for k in range(100):
            ps, loss = self.moons_step(ps, x, y, lrs[k])
        self.jax.block_until_ready(ps)
        elapsed = time.perf_counter() - start
        return elapsed / 100 * 1e6, float(loss)

    def moons_whole_loop(self):
        """µs per step of the 100-step fori_loop program (compiled before timing)."""
        jnp = self.jnp
        x, y, params = moons_data(self.np)
        x, y = jnp.asarray(x), jnp.asarray(y)
        warm, _ = self.moons_loop([jnp.asarray(p) for p in params], x, y)
        self.jax.block_until_ready(warm)
        ps = [jnp.asarray(p) for p in params]
        self.jax.block_until_ready(ps)
        start = time.perf_counter()
        ps, loss = self.moons_loop(ps, x, y)
        self.jax.block_until_ready(loss)
        elapsed = time.perf_counter() - start
        return elapsed / 100 * 1e6, float(loss)

    def mlp_setup(self, batch):
        x, w, t = mlp_data(self.np, batch)
        self.x, self.w, self.t = self.jnp.asarray(x), [self.jnp.asarray(v) for v in w], \
            self.jnp.asarray(t)
        self.jax.block_until_ready(self.mlp_grad(self.w, self.x, self.t))

    def mlp_step(self):
        gs = self.mlp_grad(self.w, self.x, self.t)
        self.jax.block_until_ready(gs)
        return float(gs[0][0, 0])


class TorchPeer:
    """PyTorch eager mode with autograd."""

    def __init__(self):
        import torch

        torch.set_num_threads(1)
        torch.set_num_interop_threads(1)
        self.torch = torch
        import numpy as np

        self.np = np

    def info(self):
        return {"torch": self.torch.__version__, "threads": self.torch.get_num_threads()}

    def moons(self):
        torch = self.torch
        x, y, params = moons_data(self.np)
        x, y = torch.from_numpy(x), torch.from_numpy(y)
        ps = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
        start = time.perf_counter()
        for k in range(100):
            w1, b1, w2, b2, w3, b3 = ps
            h = torch.relu(x @ w1 + b1)
            h = torch.relu(h @ w2 + b2)
            s = h @ w3 + b3
            loss = torch.relu(1 - y * s).mean() + 1e-4 * sum((p * p).sum() for p in ps)
            loss.backward()
            with torch.no_grad():
                lr = rate(k)
                for p in ps:
                    p -= lr * p.grad
                    p.grad = None
        elapsed = time.perf_counter() - start
        return elapsed / 100 * 1e6, float(loss.detach())

    def mlp_setup(self, batch):
        x, w, t = mlp_data(self.np, batch)
        torch = self.torch
        self.x, self.t = torch.from_numpy(x), torch.from_numpy(t)
        self.w = [torch.from_numpy(v).requires_grad_() for v in w]

    def mlp_step(self):
        torch = self.torch
        h = self.x
        for i, w in enumerate(self.w):
            h = h @ w
            if i < len(self.w) - 1:
                h = torch.relu(h)
        loss = ((h - self.t) ** 2).sum()
        gs = torch.autograd.grad(loss, self.w)
        return float(gs[0][0, 0])


class AutogradPeer:
    """NumPy + the autograd package (the shared/bench reference), moons only."""

    def __init__(self):
        import autograd.numpy as anp
        from autograd import grad
        import numpy as np

        self.anp, self.np = anp, np
        self.grad = grad

    def info(self):
        return {}

    def moons(self):
        anp = self.anp
        x, y, params = moons_data(self.np)
        y = y[:, 0]
        ps = [p.copy() for p in params]

        def loss(ps):
            w1, b1, w2, b2, w3, b3 = ps
            h = anp.maximum(x @ w1 + b1, 0)
            h = anp.maximum(h @ w2 + b2, 0)
            s = (h @ w3 + b3)[:, 0]
            return anp.mean(anp.maximum(1 - y * s, 0)) + 1e-4 * sum(anp.sum(p * p) for p in ps)

        g = self.grad(loss)
        start = time.perf_counter()
        for k in range(100):
            gs = g(ps)
            ps = [p - rate(k) * gp for p, gp in zip(ps, gs)]
        elapsed = time.perf_counter() - start
        return elapsed / 100 * 1e6, float(loss(ps))


PEERS = {"numpy": NumPyPeer, "jax": JaxPeer, "torch": TorchPeer, "autograd": AutogradPeer}


def worker(kind):
    peer = PEERS[kind]()
    print(json.dumps({"ready": True, "info": peer.info()}), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] in ("moons", "moons-loop"):
            run = peer.moons if cmd[0] == "moons" else peer.moons_whole_loop
            runs = [run() for _ in range(MOONS_RUNS)]
            out = {"value": statistics.median(r[0] for r in runs), "loss": runs[-1][1]}
        elif cmd[0] == "mlp":
            if not hasattr(peer, "mlp_setup"):
                out = {"value": None}
            else:
                batch = int(cmd[1])
                peer.mlp_setup(batch)
                peer.mlp_step()
                times = []
                for _ in range(MLP_REPS[batch]):
                    start = time.perf_counter()
                    peer.mlp_step()
                    times.append((time.perf_counter() - start) * 1e3)
                out = {"value": statistics.median(times)}
        else:
            out = {"error": f"unknown command {cmd[0]}"}
        print(json.dumps(out), flush=True)


# ---------------------------------------------------------------- the driver

SINGLE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
    "TF_NUM_INTEROP_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
}


# Every contender runs pinned to this one CPU (XLA ignores its thread flags: unpinned, its
# MLP used 1.2 cores), so all are measured on one core of the same machine.
CPU = os.environ.get("BPTUTOR_PEERS_CPU", "1")
PIN = ["taskset", "-c", CPU]


class Worker:
    def __init__(self, label, kind, env):
        self.label, self.kind = label, kind
        self.proc = subprocess.Popen(
            PIN + [sys.executable, __file__, "--worker", kind],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
        self.info = json.loads(self.proc.stdout.readline())["info"]

    def ask(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline()).get("value")

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def bptutor(bench, workload):
    """One round of bptutor-bench: µs per moons step, or ms per MLP pass by batch."""
    if workload == "moons":
        out = subprocess.run(PIN + [bench, str(MOONS_RUNS), "moons"], capture_output=True,
                             text=True, check=True).stdout
        return {"moons": float(re.search(r"([\d.]+) µs per SGD step", out).group(1)),
                "moons-walk": float(re.search(r"graph walk: ([\d.]+)", out).group(1))}
    out = subprocess.run(PIN + [bench, "mlp"], capture_output=True, text=True,
                         check=True).stdout
    return {f"mlp{b}": float(v) for b, v in re.findall(r"batch +(\d+): ([\d.]+) ms", out)}


def l2_size():
    """This CPU's L2 cache per core in bytes, from getconf (2 MiB when it does not say)."""
    try:
        out = subprocess.run(["getconf", "LEVEL2_CACHE_SIZE"], capture_output=True, text=True)
        return str(int(out.stdout.strip()) or 2097152)
    except (OSError, ValueError):
        return "2097152"


def driver(bench, rounds, with_torch):
    base = {k: v for k, v in os.environ.items()
            if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    base.update(SINGLE_THREAD)
    tuned = dict(base)
    tuned["OPENBLAS_CORETYPE"] = os.environ.get("OPENBLAS_CORETYPE", "SapphireRapids")
    tuned["OPENBLAS_L2_SIZE"] = os.environ.get(
        "OPENBLAS_L2_SIZE", l2_size())
    specs = [
        ("NumPy (OPENBLAS_CORETYPE, _L2_SIZE unset)", "numpy", base),
        (f"NumPy (OPENBLAS_CORETYPE={tuned['OPENBLAS_CORETYPE']}, "
         f"OPENBLAS_L2_SIZE={tuned['OPENBLAS_L2_SIZE']})", "numpy", tuned),
        ("JAX jit", "jax", base),
        ("autograd (NumPy)", "autograd", base),
    ]
    if with_torch:
        specs.append(("PyTorch eager", "torch", base))
    workers = []
    for label, kind, env in specs:
        try:
            workers.append(Worker(label, kind, env))
        except Exception as error:  # a missing optional peer is reported, not fatal
            print(f"  (skipping {label}: {error})")
    # NumPy is labelled by the OpenBLAS kernels threadpoolctl reports on this machine (the
    # core type OpenBLAS detects, or the one forced), not by the one asked for.
    seen = set()
    for w in list(workers):
        if w.kind != "numpy":
            continue
        blas = (w.info.get("blas") or ["no BLAS reported"])[0].split(", ")[0].split()
        # threadpoolctl's "openblas 0.3.31.188.0 SkylakeX": the library, version, core type.
        arch = " ".join([blas[0].replace("openblas", "OpenBLAS")] + blas[1:][-1:])
        forced = "OPENBLAS_CORETYPE=" in w.label
        w.label = f"NumPy ({arch} kernels{', core type forced' if forced else ''})"
        if arch in seen:  # forcing a core type gave the kernels it had anyway
            w.close()
            workers.remove(w)
        seen.add(arch)
    for w in workers:
        print(f"  {w.label}: {json.dumps(w.info)}")
    kernel = subprocess.run(PIN + [bench, "kernels"], capture_output=True,
                            text=True).stdout.strip()
    print("  bptutor: " + kernel.replace("\n", "; "))
    peak = re.search(r"FMA peak ([\d.]+) GFLOP/s", kernel)
    peak = float(peak.group(1)) if peak else None

    workloads = ["moons", "moons-walk", "mlp32", "mlp1"]
    results = {"bptutor": {w: [] for w in workloads}}
    for w in workers:
        results[w.label] = {x: [] for x in workloads}
    for r in range(rounds):
        # The order rotates every round so no tool always runs right after another.
        order = ["bptutor"] + [w.label for w in workers]
        order = order[r % len(order):] + order[:r % len(order)]
        for name in order:
            if name == "bptutor":
                for key, value in {**bptutor(bench, "moons"), **bptutor(bench, "mlp")}.items():
                    results["bptutor"][key].append(value)
                continue
            w = next(w for w in workers if w.label == name)
            results[name]["moons"].append(w.ask("moons"))
            if w.kind == "jax":
                results[name]["moons-loop"] = results[name].get("moons-loop", [])
                results[name]["moons-loop"].append(w.ask("moons-loop"))
            if w.kind != "autograd":
                results[name]["mlp32"].append(w.ask("mlp 32"))
                results[name]["mlp1"].append(w.ask("mlp 1"))
        print(f"  round {r + 1}/{rounds} done", flush=True)
    for w in workers:
        w.close()

    titles = {
        "moons": "two moons, µs per SGD step",
        "mlp32": "MLP 3072-700-700-700-10 fwd+bwd, batch 32, ms",
        "mlp1": "MLP 3072-700-700-700-10 fwd+bwd, batch 1, ms",
    }
    layers = sum(a * b for a, b in zip(WIDTHS, WIDTHS[1:]))
    inner = sum(a * b for a, b in zip(WIDTHS[1:], WIDTHS[2:]))
    summary = {}
    print(f"\nevery contender pinned to CPU {CPU} (taskset -c {CPU}); FMA peak of that core "
          f"{peak or '?'} GFLOP/s (bptutor-bench, measured)")
    for workload in ["moons", "mlp32", "mlp1"]:
        print(f"\n{titles[workload]} (median of {rounds} interleaved rounds; "
              f"ratio = bptutor / peer, below 1 is bptutor ahead)")
        ours = statistics.median(results["bptutor"][workload])
        summary[workload] = {"bptutor": ours}
        rows = [("bptutor" + (" (compiled plan)" if workload == "moons" else ""), ours)]
        if workload == "moons":
            walk = statistics.median(results["bptutor"]["moons-walk"])
            summary[workload]["bptutor (graph walk)"] = walk
            rows.append(("bptutor (graph walk)", walk))
        for w in workers:
            variants = [(w.label + (", a step called 100 times" if w.kind == "jax" and
                                    workload == "moons" else ""), workload)]
            if w.kind == "jax" and workload == "moons":
                variants.append(("JAX jit, 100 steps in one lax.fori_loop (donated)",
                                 "moons-loop"))
            for label, key in variants:
                values = [v for v in results[w.label].get(key, []) if v is not None]
                if values:
                    rows.append((label, statistics.median(values)))
                    summary[workload][label] = rows[-1][1]
        for label, med in rows:
            extra = ""
            if workload.startswith("mlp") and peak:
                batch = int(workload[3:])
                rate = 2 * batch * (2 * layers + inner) / (med * 1e-3) / 1e9
                extra = f"   {rate:6.1f} GFLOP/s = {rate / peak * 100:3.0f}% of peak"
            ratio = "" if med == ours and label.startswith("bptutor") else f"{ours / med:6.2f}×"
            print(f"  {label:58} {med:9.2f}  {ratio:>7}{extra}")
    print("\n" + json.dumps(summary))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--worker":
        worker(sys.argv[2])
    else:
        bench = sys.argv[1]
        rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
        with_torch = len(sys.argv) > 3 and sys.argv[3] == "torch"
        driver(bench, rounds, with_torch)
