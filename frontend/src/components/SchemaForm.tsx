/**
 * A form drawn from the scenario format's JSON Schema: every field the loader reads, with the
 * problems the server found shown at their field. One generic renderer, so the studio cannot
 * fall behind the format; the words come from studio/labels.ts.
 */
import type { ComponentChildren } from "preact";
import { formatMoney } from "../format";
import {
  type Json, type JsonObject, type Path, type Resolved, type Schema, type SchemaNode,
  fieldId, getAt, isObject, pathText, resolve, skeleton,
} from "../studio/document";
import { choiceLabel, entryName, fieldLabel } from "../studio/labels";

export interface TechniqueOption {
  id: string;
  label: string;
  kind: string;
  description: string;
  custom: boolean;
}

export interface FormContext {
  schema: Schema;
  document: Json;
  /** Problems and hints by field path (`customer.hot_buttons[1].trigger`). */
  problems: ReadonlyMap<string, readonly string[]>;
  hints: ReadonlyMap<string, readonly string[]>;
  techniques: readonly TechniqueOption[];
  currency: string;
  change: (path: Path, value: Json | undefined) => void;
  move: (path: Path, index: number, step: number) => void;
}

const TECHNIQUE_ID = "^[a-z][a-z0-9_]*$";
const TEXT_AREA_FROM = 1000;
const MOOD_FIELDS = new Set(["starting_mood", "calm_threshold", "mood_at_least"]);

/** "responder function 2 › alone › concession 1": where a control acts, for screen readers. */
function spokenPlace(ctx: FormContext, path: Path): string {
  const parts: string[] = [];
  let node: SchemaNode = ctx.schema;
  let owner: string | null = "Scenario"; // the definition holding the last field named
  path.forEach((part, index) => {
    const here = resolve(ctx.schema, node);
    if (typeof part === "number") {
      const key = path[index - 1];
      parts.push(`${typeof key === "string" ? entryName(key, owner) : "entry"} ${part + 1}`);
      node = here.node.items ?? {};
      return;
    }
    owner = here.definition ?? owner;
    if (typeof path[index + 1] !== "number") parts.push(fieldLabel(part, owner).toLowerCase());
    node = here.node.properties?.[part] ?? Object.values(here.node.patternProperties ?? {})[0] ?? {};
  });
  return parts.join(" › ");
}

/** A description from the schema, its `ids` as code. */
function Help({ id, text }: { id?: string; text: string }) {
  return (
    <p class="hint" {...(id ? { id } : {})}>
      {text.split("`").map((part, index) => (index % 2 ? <code key={index}>{part}</code> : part))}
    </p>
  );
}

function article(what: string): string {
  return /^[aeiou]/i.test(what) ? "an" : "a";
}

function Messages({ ctx, path }: { ctx: FormContext; path: Path }) {
  const where = pathText(path);
  const problems = ctx.problems.get(where) ?? [];
  const hints = ctx.hints.get(where) ?? [];
  if (!problems.length && !hints.length) return null;
  return (
    <div id={`${fieldId(path)}-messages`} class="field__messages">
      {problems.map((message) => <p key={message} class="field__problem">{message}</p>)}
      {hints.map((message) => <p key={message} class="field__hint-advice">{message}</p>)}
    </div>
  );
}

function described(ctx: FormContext, path: Path, help: string | undefined) {
  const where = pathText(path);
  const ids = [
    ...(help ? [`${fieldId(path)}-help`] : []),
    ...(ctx.problems.has(where) || ctx.hints.has(where) ? [`${fieldId(path)}-messages`] : []),
  ];
  return {
    ...(ids.length ? { "aria-describedby": ids.join(" ") } : {}),
    ...(ctx.problems.has(where) ? { "aria-invalid": true } : {}),
  };
}

interface FieldProps {
  ctx: FormContext;
  path: Path;
  node: SchemaNode;
  name: string;
  /** The definition the field belongs to (for labels that depend on it). */
  parent: string | null;
  required: boolean;
  /** A label other than the field's own (an entry of a list: "Want 2"). */
  label?: string;
  /** Leave out the schema's descriptions (an entry after the first of a list has them). */
  quiet?: boolean;
}

