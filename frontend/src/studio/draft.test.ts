import { describe, expect, it } from "vitest";
import { ApiError, type Draft } from "../api/client";
import { getAt, pathText, setAt } from "./document";
import { DraftEditor, type SaveDraft } from "./draft";

function answer(revision: number, document: unknown): Draft {
  return {
    id: 1, title: "t", scenario: "", revision, updated_at: "", created_at: "", problem_count: 0, based_on: null,
    document, valid: false, problems: [], hints: [], publish: { allowed: false, reason: null }, seats: [], practice_games: [],
  };
}

/** A server that answers each save when the test says so, and records what it was sent. */
function server() {
  const sent: { document: unknown; revision: number }[] = [];
  const pending: (() => void)[] = [];
  let refuse: ApiError | null = null;
  const save: SaveDraft = (_id, document, revision) => {
    sent.push({ document, revision });
    return new Promise((resolve, reject) => pending.push(() => (refuse ? reject(refuse) : resolve(answer(revision + 1, document)))));
  };
  return {
    save, sent,
    answerNext: async () => { pending.shift()?.(); await new Promise((r) => setTimeout(r, 0)); },
    refuseWith: (error: ApiError) => { refuse = error; },
  };
}

describe("a draft's document", () => {
  it("is changed at a field path, leaving the rest as it was", () => {
    const before = { customer: { hot_buttons: [{ trigger: "a" }, { trigger: "b" }] } };
    const after = setAt(before, ["customer", "hot_buttons", 1, "trigger"], "c");
    expect(getAt(after, ["customer", "hot_buttons", 1, "trigger"])).toBe("c");
    expect(getAt(before, ["customer", "hot_buttons", 1, "trigger"])).toBe("b");
    expect(pathText(["customer", "hot_buttons", 1, "trigger"])).toBe("customer.hot_buttons[1].trigger");
  });

  it("loses a list entry or a field when it is set to nothing", () => {
    const before = { wants: ["a", "b", "c"], says: "x" };
    expect(setAt(before, ["wants", 1], undefined)).toEqual({ wants: ["a", "c"], says: "x" });
    expect(setAt(before, ["says"], undefined)).toEqual({ wants: ["a", "b", "c"] });
  });
});

describe("autosave", () => {
  it("saves once the author stops, naming the revision it edits, and again after edits made meanwhile", async () => {
    const fake = server();
    const editor = new DraftEditor(1, fake.save, 0);
    editor.take(answer(3, {}));

    editor.change(["title"], "First");
    editor.change(["title"], "First words");
    const saving = editor.flush();
    expect(fake.sent).toEqual([{ document: { title: "First words" }, revision: 3 }]);
    editor.change(["summary"], "Typed while it saved");
    await fake.answerNext();
    await saving;
    await new Promise((r) => setTimeout(r, 5));

    expect(fake.sent[1]).toEqual({ document: { title: "First words", summary: "Typed while it saved" }, revision: 4 });
    await fake.answerNext();
    expect(editor.saveState.value).toBe("saved");
  });

  it("keeps what was typed and says why when a save is refused, and saves no more until retried", async () => {
    const fake = server();
    const editor = new DraftEditor(1, fake.save, 0);
    editor.take(answer(1, {}));
    fake.refuseWith(new ApiError(409, "draft_conflict", "This draft was saved from another tab."));

    editor.change(["title"], "Mine");
    const saving = editor.flush();
    await fake.answerNext();
    await saving;
    editor.change(["title"], "Mine, still");
    await new Promise((r) => setTimeout(r, 5));

    expect(editor.saveState.value).toBe("failed");
    expect(editor.saveProblem.value).toBe("This draft was saved from another tab.");
    expect(editor.document.value).toEqual({ title: "Mine, still" });
    expect(fake.sent).toHaveLength(1);
  });
});
