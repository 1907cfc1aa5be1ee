/** A tiny router over the History API: the path is a signal; links and forms call navigate. */
import { signal } from "@preact/signals";

export const path = signal(window.location.pathname);

export function navigate(to: string): void {
  if (to === window.location.pathname) return;
  window.history.pushState(null, "", to);
  path.value = to;
}

window.addEventListener("popstate", () => (path.value = window.location.pathname));

export function match(pattern: RegExp): string[] | null {
  const found = pattern.exec(path.value);
  return found ? found.slice(1).map((part) => decodeURIComponent(part)) : null;
}
