import { useSignal } from "@preact/signals";
import { ofType, type EventOf } from "../state/events";
import type { GameStore } from "../state/game";

/** Where each responder stands now: a later vote replaces their earlier one. */
export function latestVotes(votes: readonly EventOf<"change.voted">[]): string {
  const standing = new Map<string, boolean>();
  for (const vote of votes) standing.set(vote.payload.voter, vote.payload.accept);
  return [...standing].map(([voter, accept]) => `${voter}: ${accept ? "yes" : "not yet"}`).join(" · ");
}

/** Proposals for next round, the team's votes, and the change once every responder accepts. */
export function AgreementView({ store }: { store: GameStore }) {
  const text = useSignal("");
  const role = store.me.value?.role;
  const events = store.roundEvents.value;
  const proposals = ofType(events, "change.proposed");
  const agreements = ofType(events, "change.agreed");
  const votes = ofType(events, "change.voted");
  return (
    <section class="agreement" aria-label="Agreement" data-region="agreement">
      <h2>One change for next time</h2>
      {proposals.length === 0 && <p class="hint">Propose what the team will do differently next round; responders accept it together.</p>}
      <ul class="proposals">
        {proposals.map((proposal) => {
          const agreed = agreements.find((a) => a.payload.proposal === proposal.seq);
          const its = votes.filter((v) => v.payload.proposal === proposal.seq);
          const shown = [proposal, ...its, ...(agreed ? [agreed] : [])].map((e) => e.seq).join(" ");
          return (
            <li key={proposal.seq} class={agreed ? "is-agreed" : ""} data-seq={shown}>
              <p>
                “{proposal.payload.text}” <small>({proposal.payload.author})</small>
                {agreed && <strong class="agreed-badge"> Agreed{agreed.payload.forced ? ` by the facilitator: ${agreed.payload.reason}` : ""}</strong>}
              </p>
              {its.length > 0 && <p class="votes">{latestVotes(its)}</p>}
              {role === "responder" && !agreed && store.game.value?.phase !== "finished" && (
                <span class="agreement__votes">
                  <button type="button" onClick={() => void store.send({ type: "vote", proposal: proposal.seq, accept: true }).catch(() => undefined)}>
                    Accept<span class="visually-hidden">: {proposal.payload.text}</span>
                  </button>
                  <button type="button" onClick={() => void store.send({ type: "vote", proposal: proposal.seq, accept: false }).catch(() => undefined)}>
                    Not yet<span class="visually-hidden">: {proposal.payload.text}</span>
                  </button>
                </span>
              )}
              {role === "facilitator" && !agreed && store.game.value?.phase !== "finished" && <SettleForm store={store} proposal={proposal.seq} text={proposal.payload.text} />}
            </li>
          );
        })}
      </ul>
      {role !== "observer" && store.game.value?.phase !== "finished" && (
        <form
          class="agreement__propose"
          onSubmit={async (event) => {
            event.preventDefault();
            await store.send({ type: "propose_change", text: text.value }).then(() => (text.value = ""), () => undefined);
          }}
        >
          <label>
            Next time we…
            <input name="proposal" value={text.value} maxLength={2000} onInput={(e) => (text.value = (e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">Propose</button>
        </form>
      )}
    </section>
  );
}

/** The facilitator settles a change for the team, saying why (recorded with it). */
function SettleForm({ store, proposal, text }: { store: GameStore; proposal: number; text: string }) {
  const open = useSignal(false);
  const reason = useSignal("");
  const problem = useSignal("");
  if (!open.value) {
    return (
      <button type="button" onClick={() => (open.value = true)}>
        Settle it<span class="visually-hidden">: {text}</span>
      </button>
    );
  }
  return (
    <form class="inline-form" onSubmit={(event) => {
      event.preventDefault();
      if (!reason.value.trim()) {
        problem.value = "Say why you settle it for the team; the reason is recorded with the change.";
        return;
      }
      void store.send({ type: "force_change", proposal, reason: reason.value }).then(() => (open.value = false), () => undefined);
    }}>
      <label>
        Why settle “{text}” for the team?
        <input name="settle-reason" value={reason.value} maxLength={500} onInput={(e) => (reason.value = (e.target as HTMLInputElement).value)} />
      </label>
      {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
      <button type="submit">Settle it</button>
      <button type="button" class="subtle" onClick={() => (open.value = false)}>Cancel</button>
    </form>
  );
}