/** One field of the format, drawn by its kind. */
export function Field(props: FieldProps) {
  const { ctx, node, name, parent } = props;
  const resolved = resolve(ctx.schema, node);
  const here = resolved.node;
  const label = props.label ?? fieldLabel(name, parent);
  if (here.const !== undefined) return null; // fixed by the format (schema_version)
  if (here.type === "object" && here.patternProperties) return <LinesByTechnique {...props} resolved={resolved} label={label} />;
  if (here.type === "object") return <Group {...props} resolved={resolved} label={label} />;
  if (here.type === "array") {
    const items = resolve(ctx.schema, here.items ?? {});
    return items.node.type === "object"
      ? <EntryList {...props} resolved={resolved} label={label} />
      : <ValueList {...props} resolved={resolved} label={label} />;
  }
  return <Scalar {...props} resolved={resolved} label={label} />;
}

type ResolvedProps = FieldProps & { resolved: Resolved; label: string };

function Group({ ctx, path, resolved, label, required, quiet = false }: ResolvedProps) {
  const value = getAt(ctx.document, path);
  const properties = resolved.node.properties ?? {};
  const definition = resolved.definition;
  if (!isObject(value) && !required) {
    return (
      <div class="field field--absent">
        <span class="field__label">{label}</span>
        {resolved.node.description && !quiet && <Help text={resolved.node.description} />}
        <button type="button" onClick={() => ctx.change(path, skeleton(ctx.schema, resolved.node))}>
          Add<span class="visually-hidden">: {spokenPlace(ctx, path)}</span>
        </button>
      </div>
    );
  }
  const unknown = isObject(value) ? Object.keys(value).filter((key) => !(key in properties)) : [];
  return (
    <fieldset class="form-group" id={fieldId(path)}>
      <legend>{label}</legend>
      {resolved.node.description && !quiet && <Help text={resolved.node.description} />}
      <Messages ctx={ctx} path={path} />
      {unknown.map((key) => (
        <div key={key} class="field field--unknown">
          <Messages ctx={ctx} path={[...path, key]} />
          <button type="button" onClick={() => ctx.change([...path, key], undefined)}>
            Remove “{key}”<span class="visually-hidden">: {spokenPlace(ctx, path)}</span>
          </button>
        </div>
      ))}
      {Object.entries(properties).map(([key, child]) => (
        <Field key={key} ctx={ctx} path={[...path, key]} node={child} name={key} parent={definition}
          required={(resolved.node.required ?? []).includes(key)} quiet={quiet} />
      ))}
      {!required && (
        <button type="button" class="subtle" onClick={() => ctx.change(path, undefined)}>
          Remove<span class="visually-hidden">: {spokenPlace(ctx, path)}</span>
        </button>
      )}
    </fieldset>
  );
}

function EntryControls({ ctx, path, index, count, what }: { ctx: FormContext; path: Path; index: number; count: number; what: string }) {
  const place = spokenPlace(ctx, [...path, index]);
  return (
    <div class="entry__controls">
      {index > 0 && (
        <button type="button" class="subtle" onClick={() => ctx.move(path, index, -1)}>
          Up<span class="visually-hidden">: {place}</span>
        </button>
      )}
      {index < count - 1 && (
        <button type="button" class="subtle" onClick={() => ctx.move(path, index, 1)}>
          Down<span class="visually-hidden">: {place}</span>
        </button>
      )}
      <button type="button" class="subtle" onClick={() => ctx.change([...path, index], undefined)}>
        Remove {what} {index + 1}<span class="visually-hidden">: {place}</span>
      </button>
    </div>
  );
}

function AddButton({ ctx, path, what, onAdd, full }: { ctx: FormContext; path: Path; what: string; onAdd: () => void; full: boolean }) {
  if (full) return null;
  return (
    <button type="button" class="form-add" onClick={onAdd}>
      Add {article(what)} {what}<span class="visually-hidden">: {spokenPlace(ctx, path)}</span>
    </button>
  );
}

function EntryList({ ctx, path, name, parent, resolved, label, quiet = false }: ResolvedProps) {
  const value = getAt(ctx.document, path);
  const entries = Array.isArray(value) ? value : [];
  const itemNode = resolved.node.items ?? {};
  const item = resolve(ctx.schema, itemNode);
  const what = entryName(name, parent);
  const full = resolved.node.maxItems !== undefined && entries.length >= resolved.node.maxItems;
  return (
    <fieldset class="form-group form-list" id={fieldId(path)}>
      <legend>{label}</legend>
      {resolved.node.description && !quiet && <Help text={resolved.node.description} />}
      <Messages ctx={ctx} path={path} />
      {entries.length === 0 && <p class="hint">None yet.</p>}
      <ol class="entries">
        {entries.map((_, index) => (
          <li key={index} class="entry">
            <Group ctx={ctx} path={[...path, index]} node={itemNode} name={name} parent={parent} required
              resolved={item} label={`${what.charAt(0).toUpperCase()}${what.slice(1)} ${index + 1}`} quiet={quiet || index > 0} />
            <EntryControls ctx={ctx} path={path} index={index} count={entries.length} what={what} />
          </li>
        ))}
      </ol>
      <AddButton ctx={ctx} path={path} what={what} full={full}
        onAdd={() => ctx.change([...path, entries.length], skeleton(ctx.schema, itemNode))} />
    </fieldset>
  );
}

