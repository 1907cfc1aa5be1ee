/** How numbers, times, money and names read on every screen: one place, the browser's locale. */

/** A duration as m:ss (0:19, 5:07, 61:00): the one format for timers and time to calm. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** A long duration as h:mm:ss (1:05:12), or m:ss under an hour: the training day's clock. */
export function formatLongDuration(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  if (whole < 3600) return formatDuration(whole);
  const minutes = Math.floor((whole % 3600) / 60);
  return `${Math.floor(whole / 3600)}:${String(minutes).padStart(2, "0")}:${String(whole % 60).padStart(2, "0")}`;
}

/** Time to calm, or "never" when the customer never calmed down. */
export function formatTimeToCalm(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? "never" : formatDuration(seconds);
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount.toLocaleString()} ${currency}`;
  }
}

export function formatNumber(value: number): string {
  return value.toLocaleString();
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** A technique by its label in this scenario ("Listen and repeat back"), or its id as words. */
export function techniqueLabel(technique: string, labels?: Record<string, string>): string {
  return labels?.[technique] ?? technique.replaceAll("_", " ");
}

/** The functions a seat holds, by their display names in this scenario. */
export function functionNames(functions: readonly string[], titles: Record<string, string>): string {
  // Joined with "+": a function's own title may hold a comma ("Account Manager, Leeds").
  return functions.map((slug) => titles[slug] ?? slug.replaceAll("-", " ")).join(" + ");
}

const ROLE_NAMES: Record<string, string> = {
  customer: "Customer", responder: "Responder", coach: "Coach", facilitator: "Facilitator", observer: "Observer",
};

export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
}

/** "Dev, Logistics lead" for a responder; "Ann, Customer" otherwise. */
export function seatName(role: string, functions: readonly string[], titles: Record<string, string>): string {
  return role === "responder" && functions.length ? functionNames(functions, titles) : roleName(role);
}
