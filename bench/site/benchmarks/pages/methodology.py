"""``benchmarks/methodology``: the networks, from the harness's registry."""

from __future__ import annotations

from bench.harness.workloads import REGISTRY
from bench.site.render import PageContext

from ..text import fmt_count, t


def workloads_table(c: PageContext) -> str:
    """Every registered workload: its definition (in the page's language), batch size, analytic parameters and FLOPs."""
    head = [t("bench.run.workload", c.lang), t("bench.method.definition", c.lang), t("bench.run.batch", c.lang),
            t("bench.method.params", c.lang), t("bench.method.flops", c.lang)]
    rows = [{"reference": w.reference, "name": w.name, "id": w.id, "batch_size": w.batch_size,
             "definition": t(f"bench.workload_variant.{w.id}", c.lang),
             "params": fmt_count(w.params(False), c.lang),
             "flops": fmt_count(w.flops(1, False, "forward"), c.lang) + "FLOP"}
            for w in REGISTRY.values()]
    return c.render("benchmarks/workloads.html.j2", head=head, rows=rows)
