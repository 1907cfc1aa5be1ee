import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";

export interface Panel {
  id: string;
  label: string;
  /** How many lines the panel holds: on a phone, those added while it was hidden show as new. */
  count?: number;
  content: ComponentChildren;
  /** The desktop column: main panels take the wider middle. */
  wide?: boolean;
}

/** Below this width one panel shows at a time, behind tabs; above it, all side by side. */
export const PHONE_QUERY = "(max-width: 47.99rem)";

export function useMediaQuery(query: string): boolean {
  const matches = useSignal(typeof window !== "undefined" && window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => (matches.value = list.matches);
    update();
    list.addEventListener("change", update);
    return () => list.removeEventListener("change", update);
  }, [query]);
  return matches.value;
}

/**
 * A seat's panels: side by side on a wide screen; on a phone, tabs that keep every panel in the
 * page (so a chat keeps its place) and show one, with an unread count on the others.
 */
export function Panels({ panels, label, initial }: { panels: Panel[]; label: string; initial?: string | undefined }) {
  const phone = useMediaQuery(PHONE_QUERY);
  const chosen = useSignal(initial ?? panels[0]?.id ?? "");
  const active = panels.some((panel) => panel.id === chosen.value) ? chosen.value : panels[0]?.id ?? "";
  const seen = useSignal<Record<string, number>>({});
  const shown = panels.find((panel) => panel.id === active);
  useEffect(() => {
    const updates: Record<string, number> = {};
    for (const panel of panels) {
      if (panel.count === undefined) continue;
      // A panel is read up to now when it is shown, or when it first appears.
      if (panel.id === shown?.id ? seen.value[panel.id] !== panel.count : seen.value[panel.id] === undefined) {
        updates[panel.id] = panel.count;
      }
    }
    if (Object.keys(updates).length) seen.value = { ...seen.value, ...updates };
  });
  const unread = (panel: Panel) =>
    panel.count === undefined || panel.id === active ? 0 : Math.max(0, panel.count - (seen.value[panel.id] ?? panel.count));
  const onKey = (event: KeyboardEvent) => {
    const index = panels.findIndex((panel) => panel.id === active);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = panels[(index + step + panels.length) % panels.length];
    if (next) {
      chosen.value = next.id;
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  };
  return (
    <div class={`panels${phone ? " panels--tabs" : " panels--columns"} panels--${panels.length}`}>
      {phone && panels.length > 1 && (
        <div class="panels__tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
          {panels.map((panel) => (
            <button
              key={panel.id}
              id={`tab-${panel.id}`}
              type="button"
              role="tab"
              aria-selected={panel.id === active}
              aria-controls={`panel-${panel.id}`}
              tabIndex={panel.id === active ? 0 : -1}
              class={`panels__tab${panel.id === active ? " is-active" : ""}`}
              onClick={() => (chosen.value = panel.id)}
            >
              {panel.label}
              {unread(panel) > 0 && (
                <>
                  <span class="panels__badge" aria-hidden="true">{unread(panel)}</span>
                  <span class="visually-hidden">, {unread(panel)} new</span>
                </>
              )}
            </button>
          ))}
        </div>
      )}
      {panels.map((panel) => (
        <div
          key={panel.id}
          id={`panel-${panel.id}`}
          class={`panels__panel panels__panel--${panel.id}${panel.wide ? " is-wide" : ""}`}
          {...(phone && panels.length > 1
            ? { role: "tabpanel", "aria-labelledby": `tab-${panel.id}`, hidden: panel.id !== active }
            : {})}
        >
          {panel.content}
        </div>
      ))}
    </div>
  );
}
