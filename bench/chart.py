"""The results as one PNG: cold starts per variant, warm latency percentiles.

Drawn from the results file alone, with matplotlib's Agg canvas (no display, no pyplot state).
The text is short and uses Lambda's own REPORT terms, so one chart serves both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

COLD_VARIANTS = ("floor", "floor_botocore", "ours", "ours_source", "naive")
WARM_VARIANTS = ("dynamodb", "ours", "naive")
LABELS = {
    "floor": "minimal\n(boto3)",
    "floor_botocore": "minimal\n(botocore)",
    "ours": "ours",
    "ours_source": "ours\nno .pyc",
    "naive": "tutorial",
    "dynamodb": "DynamoDB\nPutItem",
}
PERCENTILES = (("median", "p50"), ("p95", "p95"), ("p99", "p99"))
COLOURS = {
    "floor": "#9e9e9e",
    "floor_botocore": "#bdbdbd",
    "ours": "#e65100",
    "ours_source": "#ffb74d",
    "naive": "#5c6bc0",
    "dynamodb": "#26a69a",
}
SHADES = ("#e65100", "#ff9800", "#ffcc80")


def _cold_panel(axes: Any, cold: Mapping[str, Any]) -> None:
    variants = [v for v in COLD_VARIANTS if v in cold]
    series = [cold[v]["samples"]["total"] for v in variants]
    boxes = axes.boxplot(
        series,
        tick_labels=[LABELS[v] for v in variants],
        patch_artist=True,
        widths=0.55,
        showfliers=True,
        medianprops={"color": "black"},
    )
    for patch, variant in zip(boxes["boxes"], variants, strict=True):
        patch.set_facecolor(COLOURS[variant])
        patch.set_alpha(0.75)
    for position, variant in enumerate(variants, start=1):
        median = cold[variant]["total"]["median"]
        # Beside the box, right of its edge (boxes are 0.55 wide).
        axes.annotate(f"{median:.0f}", (position + 0.3, median), va="center", fontsize=9)
    axes.set_title("Cold start: Init Duration + Duration")
    axes.set_ylabel("ms")
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)


def _warm_panel(axes: Any, warm: Mapping[str, Any]) -> None:
    variants = [v for v in WARM_VARIANTS if v in warm]
    width = 0.26
    for offset, ((key, label), shade) in enumerate(zip(PERCENTILES, SHADES, strict=True)):
        values = [warm[v]["duration"][key] for v in variants]
        positions = [index + (offset - 1) * width for index in range(len(variants))]
        bars = axes.bar(positions, values, width, label=label, color=shade, edgecolor="black")
        axes.bar_label(bars, fmt="%.1f", fontsize=8, padding=2)
    axes.set_xticks(range(len(variants)), [LABELS[v] for v in variants])
    axes.set_title("Warm: Duration")
    # A log scale keeps the p50s readable beside tails ten times longer.
    axes.set_yscale("log")
    axes.set_ylabel("ms (log)")
    plain = FuncFormatter(lambda value, _: f"{value:g}")
    axes.yaxis.set_major_formatter(plain)
    axes.yaxis.set_minor_formatter(plain)
    axes.legend(frameon=False)
    axes.grid(axis="y", which="both", alpha=0.3)
    axes.margins(y=0.15)


def render(data: Mapping[str, Any], path: Path) -> Path:
    """Draw the chart of a results file into path (PNG)."""
    figure = Figure(figsize=(11, 4.2), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    cold_axes, warm_axes = figure.subplots(1, 2, width_ratios=(1.4, 1))
    _cold_panel(cold_axes, data["cold"])
    _warm_panel(warm_axes, data["warm"])
    parameters = data["parameters"]
    figure.suptitle(
        f"Python {data['machine'].get('lambda_python', '?')} · cold n={parameters['rounds']} · "
        f"warm n={parameters['warm_calls']} · {data['date'][:10]}",
        fontsize=9,
        color="#555555",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # No Software/date metadata: the same results give the same bytes.
    figure.savefig(path, format="png", metadata={"Software": None})
    return path
