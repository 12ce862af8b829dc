"""`relu-tui --print dosage [--stage N] [any Dosage setting]`: the seven stage tables and the
final plot, as text (the settings are the screen's: `lessons/dosage/lesson.py`)."""

from __future__ import annotations

import textwrap
from dataclasses import replace

from relu_tui.base.fmt import fmt
from relu_tui.lessons.dosage.figures import diagram, plain, stage_figure
from relu_tui.lessons.dosage.settings import state_from
from relu_tui.lessons.dosage.stages import Stage, explanation, stages, table
from relu_tui.lessons.dosage.state import DosageState
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.plotting.render import plot_text


def table_lines(headings: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """Left-aligned columns, two spaces apart."""
    widths = [max(len(row[i]) for row in (headings, *rows)) for i in range(len(headings))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (headings, *rows)
    ]


def stage_lines(state: DosageState, stage: Stage, width: int = 80) -> list[str]:
    """Title, formula, explanation (wrapped to `width`) and table of one stage."""
    headings, rows = table(state, stage)
    words = textwrap.wrap(
        explanation(state, stage), width - 2, initial_indent="  ", subsequent_indent="  "
    )
    return [
        f"Stage {stage.number}: {stage.title}",
        f"  {stage.formula}",
        *words,
        "",
        *("  " + line for line in table_lines(headings, rows)),
    ]


def render(args: LaunchOptions) -> str:
    """All seven stages and the final plot; with --stage N, that stage and its plot.

    With --ascii every character is plain ASCII (subscripts become digits, · becomes *).

    Raises:
        InputError: settings that cannot apply together (a probe outside the range).
    """
    state = state_from(args.settings)
    ascii_only, color = bool(args.ascii), bool(getattr(args, "color", False))
    weights = "  ".join(f"{name}={fmt(value)}" for name, value in state.weights.items())
    out = [
        "Dosage network: a 1-2-1 ReLU network on drug dosage (the dosage article's values)",
        f"  {weights}",
        "",
        "".join(text for text, _ in diagram(state, ascii_only=ascii_only)),
        "",
    ]
    chosen = args.settings.get("stage")
    shown = [s for s in stages(state.activation) if chosen is None or s.number == chosen]
    for stage in shown:
        out += stage_lines(state, stage, int(args.width or 100)) + [""]
    final = shown[-1]
    spec = stage_figure(replace(state, stage=final.number), final, ascii_only=ascii_only)
    out.append(f"Plot of stage {final.number}: {final.formula}")
    out.append(
        plot_text(
            spec, int(args.width or 100), int(args.height or 20), ascii_only=ascii_only, color=color
        )
    )
    return "\n".join(plain(line, ascii_only) for line in out)
