/**
 * Where each event shows on a seat's screen, and what it says there. One exhaustive switch over
 * the generated event union: a new event type does not compile until it has a place, so no event
 * can reach a seat and show nowhere (team injects once did). The browser tests check the other
 * half: every region an event of a seat's round is placed in is on that seat's screen.
 */
import { formatDuration, formatMoney, functionNames, seatName, techniqueLabel } from "../format";
import type { GameEvent } from "./events";
import { assertNever } from "./events";

/** A conversation: the event is a line of it, at its moment (data-seq on its element). */
export type TimelineRegion = "room" | "huddle" | "coach" | "debrief" | "agreement" | "review";
/** A panel that shows the state the event changed (the phase bar, who is here, the chart...). */
export type StateRegion = "status" | "people" | "changes" | "summary" | "rating" | "tags";
export type Region = TimelineRegion | StateRegion;

export const TIMELINE_REGIONS: ReadonlySet<Region> = new Set<TimelineRegion>([
  "room", "huddle", "coach", "debrief", "agreement", "review",
]);

export type Tone = "info" | "alert" | "good" | "bad";

export interface EventView {
  region: Region;
  /** The line a timeline shows for it (messages are shown as messages instead). */
  line: string;
  tone: Tone;
}

/** What the lines need to name things as this scenario does. */
export interface Naming {
  names: ReadonlyMap<number, string>;
  currency: string;
  /** Technique ids by their labels in this scenario. */
  techniques?: Record<string, string>;
  /** Escalation card ids by their labels, where the seat knows them. */
  cards?: Record<string, string>;
}

const at = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? "" : ` (at ${formatDuration(seconds)})`;

const PHASE_LINES: Record<string, string> = {
  lobby: "Back in the lobby.",
  briefing: "Briefing: read your brief; the team may talk in the huddle.",
  live: "Live: the customer is on the line.",
  debrief: "Debrief: how did it go?",
  agreement: "Agreement: choose one change for next time.",
  finished: "The game is over.",
};

