"""The after-action report as a PDF: the mood curves of every round on one chart, the figures
round by round, the coach's feedback and the agreed changes. Drawn with fpdf2 (no browser on the
server); text typed by players is laid out as text, never interpreted.

DejaVu Sans (Debian's fonts-dejavu-core) covers any language players type; without it the PDF
falls back to a core font and replaces what Latin-1 cannot show.
"""

import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from games.engine.clock import minutes_and_seconds

UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
UNICODE_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
# One colour per round, told apart with colour blindness too (Okabe and Ito's palette after the
# app's brown); rounds past the eighth repeat a colour with a dashed line.
CURVE_COLOURS = [
    (122, 62, 29),
    (0, 114, 178),
    (0, 158, 115),
    (204, 121, 167),
    (213, 94, 0),
    (31, 35, 40),
    (86, 180, 233),
    (230, 159, 0),
]
CALM_COLOUR = (110, 110, 110)
GRID_COLOUR = (215, 215, 215)
CHART_HEIGHT = 60.0
AXIS_LABELS_WIDTH = 12.0  # left of the plot: the mood ticks and their axis title
MOOD_TICKS = range(0, 11, 2)
# Time ticks: the shortest step that needs no more than MAX_TIME_STEPS steps to cover live.
TIME_STEPS_SECONDS = (15, 30, 60, 120, 300, 600, 900)
MAX_TIME_STEPS = 6
LINE = 6.0
ROUNDS_PER_TABLE = 6


