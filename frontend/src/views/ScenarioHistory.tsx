import { useSignal, useSignalEffect } from "@preact/signals";
import { ApiError, type Diff, type Draft, type ScenarioVersionSummary, api } from "../api/client";
import { formatDate } from "../format";
import { navigate } from "../router";
import { FacilitatorNav } from "./Console";

/** Every version of a scenario, and a readable difference between any two. */
export function ScenarioHistory({ slug }: { slug: string }) {
  const versions = useSignal<ScenarioVersionSummary[] | null>(null);
  const before = useSignal<number | null>(null);
  const after = useSignal<number | null>(null);
  const diff = useSignal<Diff | null>(null);
  const error = useSignal<string | null>(null);
  useSignalEffect(() => {
    void api<ScenarioVersionSummary[]>("GET", `/api/v1/scenarios/${slug}/versions/`).then((found) => {
      versions.value = found;
      after.value = found[0]?.version ?? null;
      before.value = found[1]?.version ?? found[0]?.version ?? null;
    }, (caught: unknown) => (error.value = caught instanceof ApiError ? caught.message : "The versions could not be read."));
  });
  useSignalEffect(() => {
    const from = before.value;
    const to = after.value;
    if (from === null || to === null) return;
    void api<Diff>("GET", `/api/v1/scenarios/${slug}/diff/?before=${from}&after=${to}`).then(
      (found) => (diff.value = found),
      (caught: unknown) => (error.value = caught instanceof ApiError ? caught.message : "The difference could not be read."),
    );
  });
  const start = (kind: "fork" | "edit", version: number) =>
    api<Draft>("POST", "/api/v1/studio/drafts/", { body: { start: kind, scenario: slug, version } }).then(
      (draft) => navigate(`/studio/drafts/${draft.id}`),
      (caught: unknown) => (error.value = caught instanceof ApiError ? caught.message : "The draft could not be started."),
    );
  const list = versions.value ?? [];
  const picker = (label: string, value: typeof before) => (
    <label>{label}
      <select value={String(value.value ?? "")} onChange={(e) => (value.value = Number((e.target as HTMLSelectElement).value))}>
        {list.map((v) => <option key={v.version} value={String(v.version)}>Version {v.version} ({v.label})</option>)}
      </select>
    </label>
  );
  return (
    <main class="studio">
      <FacilitatorNav />
      <h1>Versions of {list[0]?.title ?? slug}</h1>
      {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
      {versions.value === null && !error.value && <p role="status">Loading…</p>}
      <ol class="versions" reversed>
        {list.map((v) => (
          <li key={v.version}>
            <strong>Version {v.version}</strong> ({v.label}) · {v.title} · {formatDate(v.imported_at)}
            <span class="library-list__actions">
              <a href={`/api/v1/scenarios/${slug}/yaml/?version=${v.version}`} download>YAML<span class="visually-hidden"> of version {v.version}</span></a>
              <button type="button" onClick={() => void start("fork", v.version)}>Fork<span class="visually-hidden"> version {v.version}</span></button>
              {v.version === list[0]?.version && (
                <button type="button" onClick={() => void start("edit", v.version)}>Write the next version</button>
              )}
            </span>
          </li>
        ))}
      </ol>
      {list.length > 1 && (
        <section class="history-diff" aria-label="Differences">
          <h2>What changed</h2>
          <div class="inline-form">
            {picker("From", before)}
            {picker("To", after)}
          </div>
          {diff.value && (diff.value.changes.length === 0 ? <p>No differences.</p> : (
            <ul class="diff-list">
              {diff.value.changes.map((change) => (
                <li key={`${change.kind}:${change.path}`} class={`change change--${change.kind}`}>{change.text}</li>
              ))}
            </ul>
          ))}
        </section>
      )}
    </main>
  );
}