export function viewOf(event: GameEvent, naming: Naming): EventView {
  const name = (id: number | null | undefined) => (id === null || id === undefined ? "someone" : naming.names.get(id) ?? "someone");
  const view = (region: Region, line = "", tone: Tone = "info"): EventView => ({ region, line, tone });
  switch (event.type) {
    case "game.created":
      return view("status", `Game ${event.payload.code} opened.`);
    case "participant.joined":
      return view("people", `${event.payload.participant.name} joined.`);
    case "participant.removed":
      return view("people", `${event.payload.name} was removed.`);
    case "participant.connected":
      return view("people", `${name(event.payload.participant)} is here.`);
    case "participant.disconnected":
      return view("people", `${name(event.payload.participant)} is away.`);
    case "game.locked":
      return view("people", event.payload.locked ? "Closed to late joiners." : "Open to late joiners.");
    case "replays.opened":
      return view("people", event.payload.open ? "Replays of finished rounds are open." : "Replays are closed.");
    case "wall.shown":
      return view("status", event.payload.view === "compare" ? "The room display shows the round comparison." : "The room display shows the live room.");
    case "seats.planned":
    case "seats.swapped":
      return view("people", "The seating plan changed.");
    case "seats.customer_given":
      return view("room", `${name(event.payload.customer)} now plays the customer.`, "alert");
    case "phase.changed":
      return view("room", PHASE_LINES[event.payload.phase] ?? event.payload.phase);
    case "round.opened":
      return view("room", `Round ${event.payload.round} opens: the same customer, the same opening.`);
    case "mood.changed":
      return view("status", `Mood ${event.payload.mood}${at(event.payload.live_seconds)}.`);
    case "message.posted":
      return view(event.payload.channel, event.payload.text);
    case "coach.note":
      return view("coach", `Note${at(event.payload.live_seconds)}: ${event.payload.text}`);
    case "tag.added":
      return view(event.audience === "coach" ? "coach" : "tags", `Tagged ${techniqueLabel(event.payload.technique, naming.techniques)}${at(event.payload.live_seconds)}.`);
    case "tag.updated":
      return view("tags", "A tag was changed.");
    case "tag.removed":
      return view("tags", "A tag was removed.");
    case "tag.suggested":
      return view("coach", `Suggested: ${event.payload.suggestions.map((s) => techniqueLabel(s.technique, naming.techniques)).join(", ")}.`);
    case "tag.suggestion_dismissed":
      return view("coach", `Dismissed the suggestion ${techniqueLabel(event.payload.technique, naming.techniques)}.`);
    case "round.frozen":
      return view("room", `Frozen: ${event.payload.reason}`, "alert");
    case "round.unfrozen":
      return view("room", "The round goes on.", "info");
    case "escalation.played":
      return view("room", `Escalation, ${event.payload.label}: “${event.payload.text}”`, "bad");
    case "escalation.reason":
      return view("coach", `Why they played “${naming.cards?.[event.payload.card] ?? event.payload.card}”: ${event.payload.why || "no reason given"}.`);
    case "customer.rated":
      return view(event.audience === "customer" ? "rating" : "debrief", "The customer rated the round.");
    case "concession.recorded": {
      const { description, cost, by, flags, approver, approved } = event.payload;
      const flagged = flags.length ? ` Beyond parameters: ${flags.map((f) => f.replace("_", " ")).join(", ")}.` : "";
      const approval = approver ? (approved ? `, approved by ${approver}` : `, needs ${approver}`) : "";
      return view("huddle", `${by} offered ${description} (${formatMoney(cost, naming.currency)}${approval}).${flagged}`, flags.length ? "bad" : "good");
    }
    case "debrief.revealed":
      return view("debrief", "The coach's notes, tags and the customer's rating are open to everyone.");
    case "rubric.rated":
      return view("debrief", "The coach rated the rubric.");
    case "feedback.given":
      return view("debrief", `Feedback from ${event.payload.author}.`);
    case "reflection.added":
      return view("debrief", `${event.payload.author}: ${event.payload.text}`);
    case "change.proposed":
      return view("agreement", `${event.payload.author} proposed: ${event.payload.text}`);
    case "change.voted":
      return view("agreement", `${event.payload.voter} ${event.payload.accept ? "accepts" : "is not sure yet"}.`);
    case "change.agreed":
      return view("agreement", `Agreed: ${event.payload.text}`, "good");
    case "change.marked":
      return view("changes", event.payload.kept ? "A change was kept." : "A change was not kept.");
    case "round.summarized":
      return view("summary", `Round ${event.payload.round} summarised.`);
    case "inject.fired":
      return view("coach", `Inject ${event.payload.scheduled ? "at its minute" : "fired"}: ${event.payload.title}`);
    case "inject.delivered":
      return view(event.audience === "customer" ? "room" : "huddle", `${event.payload.title}: ${event.payload.text}`, "alert");
    case "clock.paused":
      return view("room", pausedLine(event.payload.reason), "alert");
    case "clock.resumed":
      return view("room", "The clock runs again.");
    case "clock.extended":
      return view("room", `${formatDuration(event.payload.seconds)} more on the clock.`);
    case "round.held":
      return view("room", `On hold: ${event.payload.reason}`, "alert");
    case "round.released":
      return view("room", "The round goes on.");
    case "review.annotated":
      return view("review", `Review of round ${event.payload.round} at ${formatDuration(event.payload.at_seconds)}: ${event.payload.text}`);
    case "facilitator.announced":
      return view("status", `From the facilitator: ${event.payload.text}`, "alert");
    case "hand.raised":
      return view("status", event.payload.raised ? `${event.payload.name} asked the facilitator for help.` : "The facilitator is on the way (hand lowered).", event.payload.raised ? "alert" : "info");
    default:
      return assertNever(event);
  }
}

/** "Paused by the facilitator.", or why, without saying "paused" twice. */
export function pausedLine(reason: string): string {
  if (!reason) return "Paused.";
  return /^paused\b/i.test(reason) ? reason : `Paused: ${reason}`;
}

/** A message's seat as the room sees it: "Logistics lead", "Customer"; one person holding many
 * functions reads "Account manager + 3 more" (every message carries it; `seatName` has all). */
export function speakerOf(payload: { author: string; role: string; functions: string[] }, titles: Record<string, string>): string {
  const [first, ...rest] = payload.functions;
  if (payload.role !== "responder" || first === undefined || rest.length < 2) {
    return seatName(payload.role, payload.functions, titles);
  }
  return `${functionNames([first], titles)} + ${rest.length} more`;
}
