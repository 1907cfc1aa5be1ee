import { signal } from "@preact/signals";
import { type Organisation, api } from "../api/client";

type Capability = Organisation["may"][number];

/** The signed-in member's organisation, fetched once a page load: what the nav and forms offer
 * follows the member's role (the server refuses the rest whatever the page shows). */
export const organisation = signal<Organisation | null>(null);
let loading: Promise<Organisation | null> | null = null;

export function loadOrganisation(): Promise<Organisation | null> {
  loading ??= api<Organisation>("GET", "/api/v1/organisation/").then(
    (found) => (organisation.value = found),
    () => null,
  );
  return loading;
}

/** Until the organisation is known, offer everything: most people here are facilitators. */
export function mayOrUnknown(capability: Capability): boolean {
  return organisation.value === null || organisation.value.may.includes(capability);
}
