import { useSignal } from "@preact/signals";
import { type GameStore, payloadOf } from "../state/game";

/** Proposals for next round, the team's votes, and the change once every responder accepts. */
export function AgreementView({ store }: { store: GameStore }) {
  const text = useSignal("");
  const role = store.me.value?.role;
  const events = store.roundEvents.value;
  const proposals = events.filter((e) => e.type === "change.proposed");
  const agreed = new Set(events.filter((e) => e.type === "change.agreed").map((e) => payloadOf(e)["proposal"]));
  const votesFor = (seq: number) =>
    events.filter((e) => e.type === "change.voted" && payloadOf(e)["proposal"] === seq);
  return (
    <section class="agreement" aria-label="Agreement">
      <h2>One change for next time</h2>
      <ul class="proposals">
        {proposals.map((proposal) => {
          const payload = payloadOf(proposal);
          const votes = votesFor(proposal.seq);
          return (
            <li key={proposal.seq} class={agreed.has(proposal.seq) ? "is-agreed" : ""}>
              <p>
                “{String(payload["text"])}” <small>({String(payload["author"])})</small>
                {agreed.has(proposal.seq) && <strong class="agreed-badge"> Agreed</strong>}
              </p>
              <p class="votes">
                {votes.map((v) => `${String(payloadOf(v)["voter"])}: ${payloadOf(v)["accept"] ? "yes" : "no"}`).join(" · ")}
              </p>
              {role === "responder" && !agreed.has(proposal.seq) && (
                <>
                  <button type="button" onClick={() => void store.send({ type: "vote", proposal: proposal.seq, accept: true })}>
                    Accept
                  </button>
                  <button type="button" onClick={() => void store.send({ type: "vote", proposal: proposal.seq, accept: false })}>
                    Not yet
                  </button>
                </>
              )}
              {role === "facilitator" && !agreed.has(proposal.seq) && (
                <button
                  type="button"
                  onClick={() => {
                    const reason = window.prompt("Why settle this change for the team?");
                    if (reason) void store.send({ type: "force_change", proposal: proposal.seq, reason });
                  }}
                >
                  Settle it (with a reason)
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {role !== "observer" && (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            await store.send({ type: "propose_change", text: text.value }).then(() => (text.value = ""), () => undefined);
          }}
        >
          <label>
            Next time we…
            <input value={text.value} maxLength={2000} onInput={(e) => (text.value = (e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">Propose</button>
        </form>
      )}
    </section>
  );
}