function ValueList({ ctx, path, name, parent, resolved, label, required, quiet = false }: ResolvedProps) {
  const value = getAt(ctx.document, path);
  const entries = Array.isArray(value) ? value : [];
  const itemNode = resolved.node.items ?? {};
  const what = entryName(name, parent);
  const empty = skeleton(ctx.schema, itemNode);
  const add = () => ctx.change([...path, entries.length], empty ?? "");
  if (!entries.length && !required && !ctx.problems.has(pathText(path))) {
    // Nothing written in an optional list: one line, not an empty box.
    return (
      <div class="field field--absent" id={fieldId(path)}>
        <span class="field__label">{label}</span>
        <AddButton ctx={ctx} path={path} what={what} full={false} onAdd={add} />
        {resolved.node.description && !quiet && <Help text={resolved.node.description} />}
      </div>
    );
  }
  return (
    <fieldset class="form-group form-list form-list--values" id={fieldId(path)}>
      <legend>{label}</legend>
      {resolved.node.description && !quiet && <Help text={resolved.node.description} />}
      <Messages ctx={ctx} path={path} />
      <ol class="entries entries--values">
        {entries.map((_, index) => (
          <li key={index} class="entry entry--value">
            <Field ctx={ctx} path={[...path, index]} node={itemNode} name={name} parent={parent} required quiet
              label={`${what.charAt(0).toUpperCase()}${what.slice(1)} ${index + 1}`} />
            <EntryControls ctx={ctx} path={path} index={index} count={entries.length} what={what} />
          </li>
        ))}
      </ol>
      <AddButton ctx={ctx} path={path} what={what} full={false} onAdd={add} />
    </fieldset>
  );
}

/** voice.replies: for a technique, the lines that answer it. */
function LinesByTechnique({ ctx, path, resolved, label, quiet = false }: ResolvedProps) {
  const value = getAt(ctx.document, path);
  const map: JsonObject = isObject(value) ? value : {};
  const linesNode = Object.values(resolved.node.patternProperties ?? {})[0] ?? {};
  const unused = ctx.techniques.filter((t) => !(t.id in map));
  return (
    <fieldset class="form-group" id={fieldId(path)}>
      <legend>{label}</legend>
      {resolved.node.description && !quiet && <Help text={resolved.node.description} />}
      <Messages ctx={ctx} path={path} />
      {Object.keys(map).map((technique) => (
        <div key={technique} class="entry">
          <Field ctx={ctx} path={[...path, technique]} node={linesNode} name="replies" parent="Voice" required
            label={`Answers to “${ctx.techniques.find((t) => t.id === technique)?.label ?? technique}”`} />
          <button type="button" class="subtle" onClick={() => ctx.change([...path, technique], undefined)}>
            Remove the answers to {technique}
          </button>
        </div>
      ))}
      {unused.length > 0 && (
        <label class="inline-add">
          Add answers to a technique
          <select value="" onChange={(e) => {
            const chosen = (e.target as HTMLSelectElement).value;
            if (chosen) ctx.change([...path, chosen], [""]);
          }}>
            <option value="">Choose…</option>
            {unused.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
          </select>
        </label>
      )}
    </fieldset>
  );
}

function TechniqueSelect({ ctx, path, value, label }: {
  ctx: FormContext; path: Path; value: Json | undefined; label: string;
}) {
  const current = typeof value === "string" ? value : "";
  const chosen = ctx.techniques.find((t) => t.id === current);
  // The technique's own meaning, which says more here than the format's description.
  const help = chosen?.description;
  const group = (kind: string) => ctx.techniques.filter((t) => t.kind === kind);
  const id = fieldId(path);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={current} {...described(ctx, path, help)}
        onChange={(e) => {
          const next = (e.target as HTMLSelectElement).value;
          // An entry of a list stays (empty) until removed; a field without a technique goes.
          ctx.change(path, next || (typeof path[path.length - 1] === "number" ? "" : undefined));
        }}>
        <option value="">Choose a technique…</option>
        {current && !chosen && <option value={current}>{current} (unknown)</option>}
        <optgroup label="Good moves">
          {group("good_move").map((t) => <option key={t.id} value={t.id}>{t.label}{t.custom ? " (custom)" : ""}</option>)}
        </optgroup>
        <optgroup label="Anti-patterns">
          {group("anti_pattern").map((t) => <option key={t.id} value={t.id}>{t.label}{t.custom ? " (custom)" : ""}</option>)}
        </optgroup>
      </select>
      {help && <Help id={`${id}-help`} text={help} />}
      <Messages ctx={ctx} path={path} />
    </div>
  );
}

