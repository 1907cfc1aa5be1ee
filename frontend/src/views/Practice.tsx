import { useSignal, useSignalEffect } from "@preact/signals";
import { type Draft, api } from "../api/client";
import { RubricPanel, useCoachDesk } from "../components/Coaching";
import { PhaseBar } from "../components/PhaseBar";
import { AppLink, FacilitatorNav, PhaseControls } from "./Console";
import { Announcer, Seat, SkipLink, useGame } from "./Play";

/**
 * Trying a draft alone: the author's own seat screen (the responder, against the scripted
 * customer), the phase controls, and the coach's rubric with the detector's suggested tags.
 * The seat and the coach are the game's own screens, on two connections: the player's token
 * and the facilitator's session.
 */
export function Practice({ draft, code, token }: { draft: number; code: string; token: string }) {
  const player = useGame(code, token);
  const coach = useGame(code, null, { inspect: false });
  const desk = useCoachDesk();
  const title = useSignal<string | null>(null);
  useSignalEffect(() => {
    void api<Draft>("GET", `/api/v1/studio/drafts/${draft}/`).then((found) => (title.value = found.title), () => undefined);
  });
  const game = coach.game.value;
  const scenario = coach.snapshot.value?.brief.scenario;
  const coaching = game && (game.phase === "live" || game.phase === "debrief");
  return (
    <main class="practice">
      <SkipLink />
      <FacilitatorNav><AppLink to={`/studio/drafts/${draft}`}>Back to the draft</AppLink></FacilitatorNav>
      <h1>Trying {title.value ? `“${title.value}”` : "a draft"} <span class="console__code">{code}</span></h1>
      <PhaseBar store={player} />
      <Announcer store={player} />
      <PhaseControls store={coach} practice />
      <div class="practice__grid">
        <section class="practice__seat" aria-label="Your seat">
          <Seat store={player} token={token} />
        </section>
        <section class="practice__coach" aria-label="The coach's view">
          <h2>The coach's view</h2>
          {coaching && scenario ? (
            <RubricPanel store={coach} scenario={scenario} desk={desk} />
          ) : (
            <p class="hint">Once the round is live, the technique detector's suggested tags for what you say show here: accept or dismiss each, as a coach would.</p>
          )}
        </section>
      </div>
    </main>
  );
}
