import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import { formatDuration } from "../format";

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

export interface MoodSeries {
  label: string;
  points: { live_seconds: number; mood: number }[];
}

const COLOURS = ["#7a3e1d", "#1d5f7a", "#4a7a1d", "#7a1d5f", "#5f5f5f"];

/** Mood over live time, one line per round; the numbers are listed too, for screen readers. */
export function MoodChart({ series, calmThreshold, large = false }: { series: MoodSeries[]; calmThreshold: number; large?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    // On the projector the axes and legend are read from the back of the room.
    const font = { size: large ? 22 : 12 };
    const chart = new Chart(canvas.current, {
      type: "line",
      data: {
        datasets: series.map((s, index) => ({
          label: s.label,
          data: s.points.map((p) => ({ x: p.live_seconds / 60, y: p.mood })),
          borderColor: COLOURS[index % COLOURS.length] ?? "#333",
          borderDash: index % 2 ? [6, 3] : [],
          stepped: true,
        })),
      },
      options: {
        animation: false,
        plugins: { legend: { labels: { font } } },
        scales: {
          x: {
            type: "linear",
            title: { display: true, text: "time into live (m:ss, pauses left out)", font },
            min: 0,
            ticks: { callback: (value) => formatDuration(Number(value) * 60), font },
          },
          y: { min: 0, max: 10, title: { display: true, text: `mood (calm at ${calmThreshold} or below)`, font }, ticks: { font } },
        },
      },
    });
    return () => chart.destroy();
  }, [series, calmThreshold, large]);
  return (
    <figure class="mood-chart">
      <canvas ref={canvas} role="img" aria-label="Customer mood over the live phase" />
      <figcaption>
        {series.map((s) => (
          <p key={s.label}>
            {s.label}: {s.points.map((p) => p.mood).join(" → ")}
          </p>
        ))}
      </figcaption>
    </figure>
  );
}
