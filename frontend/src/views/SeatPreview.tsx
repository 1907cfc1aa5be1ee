import { useSignal, useSignalEffect } from "@preact/signals";
import { ApiError, type SeatPreview as SeatPreviewData, api } from "../api/client";
import { EscalationCards } from "../components/Brief";
import { seatName } from "../format";
import type { Brief } from "../realtime/protocol";
import { SeatBrief } from "./Play";

/**
 * One seat's brief as its screen shows it in a game, drawn by the seat screen's own components
 * from the projection a game sends that seat. The studio shows this page in a laptop frame and
 * a phone frame.
 */
export function SeatPreview({ draft, seat }: { draft: number; seat: string }) {
  // The API's `brief` is the game's `Brief` projection: the same function makes both.
  const preview = useSignal<(Omit<SeatPreviewData, "brief"> & { brief: Brief }) | null>(null);
  const error = useSignal<string | null>(null);
  useSignalEffect(() => {
    void api<Omit<SeatPreviewData, "brief"> & { brief: Brief }>("GET", `/api/v1/studio/drafts/${draft}/preview/?seat=${encodeURIComponent(seat)}`).then(
      (found) => (preview.value = found),
      (caught: unknown) => (error.value = caught instanceof ApiError ? caught.message : "The preview could not be drawn."),
    );
  });
  if (error.value) return <main class="play"><h1>Preview</h1><p class="notice notice--error" role="alert">{error.value}</p></main>;
  const found = preview.value;
  if (!found) return <p role="status">Loading…</p>;
  const brief = found.brief;
  const who = seatName(found.role, found.functions, found.function_titles);
  return (
    <main class="play seat-preview">
      <h1 class="visually-hidden">Preview of the {who} seat</h1>
      <div class={`seat seat--${found.role} seat--briefing`}>
        <p class="seat__who">Playing <strong>{who}</strong> in round 1</p>
        <div class="panels panels--columns panels--1">
          <div class="panels__panel panels__panel--brief">
            <div class="seat__brief">
              {found.role === "customer" && brief.customer_brief && (
                <EscalationCards customer={brief.customer_brief} played={[]} />
              )}
              <SeatBrief brief={brief} role={found.role} currency={found.currency} />
            </div>
          </div>
        </div>
      </div>
    </main>
  );
}
