import { useSignal, useSignalEffect } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef } from "preact/hooks";
import {
  ApiError, type Detection, type Diff, type Draft, type ImportResult, type StudioFormat, type TryResult, api, playerTokens,
} from "../api/client";
import { Field, type FormContext, type TechniqueOption, TopField } from "../components/SchemaForm";
import { formatDate, techniqueLabel } from "../format";
import { navigate } from "../router";
import {
  type Json, type Path, type Schema, type SchemaNode, fieldId, getAt, isObject, parsePath, readSchema, resolve,
} from "../studio/document";
import { DraftEditor } from "../studio/draft";
import { AppLink, FacilitatorNav } from "./Console";

interface Section {
  id: string;
  label: string;
  /** The fields it edits: a top-level field, or every field of a part but some. */
  fields?: { path: Path; except?: string[] };
  tool?: boolean;
}

const SECTIONS: Section[] = [
  { id: "basics", label: "Basics" },
  { id: "customer", label: "Customer", fields: { path: ["customer"], except: ["voice"] } },
  { id: "voice", label: "Scripted voice", fields: { path: ["customer", "voice"] } },
  { id: "responders", label: "Responders", fields: { path: ["responders"] } },
  { id: "techniques", label: "Techniques", fields: { path: ["techniques"] } },
  { id: "coach", label: "Coach", fields: { path: ["coach"] } },
  { id: "injects", label: "Injects", fields: { path: ["injects"] } },
  { id: "outcome", label: "Outcome", fields: { path: ["outcome"] } },
  { id: "preview", label: "Preview", tool: true },
  { id: "try", label: "Try it", tool: true },
  { id: "publish", label: "Publish", tool: true },
];

/** The section a field path belongs to. */
export function sectionOf(path: Path): string {
  const [first, second] = path;
  if (first === "customer") return second === "voice" ? "voice" : "customer";
  const found = SECTIONS.find((s) => s.fields && !s.tool && s.fields.path.length === 1 && s.fields.path[0] === first);
  return found?.id ?? "basics";
}

function byPath(list: readonly { path: string; message: string }[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { path, message } of list) map.set(path, [...(map.get(path) ?? []), message]);
  return map;
}

/** Every field of a part (the customer, the coach, the outcome) but those another section shows. */
function PartFields({ ctx, path, except = [] }: { ctx: FormContext; path: Path; except?: string[] }) {
  let node: SchemaNode = ctx.schema;
  let definition: string | null = "Scenario";
  for (const part of path) {
    const resolved = resolve(ctx.schema, node);
    definition = resolved.definition ?? definition;
    node = typeof part === "string" ? resolved.node.properties?.[part] ?? {} : resolved.node.items ?? {};
  }
  const resolved = resolve(ctx.schema, node);
  if (resolved.node.type !== "object" || !resolved.node.properties) {
    const name = path[path.length - 1];
    return typeof name === "string" ? <TopField ctx={ctx} name={name} /> : null;
  }
  const owner = resolved.definition ?? definition;
  return (
    <>
      {Object.entries(resolved.node.properties).filter(([key]) => !except.includes(key)).map(([key, child]) => (
        <Field key={key} ctx={ctx} path={[...path, key]} node={child} name={key} parent={owner}
          required={(resolved.node.required ?? []).includes(key)} />
      ))}
    </>
  );
}

const BASICS = ["id", "title", "version", "summary", "situation_type", "industry", "difficulty", "currency", "live_minutes"];

function SaveBadge({ editor }: { editor: DraftEditor }) {
  const state = editor.saveState.value;
  if (state === "failed") {
    return (
      <p class="notice notice--error save-state" role="alert">
        Not saved: {editor.saveProblem.value}
        <button type="button" onClick={() => editor.retry()}>Try saving again</button>
      </p>
    );
  }
  const words = { saved: "All changes saved", waiting: "Editing…", saving: "Saving…" }[state];
  return <p class={`save-state save-state--${state}`} role="status">{words}</p>;
}

