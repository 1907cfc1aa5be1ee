import type { AgreedChange } from "../realtime/protocol";

/** The team's earlier agreements, pinned where everyone sees them in briefing and live. */
export function AgreedChanges({ changes, round }: { changes: AgreedChange[]; round: number }) {
  const earlier = changes.filter((change) => change.round < round);
  if (earlier.length === 0) return null;
  return (
    <aside class="agreed-changes" aria-label="What we agreed to try" data-region="changes">
      <h2>What we agreed to try</h2>
      <ul>
        {earlier.map((change) => {
          const latest = change.kept[change.kept.length - 1];
          return (
            <li key={change.change}>
              {change.text} <small>(round {change.round})</small>
              {latest && <span class={`kept kept--${latest.kept ? "yes" : "no"}`}> · {latest.kept ? "kept" : "not kept"} in round {latest.round}</span>}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
