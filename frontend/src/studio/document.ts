/**
 * A draft's document and the JSON Schema it is drawn from: reading and changing a value at a
 * field path, and the paths as the server names them (`customer.hot_buttons[1].trigger`).
 * Pure functions; the form and its tests use them.
 */

export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}
export type Path = readonly (string | number)[];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Untyped JSON from the server as Json: every value JSON can hold, checked, nothing else. */
export function asJson(value: unknown): Json {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(asJson);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asJson(item)]));
  return null;
}

/** `["customer", "hot_buttons", 1, "trigger"]` as `customer.hot_buttons[1].trigger`. */
export function pathText(path: Path): string {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : text ? `.${part}` : part;
  return text;
}

/** An element id for the field at `path` (the problems list links to it). */
export function fieldId(path: Path): string {
  return `field-${path.join("-").replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

export function getAt(value: Json | undefined, path: Path): Json | undefined {
  let here: Json | undefined = value;
  for (const part of path) {
    if (typeof part === "number") here = Array.isArray(here) ? here[part] : undefined;
    else here = isObject(here) ? here[part] : undefined;
  }
  return here;
}

/** `root` with the value at `path` replaced (`undefined`: the field removed, or the entry). */
export function setAt(root: Json, path: Path, value: Json | undefined): Json {
  const [head, ...rest] = path;
  if (head === undefined) return value ?? null;
  if (typeof head === "number") {
    const list = Array.isArray(root) ? [...root] : [];
    if (rest.length === 0 && value === undefined) list.splice(head, 1);
    else list[head] = setAt(list[head] ?? null, rest, value);
    return list;
  }
  const object: JsonObject = isObject(root) ? { ...root } : {};
  if (rest.length === 0 && value === undefined) delete object[head];
  else object[head] = setAt(object[head] ?? null, rest, value);
  return object;
}

/** Move the entry at `index` of the list at `path` by `step` places. */
export function moveAt(root: Json, path: Path, index: number, step: number): Json {
  const list = getAt(root, path);
  if (!Array.isArray(list)) return root;
  const target = index + step;
  if (target < 0 || target >= list.length) return root;
  const moved = [...list];
  const [entry] = moved.splice(index, 1);
  if (entry === undefined) return root;
  moved.splice(target, 0, entry);
  return setAt(root, path, moved);
}

// The schema ------------------------------------------------------------------------------------

export interface SchemaNode {
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  $ref?: string;
  anyOf?: SchemaNode[];
  enum?: string[];
  const?: Json;
  default?: Json;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

export interface Schema extends SchemaNode {
  $defs?: Record<string, SchemaNode>;
}

function asSchemaNode(value: Json | undefined): SchemaNode {
  if (!isObject(value)) return {};
  const node: SchemaNode = {};
  const text = (key: string) => {
    const found = value[key];
    return typeof found === "string" ? found : undefined;
  };
  const number = (key: string) => {
    const found = value[key];
    return typeof found === "number" ? found : undefined;
  };
  const strings = (key: string) => {
    const list = value[key];
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === "string") : undefined;
  };
  const nodes = (key: string) => {
    const map = value[key];
    return isObject(map) ? Object.fromEntries(Object.entries(map).map(([k, v]) => [k, asSchemaNode(v)])) : undefined;
  };
  for (const key of ["type", "title", "description", "$ref", "pattern"] as const) {
    const found = text(key);
    if (found !== undefined) node[key] = found;
  }
  for (const key of ["minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems"] as const) {
    const found = number(key);
    if (found !== undefined) node[key] = found;
  }
  const required = strings("required");
  if (required) node.required = required;
  const choices = strings("enum");
  if (choices) node.enum = choices;
  const properties = nodes("properties");
  if (properties) node.properties = properties;
  const patterned = nodes("patternProperties");
  if (patterned) node.patternProperties = patterned;
  if (isObject(value["items"])) node.items = asSchemaNode(value["items"]);
  if (Array.isArray(value["anyOf"])) node.anyOf = value["anyOf"].map(asSchemaNode);
  if ("default" in value) node.default = value["default"] ?? null;
  if ("const" in value) node.const = value["const"] ?? null;
  return node;
}

/** The JSON Schema the server sends, read into typed nodes (unknown keywords left out). */
export function readSchema(value: unknown): Schema {
  const json = asJson(value);
  const schema: Schema = asSchemaNode(json);
  const defs = isObject(json) ? json["$defs"] : undefined;
  if (isObject(defs)) schema.$defs = Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, asSchemaNode(v)]));
  return schema;
}

/** A node with its $ref followed and a nullable `anyOf: [X, null]` read as an optional X. */
export interface Resolved {
  node: SchemaNode;
  /** The name of the definition it came from (e.g. `HotButton`), for labels. */
  definition: string | null;
  nullable: boolean;
}

export function resolve(schema: Schema, node: SchemaNode): Resolved {
  let nullable = false;
  let here = node;
  if (here.anyOf) {
    const others = here.anyOf.filter((option) => option.type !== "null");
    nullable = others.length < here.anyOf.length;
    here = { ...(others[0] ?? {}), ...(here.description ? { description: here.description } : {}) };
  }
  let definition: string | null = null;
  if (here.$ref) {
    definition = here.$ref.split("/").pop() ?? null;
    const target = definition ? schema.$defs?.[definition] : undefined;
    here = { ...(target ?? {}), ...(here.description ? { description: here.description } : {}) };
  }
  return { node: here, definition, nullable };
}

/** A new entry for a list: its required fields present and empty, the rest left out. */
export function skeleton(schema: Schema, node: SchemaNode): Json {
  const { node: here } = resolve(schema, node);
  if (here.type === "object" && here.properties) {
    const entry: JsonObject = {};
    for (const key of here.required ?? []) {
      const child = here.properties[key];
      if (!child) continue;
      const resolved = resolve(schema, child).node;
      if (resolved.enum) continue; // a choice is made, not defaulted
      const value = skeleton(schema, child);
      if (value !== null) entry[key] = value;
    }
    return entry;
  }
  if (here.type === "array") return [];
  if (here.type === "string") return here.enum ? null : "";
  if (here.type === "integer" || here.type === "number") return here.minimum ?? 0;
  if (here.type === "boolean") return false;
  return null;
}

/** `customer.hot_buttons[1].trigger` back into `["customer", "hot_buttons", 1, "trigger"]`. */
export function parsePath(text: string): Path {
  const path: (string | number)[] = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) path.push(Number(match[2]));
    else if (match[1] !== undefined) path.push(match[1]);
  }
  return path;
}