class _Report(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.unicode = UNICODE_FONT.exists() and UNICODE_BOLD.exists()
        if self.unicode:
            self.add_font("Report", "", str(UNICODE_FONT))
            self.add_font("Report", "B", str(UNICODE_BOLD))
        self.family = "Report" if self.unicode else "Helvetica"
        self.set_auto_page_break(auto=True, margin=15)
        self.add_page()

    def text_of(self, value: object) -> str:
        text = str(value)
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font(self.family, "B", size)
        self.multi_cell(0, LINE + 2, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font(self.family, "", size)
        self.multi_cell(0, LINE, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _time_axis(longest_seconds: float) -> tuple[float, list[int]]:
    """The time axis's end and its ticks (seconds): at least a minute, in round steps."""
    covered = max(longest_seconds, 60.0)
    step = next(
        (s for s in TIME_STEPS_SECONDS if math.ceil(covered / s) <= MAX_TIME_STEPS),
        TIME_STEPS_SECONDS[-1],
    )
    steps = math.ceil(covered / step)
    return float(steps * step), [step * n for n in range(steps + 1)]


def _series_style(pdf: _Report, round_index: int | None) -> None:
    """Draw as the chart draws a round's curve (by its index), or the calm line (None)."""
    if round_index is None:
        _plain_line(pdf, CALM_COLOUR)
        pdf.set_dash_pattern(dash=1, gap=1)
        return
    pdf.set_draw_color(*CURVE_COLOURS[round_index % len(CURVE_COLOURS)])
    pdf.set_line_width(0.6)
    if round_index >= len(CURVE_COLOURS):
        pdf.set_dash_pattern(dash=2, gap=1)
    else:
        pdf.set_dash_pattern()


def _plain_line(pdf: _Report, colour: tuple[int, int, int] = GRID_COLOUR) -> None:
    pdf.set_draw_color(*colour)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern()


def _mood_chart(pdf: _Report, rounds: list[dict[str, Any]], calm_threshold: int) -> None:
    """Mood (0-10) against time into live, a stepped line per round, the calm line, ticked axes
    and a legend naming each round's colour."""
    pdf.set_font(pdf.family, "", 7)
    pdf.set_text_color(80, 80, 80)
    pdf.text(pdf.l_margin, pdf.get_y() + 2, "Mood (0 calm, 10 furious)")
    left, top = pdf.l_margin + AXIS_LABELS_WIDTH, pdf.get_y() + 6
    width = pdf.w - pdf.r_margin - left
    end, time_ticks = _time_axis(
        max((p["live_seconds"] for r in rounds for p in r["mood_curve"]), default=0.0)
    )

    def x(seconds: float) -> float:
        return left + width * seconds / end

    def y(mood: float) -> float:
        return top + CHART_HEIGHT * (1 - mood / 10)

    for mood in MOOD_TICKS:
        _plain_line(pdf)
        pdf.line(left, y(mood), left + width, y(mood))
        label = str(mood)
        pdf.text(left - 2 - pdf.get_string_width(label), y(mood) + 1, label)
    _plain_line(pdf, CALM_COLOUR)
    pdf.line(left, top, left, y(0))
    for seconds in time_ticks:
        pdf.line(x(seconds), y(0), x(seconds), y(0) + 1.5)
        label = minutes_and_seconds(seconds)
        pdf.text(x(seconds) - pdf.get_string_width(label) / 2, y(0) + 4.5, label)
    title = "Time into live (m:ss)"
    pdf.text(left + (width - pdf.get_string_width(title)) / 2, y(0) + 8.5, title)

    _series_style(pdf, None)
    pdf.line(left, y(calm_threshold), left + width, y(calm_threshold))
    for index, outcome in enumerate(rounds):
        _series_style(pdf, index)
        for before, after in itertools.pairwise(outcome["mood_curve"]):
            step_at, mood_before = x(after["live_seconds"]), y(before["mood"])
            pdf.line(x(before["live_seconds"]), mood_before, step_at, mood_before)
            pdf.line(step_at, mood_before, step_at, y(after["mood"]))
    _plain_line(pdf)
    pdf.set_y(y(0) + 11)
    _legend(pdf, left, rounds, calm_threshold)
    pdf.set_text_color(0, 0, 0)


def _legend(pdf: _Report, left: float, rounds: list[dict[str, Any]], calm_threshold: int) -> None:
    """A short line in each round's colour and pattern with its name, then the calm line's."""
    pdf.set_font(pdf.family, "", 8)
    entries: list[tuple[str, int | None]] = [
        (f"Round {outcome['round']}", index) for index, outcome in enumerate(rounds)
    ]
    entries.append((f"Calm: mood {calm_threshold} or below", None))
    x, row = left, pdf.get_y() + 2
    for label, series in entries:
        entry_width = 10 + pdf.get_string_width(label) + 6
        if x + entry_width > pdf.w - pdf.r_margin:
            x, row = left, row + 5
        _series_style(pdf, series)
        pdf.line(x, row - 1, x + 8, row - 1)
        _plain_line(pdf)
        pdf.text(x + 10, row, label)
        x += entry_width
    pdf.set_y(row + 4)


def _time_to_calm(seconds: float | None) -> str:
    return "never" if seconds is None else minutes_and_seconds(seconds)


def _rating(outcome: dict[str, Any], key: str) -> str:
    return str((outcome.get("customer_rating") or {}).get(key, "-"))


FIGURES: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("Time to calm", lambda r: _time_to_calm(r["time_to_calm_seconds"])),
    ("Final mood", lambda r: str(r["final_mood"] if r["final_mood"] is not None else "-")),
    (
        "Listened / cared / valued",
        lambda r: " / ".join(_rating(r, key) for key in ("listened", "cared", "valued")),
    ),
    ("Would stay", lambda r: _rating(r, "would_stay")),
    ("Rubric done well", lambda r: str(list(r["rubric_ratings"].values()).count("done_well"))),
    (
        "Good moves vs anti-patterns",
        lambda r: f"{sum(r['good_move_tags'].values())} vs {sum(r['anti_pattern_tags'].values())}",
    ),
    ("Given away", lambda r: f"{r['give_cost']:,} {r['currency']}"),
    ("Handoffs", lambda r: str(len(r["handoffs"]["handoffs"]))),
    ("Unkept promises", lambda r: str(r["handoffs"]["unkept_promises"])),
]


def _figures(pdf: _Report, rounds: list[dict[str, Any]]) -> None:
    """The figures, a column per round; a long game's rounds in tables of ROUNDS_PER_TABLE, so
    every figure keeps room to be read."""
    label_width = 55.0
    column = (pdf.w - pdf.l_margin - pdf.r_margin - label_width) / ROUNDS_PER_TABLE
    for first in range(0, len(rounds), ROUNDS_PER_TABLE):
        table = rounds[first : first + ROUNDS_PER_TABLE]
        pdf.set_font(pdf.family, "B", 9)
        pdf.cell(label_width, LINE, "Figure", border="B")
        for outcome in table:
            pdf.cell(column, LINE, f"Round {outcome['round']}", border="B")
        pdf.ln(LINE)
        pdf.set_font(pdf.family, "", 9)
        for label, value in FIGURES:
            pdf.cell(label_width, LINE, label)
            for outcome in table:
                pdf.cell(column, LINE, pdf.text_of(value(outcome)))
            pdf.ln(LINE)
        pdf.ln(LINE / 2)


def report_pdf(comparison: dict[str, Any]) -> bytes:
    """The report of `games.selectors.comparison_for`, as PDF bytes."""
    pdf = _Report()
    rounds: list[dict[str, Any]] = comparison["rounds"]
    pdf.heading(f"{comparison['name'] or comparison['code']}: {comparison['scenario_title']}", 16)
    pdf.paragraph(
        f"After-action report. {len(rounds)} of {comparison['total_rounds']} rounds played."
    )
    if not rounds:
        pdf.paragraph("No round has been played yet.")
        return bytes(pdf.output())
    pdf.heading("Mood, round over round")
    _mood_chart(pdf, rounds, int(comparison["calm_threshold"]))
    pdf.heading("Round by round")
    # Costs are in the scenario's currency.
    _figures(pdf, [{**r, "currency": comparison["currency"]} for r in rounds])
    if comparison["agreed_changes"]:
        pdf.heading("What the team agreed to change")
        for change in comparison["agreed_changes"]:
            kept = ", ".join(
                f"round {mark['round']}: {'kept' if mark['kept'] else 'not kept'}"
                for mark in change["kept"]
            )
            pdf.paragraph(
                f"Round {change['round']}: {change['text']}" + (f" ({kept})" if kept else "")
            )
    feedback = [r for r in rounds if r.get("feedback")]
    if feedback:
        pdf.heading("The coach's feedback")
        for outcome in feedback:
            pdf.paragraph(
                f"Round {outcome['round']}. Keep doing: {outcome['feedback']['keep']} "
                f"Do differently: {outcome['feedback']['change']}"
            )
    return bytes(pdf.output())


DAY_COLUMNS: list[tuple[str, float, Callable[[dict[str, Any]], str]]] = [
    ("Round", 16.0, lambda r: str(r["round"])),
    ("Time to calm", 28.0, lambda r: _time_to_calm(r["time_to_calm_seconds"])),
    ("Final mood", 22.0, lambda r: "-" if r["final_mood"] is None else str(r["final_mood"])),
    (
        "Listened / cared / valued",
        50.0,
        lambda r: " / ".join(str(r[key] or "-") for key in ("listened", "cared", "valued")),
    ),
    ("Mean", 16.0, lambda r: "-" if r["rating"] is None else f"{r['rating']:.2f}"),
    ("Would stay", 24.0, lambda r: str(r["would_stay"] or "-")),
]


def tables_report_pdf(comparison: dict[str, Any]) -> bytes:
    """A training day's report (`days.selectors.day_comparison`): every table's rounds, the
    table that improved most, and every table's agreed changes, side by side in one document."""
    pdf = _Report()
    tables: list[dict[str, Any]] = comparison["tables"]
    pdf.heading(f"{comparison['name']}: the training day", 16)
    pdf.paragraph(
        f"{len(tables)} tables, {comparison['total_rounds']} rounds each. The rating is the mean "
        "of the customer's listened, cared and valued (1 to 5)."
    )
    if comparison["most_improved"] is not None:
        pdf.paragraph(f"Most improved: table {comparison['most_improved']}.")
    for table in tables:
        pdf.heading(f"{table['name']} ({table['game_code']}): {table['scenario_title']}", 12)
        pdf.set_font(pdf.family, "B", 9)
        for label, width, _ in DAY_COLUMNS:
            pdf.cell(width, LINE, label, border="B")
        pdf.ln(LINE)
        pdf.set_font(pdf.family, "", 9)
        for figures in table["rounds"]:
            for _, width, value in DAY_COLUMNS:
                pdf.cell(width, LINE, pdf.text_of(value(figures)))
            pdf.ln(LINE)
        if not table["rounds"]:
            pdf.paragraph("No round played yet.", 9)
        for change in table["agreed_changes"]:
            pdf.paragraph(f"Agreed in round {change['round']}: {change['text']}", 9)
    return bytes(pdf.output())
