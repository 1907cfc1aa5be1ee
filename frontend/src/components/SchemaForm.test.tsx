import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { type Json, type Path, readSchema, setAt } from "../studio/document";
import { type FormContext, TopField } from "./SchemaForm";

// A small part of the scenario format, as the server's JSON Schema gives it.
const schema = readSchema({
  type: "object",
  required: ["customer"],
  properties: { customer: { $ref: "#/$defs/Customer" } },
  $defs: {
    Customer: {
      type: "object",
      required: ["hot_buttons"],
      properties: { hot_buttons: { type: "array", items: { $ref: "#/$defs/HotButton" }, minItems: 1 } },
    },
    HotButton: {
      type: "object",
      required: ["trigger", "mood_change"],
      properties: {
        trigger: { type: "string", minLength: 1, maxLength: 4000, description: "What the team might do." },
        techniques: { type: "array", items: { type: "string", pattern: "^[a-z][a-z0-9_]*$" } },
        mood_change: { type: "integer", minimum: 1, maximum: 4 },
      },
    },
  },
});

function form(document: Json, problems: Record<string, string[]> = {}) {
  const changes: [Path, Json | undefined][] = [];
  const ctx: FormContext = {
    schema, document, problems: new Map(Object.entries(problems)), hints: new Map(),
    techniques: [{ id: "dismiss", label: "Dismiss", kind: "anti_pattern", description: "Minimises it.", custom: false }],
    currency: "EUR",
    change: (path, value) => changes.push([path, value]),
    move: () => undefined,
  };
  render(<TopField ctx={ctx} name="customer" />);
  return changes;
}

afterEach(cleanup);

describe("the studio's form", () => {
  it("shows a problem at its field, tied to the field for screen readers", () => {
    form({ customer: { hot_buttons: [{ trigger: "", mood_change: 2 }] } }, {
      "customer.hot_buttons[0].trigger": ["this is empty; write something here"],
    });

    const field = screen.getByLabelText("What the team does or says");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    const describedBy = field.getAttribute("aria-describedby")?.split(" ") ?? [];
    const messages = describedBy.map((id) => document.getElementById(id)?.textContent).join(" ");
    expect(messages).toContain("this is empty; write something here");
  });

  it("changes the value at the field's path", () => {
    const changes = form({ customer: { hot_buttons: [{ trigger: "a", mood_change: 2 }, { trigger: "b", mood_change: 1 }] } });

    fireEvent.input(screen.getAllByLabelText("What the team does or says")[1] as HTMLElement, { target: { value: "Being told to calm down." } });
    fireEvent.input(screen.getAllByLabelText("The mood rises by")[0] as HTMLElement, { target: { value: "3" } });

    expect(changes).toEqual([
      [["customer", "hot_buttons", 1, "trigger"], "Being told to calm down."],
      [["customer", "hot_buttons", 0, "mood_change"], 3],
    ]);
  });

  it("adds an entry with its required fields, or a line to a list", () => {
    const document = { customer: { hot_buttons: [{ trigger: "a", mood_change: 2 }] } };
    const changes = form(document);

    fireEvent.click(screen.getByRole("button", { name: /^Add a hot button/ }));
    const [path, entry] = changes[0] ?? [[], undefined];
    expect(setAt(document, path, entry)).toEqual({
      customer: { hot_buttons: [{ trigger: "a", mood_change: 2 }, { trigger: "", mood_change: 1 }] },
    });
    fireEvent.click(screen.getByRole("button", { name: /^Add an anti-pattern/ }));
    expect(changes[1]).toEqual([["customer", "hot_buttons", 0, "techniques", 0], ""]);
  });

  it("offers a technique field the shared techniques and the scenario's own, by kind", () => {
    const changes = form({ customer: { hot_buttons: [{ trigger: "a", mood_change: 2, techniques: [""] }] } });

    const select = screen.getByLabelText("Anti-pattern 1");
    expect(select.querySelector('optgroup[label="Anti-patterns"] option')?.textContent).toBe("Dismiss");
    fireEvent.change(select, { target: { value: "dismiss" } });
    expect(changes).toEqual([[["customer", "hot_buttons", 0, "techniques", 0], "dismiss"]]);
  });
});
