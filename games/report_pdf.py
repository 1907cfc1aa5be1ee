"""The after-action report as a PDF: the mood curves of every round on one chart, the figures
round by round, the coach's feedback and the agreed changes. Drawn with fpdf2 (no browser on the
server); text typed by players is laid out as text, never interpreted.

DejaVu Sans (Debian's fonts-dejavu-core) covers any language players type; without it the PDF
falls back to a core font and replaces what Latin-1 cannot show.
"""

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
UNICODE_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
CURVE_COLOURS = [(122, 62, 29), (29, 95, 122), (74, 122, 29), (122, 29, 95), (95, 95, 95)]
CHART_HEIGHT = 60.0
LINE = 6.0


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


def _mood_chart(pdf: _Report, rounds: list[dict[str, Any]], calm_threshold: int) -> None:
    """Mood (0-10) against minutes into live, a stepped line per round, and the calm line."""
    left, top = pdf.l_margin + 10, pdf.get_y() + 2
    width = pdf.w - pdf.l_margin - pdf.r_margin - 10
    longest = max((p["live_seconds"] for r in rounds for p in r["mood_curve"]), default=0.0)
    span = max(longest / 60, 1.0)

    def x(seconds: float) -> float:
        return left + width * (seconds / 60) / span

    def y(mood: float) -> float:
        return top + CHART_HEIGHT * (1 - mood / 10)

    pdf.set_draw_color(180, 180, 180)
    pdf.set_font(pdf.family, "", 7)
    for mood in (0, 5, 10):
        pdf.line(left, y(mood), left + width, y(mood))
        pdf.text(left - 5, y(mood) + 1, str(mood))
    pdf.set_draw_color(74, 122, 29)
    pdf.set_dash_pattern(dash=1, gap=1)
    pdf.line(left, y(calm_threshold), left + width, y(calm_threshold))
    pdf.set_dash_pattern()
    for index, outcome in enumerate(rounds):
        pdf.set_draw_color(*CURVE_COLOURS[index % len(CURVE_COLOURS)])
        pdf.set_line_width(0.6)
        points = outcome["mood_curve"]
        for before, after in itertools.pairwise(points):
            pdf.line(
                x(before["live_seconds"]),
                y(before["mood"]),
                x(after["live_seconds"]),
                y(before["mood"]),
            )
            pdf.line(
                x(after["live_seconds"]),
                y(before["mood"]),
                x(after["live_seconds"]),
                y(after["mood"]),
            )
        pdf.set_line_width(0.2)
    pdf.set_y(top + CHART_HEIGHT + 3)
    pdf.set_font(pdf.family, "", 8)
    legend = "   ".join(
        f"Round {r['round']}: " + " > ".join(str(p["mood"]) for p in r["mood_curve"])
        for r in rounds
    )
    pdf.multi_cell(
        0,
        4,
        pdf.text_of(
            f"Minutes into live, 0 to {span:.1f}; calm at {calm_threshold} or below. {legend}"
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _minutes(seconds: float | None) -> str:
    return "never" if seconds is None else f"{seconds / 60:.1f} min"


def _rating(outcome: dict[str, Any], key: str) -> str:
    return str((outcome.get("customer_rating") or {}).get(key, "-"))


FIGURES: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("Time to calm", lambda r: _minutes(r["time_to_calm_seconds"])),
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
    ("Given away", lambda r: f"{r['give_cost']:,}"),
    ("Handoffs", lambda r: str(len(r["handoffs"]["handoffs"]))),
    ("Unkept promises", lambda r: str(r["handoffs"]["unkept_promises"])),
]


def _figures(pdf: _Report, rounds: list[dict[str, Any]]) -> None:
    label_width = 55.0
    column = (pdf.w - pdf.l_margin - pdf.r_margin - label_width) / max(len(rounds), 1)
    pdf.set_font(pdf.family, "B", 9)
    pdf.cell(label_width, LINE, "Figure", border="B")
    for outcome in rounds:
        pdf.cell(column, LINE, f"Round {outcome['round']}", border="B")
    pdf.ln(LINE)
    pdf.set_font(pdf.family, "", 9)
    for label, value in FIGURES:
        pdf.cell(label_width, LINE, label)
        for outcome in rounds:
            pdf.cell(column, LINE, pdf.text_of(value(outcome)))
        pdf.ln(LINE)


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
    _figures(pdf, rounds)
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