function Scalar({ ctx, path, name, resolved, label, required, quiet = false }: ResolvedProps) {
  const here = resolved.node;
  const value = getAt(ctx.document, path);
  const id = fieldId(path);
  const help = quiet ? undefined : here.description;
  const helpLine = help ? <Help id={`${id}-help`} text={help} /> : null;
  const optional = !required || resolved.nullable;
  const wrap = (control: ComponentChildren, extra?: ComponentChildren) => (
    <div class={`field field--${here.type ?? "any"}`}>
      <label for={id}>{label}</label>
      {control}
      {extra}
      {helpLine}
      <Messages ctx={ctx} path={path} />
    </div>
  );
  const isDefinition = name === "id" && path.length === 3 && path[0] === "techniques";
  if (here.type === "string" && here.pattern === TECHNIQUE_ID && !isDefinition) {
    return <TechniqueSelect ctx={ctx} path={path} value={value} label={label} />;
  }
  if (here.enum) {
    const current = typeof value === "string" ? value : "";
    return wrap(
      <select id={id} value={current} {...described(ctx, path, help)}
        onChange={(e) => ctx.change(path, (e.target as HTMLSelectElement).value || undefined)}>
        <option value="">Choose…</option>
        {here.enum.map((choice) => <option key={choice} value={choice}>{choiceLabel(choice)}</option>)}
      </select>,
    );
  }
  if (here.type === "boolean") {
    return (
      <div class="field field--boolean">
        <label class="inline">
          <input id={id} type="checkbox" checked={value === true || (value === undefined && here.default === true)}
            {...described(ctx, path, help)}
            onChange={(e) => ctx.change(path, (e.target as HTMLInputElement).checked)} />
          {label}
        </label>
        {helpLine}
        <Messages ctx={ctx} path={path} />
      </div>
    );
  }
  if (here.type === "integer" || here.type === "number") {
    const number = typeof value === "number" ? value : null;
    const money = name === "cost" && number !== null ? <span class="field__money">{formatMoney(number, ctx.currency)}</span> : null;
    return wrap(
      <input id={id} type="number" inputMode={here.type === "integer" ? "numeric" : "decimal"}
        step={here.type === "integer" ? 1 : "any"}
        {...(here.minimum !== undefined ? { min: here.minimum } : {})}
        {...(here.maximum !== undefined ? { max: here.maximum } : {})}
        value={number ?? ""} {...described(ctx, path, help)}
        onInput={(e) => {
          const text = (e.target as HTMLInputElement).value;
          const parsed = here.type === "integer" ? Number.parseInt(text, 10) : Number.parseFloat(text);
          ctx.change(path, text === "" || Number.isNaN(parsed) ? undefined : parsed);
        }} />,
      name === "cost" ? <span class="field__unit">in {ctx.currency} {money}</span> : MOOD_FIELDS.has(name) ? <span class="field__unit">0 calm … 10 furious</span> : null,
    );
  }
  const text = typeof value === "string" ? value : "";
  const long = (here.maxLength ?? 0) >= TEXT_AREA_FROM;
  const onInput = (e: Event) => {
    const next = (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
    // An optional text left empty is left out (an empty one is refused); a required one stays,
    // so its field says it is empty.
    ctx.change(path, next === "" && optional ? undefined : next);
  };
  return wrap(
    long ? (
      <textarea id={id} value={text} maxLength={here.maxLength} rows={Math.min(8, Math.max(2, Math.ceil(text.length / 70)))}
        {...described(ctx, path, help)} onInput={onInput} />
    ) : (
      <input id={id} value={text} {...(here.maxLength !== undefined ? { maxLength: here.maxLength } : {})}
        {...described(ctx, path, help)} onInput={onInput} />
    ),
  );
}

/** A field of the scenario's top level, as one section of the form shows it. */
export function TopField({ ctx, name }: { ctx: FormContext; name: string }) {
  const node = ctx.schema.properties?.[name];
  if (!node) return null;
  return <Field ctx={ctx} path={[name]} node={node} name={name} parent="Scenario" required={(ctx.schema.required ?? []).includes(name)} />;
}