function ProblemList({ draft, go }: { draft: Draft; go: (path: string) => void }) {
  if (!draft.problems.length) return <p class="state-badge studio__valid">No problems: ready to preview, try and publish.</p>;
  return (
    <details class="problems" open={draft.problems.length <= 8}>
      <summary>{draft.problems.length} problem{draft.problems.length === 1 ? "" : "s"} to fix (the same checks as loading a file)</summary>
      <ul>
        {draft.problems.map((problem, index) => (
          <li key={`${problem.path}:${index}`}>
            <a href={`#${fieldId(parsePath(problem.path))}`} onClick={(e) => { e.preventDefault(); go(problem.path); }}>
              <code>{problem.path || "the scenario"}</code>: {problem.message}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** An iframe of a seat's screen at a real device width, scaled down to fit the page. */
function DeviceFrame({ src, width, height, label }: { src: string; width: number; height: number; label: string }) {
  const scale = useSignal(1);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => (scale.value = Math.min(1, element.clientWidth / width));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [width]);
  return (
    <figure class="device">
      <figcaption>{label} ({width} px)</figcaption>
      <div class="device__box" ref={box} style={{ height: `${height * scale.value}px` }}>
        <iframe title={`${label} preview`} src={src} width={width} height={height} class="device__frame"
          style={{ transform: `scale(${scale.value})` }} />
      </div>
    </figure>
  );
}

function Preview({ editor }: { editor: DraftEditor }) {
  const draft = editor.draft.value;
  const seat = useSignal<string | null>(null);
  if (!draft) return null;
  if (!draft.valid) {
    return <p>The preview shows a seat's brief once the draft has no problems ({draft.problems.length} left).</p>;
  }
  const chosen = draft.seats.find((s) => s.seat === seat.value) ?? draft.seats[0];
  if (!chosen) return null;
  const src = `/studio/drafts/${draft.id}/preview/${chosen.seat}?revision=${draft.revision}`;
  return (
    <section class="preview" aria-label="Preview">
      <p class="hint">Each seat's brief exactly as that seat's screen shows it in a game, on a laptop and on a phone.</p>
      <div class="preview__seats" role="group" aria-label="Seat to preview">
        {draft.seats.map((s) => (
          <button key={s.seat} type="button" aria-pressed={s.seat === chosen.seat} onClick={() => (seat.value = s.seat)}>
            <span class="visually-hidden">Preview the seat of </span>{s.label}
          </button>
        ))}
      </div>
      <div class="preview__frames">
        <DeviceFrame key={`desktop-${src}`} src={src} width={1280} height={800} label="Laptop" />
        <DeviceFrame key={`phone-${src}`} src={src} width={375} height={740} label="Phone" />
      </div>
    </section>
  );
}

function TryIt({ editor }: { editor: DraftEditor }) {
  const difficulty = useSignal<"patient" | "typical" | "furious">("typical");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const draft = editor.draft.value;
  if (!draft) return null;
  const start = async () => {
    busy.value = true;
    error.value = null;
    try {
      await editor.flush();
      const result = await api<TryResult>("POST", `/api/v1/studio/drafts/${draft.id}/try/`, { body: { difficulty: difficulty.value } });
      playerTokens.set(result.code, result.token);
      navigate(`/studio/drafts/${draft.id}/try/${result.code}`);
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught.message : "The practice game could not be opened.";
    } finally {
      busy.value = false;
    }
  };
  return (
    <section class="try-it" aria-label="Try it">
      <p>Play the draft yourself before anyone else sees it: the scripted customer plays the customer, you play the team, and the technique detector's suggested tags show beside the room. It is a private practice game: it is not in the library.</p>
      {!draft.valid ? <p>Fix the {draft.problems.length} problem{draft.problems.length === 1 ? "" : "s"} first.</p> : (
        <div class="inline-form">
          <label>How hard
            <select value={difficulty.value} onChange={(e) => {
              const value = (e.target as HTMLSelectElement).value;
              difficulty.value = value === "patient" || value === "furious" ? value : "typical";
            }}>
              <option value="patient">Patient: calms quickly</option>
              <option value="typical">Typical</option>
              <option value="furious">Furious: slow to calm, quick to anger</option>
            </select>
          </label>
          <button type="button" class="button" disabled={busy.value} onClick={() => void start()}>Try it against the scripted customer</button>
        </div>
      )}
      {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
      {draft.practice_games.length > 0 && (
        <>
          <h3>Your practice games</h3>
          <ul>
            {draft.practice_games.map((game) => (
              <li key={game.code}>
                {playerTokens.get(game.code)
                  ? <AppLink to={`/studio/drafts/${draft.id}/try/${game.code}`}>Practice {game.code}</AppLink>
                  : <AppLink to={`/facilitate/${game.code}`}>Practice {game.code}</AppLink>}
                {" "}· {formatDate(game.created_at)} · {game.phase}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Changes({ diff }: { diff: Diff }) {
  if (!diff.changes.length) return <p>No changes from {diff.before}.</p>;
  return (
    <>
      <h3>What changes from {diff.before}</h3>
      <ul class="diff-list">
        {diff.changes.map((change) => (
          <li key={`${change.kind}:${change.path}`} class={`change change--${change.kind}`}>{change.text}</li>
        ))}
      </ul>
    </>
  );
}

function Publish({ editor }: { editor: DraftEditor }) {
  const draft = editor.draft.value;
  const diff = useSignal<Diff | null>(null);
  const published = useSignal<ImportResult | null>(null);
  const error = useSignal<string | null>(null);
  const revision = draft?.revision;
  useEffect(() => {
    if (!draft) return;
    void api<Diff>("GET", `/api/v1/studio/drafts/${draft.id}/diff/`).then((found) => (diff.value = found), () => (diff.value = null));
  }, [draft?.id, revision, published.value]);
  if (!draft) return null;
  const publish = async () => {
    error.value = null;
    try {
      await editor.flush();
      published.value = await api<ImportResult>("POST", `/api/v1/studio/drafts/${draft.id}/publish/`);
      const reloaded = await api<Draft>("GET", `/api/v1/studio/drafts/${draft.id}/`);
      editor.draft.value = reloaded;
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught.message : "Publishing failed.";
    }
  };
  const exportFile = async (event: Event) => {
    event.preventDefault();
    await editor.flush();
    window.location.assign(`/api/v1/studio/drafts/${draft.id}/yaml/`);
  };
  const result = published.value;
  return (
    <section class="publish" aria-label="Publish">
      <p>Publishing makes a new version of <code>{draft.scenario || "(no id yet)"}</code> in the library. Games already played keep the version they were played on.</p>
      {!draft.valid && <p>Fix the {draft.problems.length} problem{draft.problems.length === 1 ? "" : "s"} first.</p>}
      {draft.publish.reason && <p class="notice notice--warning">{draft.publish.reason}</p>}
      <p class="studio__actions">
        <button type="button" class="button" disabled={!draft.publish.allowed} onClick={() => void publish()}>Publish as a new version</button>
        <a href={`/api/v1/studio/drafts/${draft.id}/yaml/`} onClick={exportFile} download>Export as a YAML file</a>
        {draft.scenario && draft.based_on && (
          <AppLink to={`/studio/scenarios/${draft.based_on.scenario}/history`}>Versions of {draft.based_on.scenario}</AppLink>
        )}
      </p>
      {result && (
        <p class="notice notice--success" role="status">
          {result.created ? `Published: ${result.scenario.id} version ${result.scenario.version}.` : `Nothing new: version ${result.scenario.version} has this content already.`}{" "}
          <AppLink to="/facilitate/">Run a game with it</AppLink>
        </p>
      )}
      {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
      {diff.value && <Changes diff={diff.value} />}
    </section>
  );
}

/** Point 7: what the technique detector finds in a message, with this draft's own cues. */
function DetectorCheck({ editor }: { editor: DraftEditor }) {
  const text = useSignal("");
  const found = useSignal<{ text: string; detections: Detection[] } | null>(null);
  const error = useSignal<string | null>(null);
  const draft = editor.draft.value;
  if (!draft) return null;
  const read = async (event: Event) => {
    event.preventDefault();
    error.value = null;
    try {
      await editor.flush();
      const detections = await api<Detection[]>("POST", `/api/v1/studio/drafts/${draft.id}/detect/`, { body: { text: text.value } });
      found.value = { text: text.value, detections };
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught.message : "The detector could not read it.";
    }
  };
  return (
    <section class="detector-check" aria-label="Check the detector">
      <h3>What would the detector suggest?</h3>
      <p class="hint">Type what a responder might say; the detector reads it with the shared cues and this draft's own, as it does in a game.</p>
      <form class="inline-form" onSubmit={read}>
        <label>A responder says
          <input name="detector-text" maxLength={2000} value={text.value} onInput={(e) => (text.value = (e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={!draft.valid || !text.value.trim()}>Read it</button>
      </form>
      {!draft.valid && <p class="hint">The detector reads a draft without problems.</p>}
      {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
      {found.value && (
        found.value.detections.length === 0 ? <p>The detector finds no technique in that.</p> : (
          <ul class="detections">
            {found.value.detections.map((d) => (
              <li key={d.technique} class={`suggestion suggestion--${d.kind === "anti_pattern" ? "anti" : "good"}`}>
                <strong>{d.kind === "anti_pattern" ? "✗ " : "✓ "}{techniqueLabel(d.technique)}</strong>{" "}
                <q>{found.value?.text.slice(0, d.start)}<mark>{found.value?.text.slice(d.start, d.end)}</mark>{found.value?.text.slice(d.end)}</q>{" "}
                <span class="hint">{d.suggested ? "suggested to the coach in a game" : "not in the coach's rubric or anti-patterns: not suggested"}</span>
              </li>
            ))}
          </ul>
        )
      )}
    </section>
  );
}

function techniqueOptions(format: StudioFormat, document: Json): TechniqueOption[] {
  const shared = format.techniques.map((t) => ({ ...t, custom: false }));
  const custom = getAt(document, ["techniques"]);
  const own = (Array.isArray(custom) ? custom : []).flatMap((entry): TechniqueOption[] => {
    if (!isObject(entry) || typeof entry["id"] !== "string" || !entry["id"]) return [];
    const label = typeof entry["label"] === "string" && entry["label"] ? entry["label"] : entry["id"];
    const kind = entry["kind"] === "anti_pattern" ? "anti_pattern" : "good_move";
    const description = typeof entry["description"] === "string" ? entry["description"] : "";
    return [{ id: entry["id"], label, kind, description, custom: true }];
  });
  return [...shared, ...own];
}

export function StudioEditor({ id }: { id: number }) {
  const editor = useMemo(() => new DraftEditor(id), [id]);
  const format = useSignal<StudioFormat | null>(null);
  const schema = useSignal<Schema | null>(null);
  const failed = useSignal<string | null>(null);
  const section = useSignal("basics");
  const focusPath = useSignal<string | null>(null);
  useSignalEffect(() => {
    void Promise.all([
      api<StudioFormat>("GET", "/api/v1/studio/format/"),
      api<Draft>("GET", `/api/v1/studio/drafts/${id}/`),
    ]).then(([found, draft]) => {
      format.value = found;
      schema.value = readSchema(found.schema);
      editor.take(draft);
    }, (caught: unknown) => (failed.value = caught instanceof ApiError ? caught.message : "The draft could not be opened."));
  });
  useEffect(() => {
    const leave = (event: BeforeUnloadEvent) => {
      if (editor.saveState.value !== "saved") event.preventDefault();
    };
    window.addEventListener("beforeunload", leave);
    return () => {
      window.removeEventListener("beforeunload", leave);
      void editor.flush();
      editor.stop();
    };
  }, [editor]);
  useEffect(() => {
    // After "go to the field": the section is drawn, so the field can take the focus.
    if (focusPath.value === null) return;
    let path = parsePath(focusPath.value);
    while (path.length) {
      const element = document.getElementById(fieldId(path));
      if (element) {
        element.scrollIntoView({ block: "center" });
        const control = element.matches("input, select, textarea") ? element : element.querySelector<HTMLElement>("input, select, textarea, button");
        control?.focus();
        break;
      }
      path = path.slice(0, -1);
    }
    focusPath.value = null;
  });
  const draft = editor.draft.value;
  if (failed.value) {
    return (
      <main class="studio">
        <FacilitatorNav />
        <h1>Scenario studio</h1>
        <p class="notice notice--error" role="alert">{failed.value}</p>
        <AppLink to="/studio">Back to the studio</AppLink>
      </main>
    );
  }
  if (!draft || !format.value || !schema.value) return <p role="status">Loading…</p>;
  const document_ = editor.document.value;
  const currency = getAt(document_, ["currency"]);
  const ctx: FormContext = {
    schema: schema.value,
    document: document_,
    problems: byPath(draft.problems),
    hints: byPath(draft.hints),
    techniques: techniqueOptions(format.value, document_),
    currency: typeof currency === "string" && /^[A-Z]{3}$/.test(currency) ? currency : "EUR",
    change: (path, value) => editor.change(path, value),
    move: (path, index, step) => editor.move(path, index, step),
  };
  const count = (sectionId: string) => draft.problems.filter((p) => sectionOf(parsePath(p.path)) === sectionId).length;
  const current = SECTIONS.find((s) => s.id === section.value) ?? SECTIONS[0];
  const go = (path: string) => {
    section.value = sectionOf(parsePath(path));
    focusPath.value = path;
  };
  const title = typeof getAt(document_, ["title"]) === "string" && getAt(document_, ["title"]) ? String(getAt(document_, ["title"])) : "Untitled scenario";
  let body: ComponentChildren;
  if (!current || current.id === "basics") body = BASICS.map((name) => <TopField key={name} ctx={ctx} name={name} />);
  else if (current.id === "preview") body = <Preview editor={editor} />;
  else if (current.id === "try") body = <TryIt editor={editor} />;
  else if (current.id === "publish") body = <Publish editor={editor} />;
  else if (current.fields) {
    body = (
      <>
        <PartFields ctx={ctx} path={current.fields.path} {...(current.fields.except ? { except: current.fields.except } : {})} />
        {current.id === "techniques" && <DetectorCheck editor={editor} />}
      </>
    );
  }
  return (
    <main class="studio studio--editor">
      <FacilitatorNav />
      <div class="studio__head">
        <h1>{title}</h1>
        <SaveBadge editor={editor} />
      </div>
      {draft.based_on && (
        <p class="hint">
          {draft.based_on.scenario === draft.scenario
            ? `Based on ${draft.scenario} version ${draft.based_on.version}.`
            : `Forked from ${draft.based_on.scenario} version ${draft.based_on.version}.`}
        </p>
      )}
      <ProblemList draft={draft} go={go} />
      <div class="studio__layout">
        <nav class="studio__sections" aria-label="Sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <button type="button" aria-current={s.id === current?.id ? "page" : undefined} class={s.tool ? "is-tool" : ""}
                  onClick={() => (section.value = s.id)}>
                  {s.label}
                  {count(s.id) > 0 && <span class="studio__count">{count(s.id)}<span class="visually-hidden"> problems</span></span>}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <section class="studio__section" aria-label={current?.label ?? "Basics"}>
          <h2>{current?.label}</h2>
          {body}
        </section>
      </div>
    </main>
  );
}
