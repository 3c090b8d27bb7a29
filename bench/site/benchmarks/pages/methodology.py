"""``benchmarks/methodology``: the networks, from the harness's registry."""

from __future__ import annotations

from html import escape

from bench.harness.workloads import REGISTRY
from bench.site.render import PageContext

from ..text import fmt_count, t
from . import html_blocks

# --- methodology: the networks, from the harness's registry ----------------------------------

def workloads_table(c: PageContext) -> str:
    """Every registered workload: its definition (in the page's language), batch size, analytic parameters and FLOPs."""
    head = [t("bench.run.workload", c.lang), t("bench.method.definition", c.lang), t("bench.run.batch", c.lang),
            t("bench.method.params", c.lang), t("bench.method.flops", c.lang)]
    rows = []
    for w in REGISTRY.values():
        params = fmt_count(w.params(False), c.lang)
        flops = fmt_count(w.flops(1, False, "forward"), c.lang) + "FLOP"
        rows.append(f'<tr><th scope="row"><a href="{escape(w.reference)}">{escape(w.name)}</a><br><small><code>{escape(w.id)}</code></small></th>'
                    f"<td>{escape(t(f'bench.workload_variant.{w.id}', c.lang))}</td><td>{w.batch_size}</td><td>{escape(params)}</td><td>{escape(flops)}</td></tr>")
    thead = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return html_blocks(f'<div class="bx-table"><table><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
