/**
 * Old snapshot + events = fresh snapshot, for every seat and every command of a recorded game
 * (tests/games/folding.py writes the record from the server's own snapshots and events).
 * The store folds each step's events into the snapshot it holds and must reach the snapshot the
 * server would send at that moment; where the seat changed, it asks for a fresh one, as in a game.
 */
import { describe, expect, it } from "vitest";
import type { Events, Snapshot } from "../realtime/protocol";
import record from "./folding.fixtures.json";
import { GameStore } from "./game";

type Folded = Omit<Snapshot, "brief" | "events" | "seq"> & { events: number[] };
interface Step {
  command: string;
  seats: Record<string, { events: Events; after: Folded }>;
}
const start = record.start as unknown as Record<string, Omit<Snapshot, "brief">>;
const steps = record.steps as unknown as Step[];
const BRIEF: Snapshot["brief"] = { title: "", summary: "", customer: { name: "", company: "", role: "" }, opening_statement: "" };

function held(store: GameStore): Folded {
  const snapshot = store.snapshot.value;
  if (!snapshot) throw new Error("no snapshot");
  // The log position is the socket's to keep (the snapshot's `seq` is where it started).
  const { brief: _, events: __, seq: ___, ...rest } = snapshot;
  return { ...rest, events: store.roundEvents.value.map((e) => e.seq) };
}

function fresh(after: Folded & { seq?: number }): Folded {
  const { seq: _, ...rest } = after;
  return rest;
}

describe("folding a seat's events into its snapshot", () => {
  for (const seat of Object.keys(start)) {
    it(`gives ${seat} the fresh snapshot after every command`, () => {
      const store = new GameStore("CODE", null);
      store.applySnapshot({ ...start[seat]!, brief: BRIEF } as Snapshot);
      for (const step of steps) {
        const got = step.seats[seat];
        if (!got) continue;
        const reseat = got.events.events.some((e) => ["round.opened", "seats.customer_given", "seats.swapped"].includes(e.type));
        store.applyEvents(got.events.events, got.events.seq);
        const folded = held(store);
        const expected = fresh(got.after);
        if (reseat) {
          // The seat may have changed: the browser asks for a fresh snapshot; everything but
          // `me` (the new seat) must already match.
          expect({ ...folded, me: null }, `${seat} after ${step.command}`).toEqual({ ...expected, me: null });
          store.applySnapshot({ ...got.after, brief: BRIEF, events: store.roundEvents.value } as Snapshot);
        } else {
          expect(folded, `${seat} after ${step.command}`).toEqual(expected);
        }
      }
    });
  }
});
