/**
 * A draft being edited: the document as the author has it now, saved a moment after they stop
 * typing (one save at a time, each naming the revision it edits), and the server's last word on
 * it (problems, hints, what may be published).
 */
import { signal } from "@preact/signals";
import { ApiError, type Draft, api } from "../api/client";
import { type Json, type Path, asJson, moveAt, setAt } from "./document";

export type SaveState = "saved" | "waiting" | "saving" | "failed";
export type SaveDraft = (id: number, document: Json, revision: number) => Promise<Draft>;

const putDraft: SaveDraft = (id, document, revision) =>
  api<Draft>("PUT", `/api/v1/studio/drafts/${id}/`, { body: { document, revision } });

/** How long after the last keystroke a draft is saved. */
export const AUTOSAVE_MS = 600;

export class DraftEditor {
  readonly document = signal<Json>({});
  /** The server's answer to the last save (or the load): problems, hints, seats, publishing. */
  readonly draft = signal<Draft | null>(null);
  readonly saveState = signal<SaveState>("saved");
  readonly saveProblem = signal<string | null>(null);

  private revision = 0;
  private changed = false;
  private timer: number | undefined;
  private saving: Promise<void> | null = null;

  constructor(
    readonly id: number,
    private readonly save: SaveDraft = putDraft,
    private readonly delayMs = AUTOSAVE_MS,
  ) {}

  /** Start from the server's draft. */
  take(draft: Draft): void {
    this.draft.value = draft;
    this.document.value = asJson(draft.document);
    this.revision = draft.revision;
  }

  change(path: Path, value: Json | undefined): void {
    this.document.value = setAt(this.document.value, path, value);
    this.changed = true;
    this.schedule();
  }

  move(path: Path, index: number, step: number): void {
    this.document.value = moveAt(this.document.value, path, index, step);
    this.changed = true;
    this.schedule();
  }

  /** Save now what is not saved yet (before a preview, a try, a publish or an export). */
  async flush(): Promise<void> {
    window.clearTimeout(this.timer);
    while (this.saving) await this.saving;
    if (!this.changed || this.saveState.value === "failed") return;
    this.changed = false;
    this.saveState.value = "saving";
    this.saving = this.save(this.id, this.document.value, this.revision).then(
      (answer) => {
        this.revision = answer.revision;
        this.draft.value = answer;
        this.saveProblem.value = null;
        this.saveState.value = this.changed ? "waiting" : "saved";
      },
      (error: unknown) => {
        // Nothing typed is thrown away: the document stays on screen, unsaved, with the reason.
        this.changed = true;
        this.saveState.value = "failed";
        this.saveProblem.value = error instanceof ApiError ? error.message : "The draft could not be saved.";
      },
    );
    await this.saving;
    this.saving = null;
    if (this.changed && this.saveState.peek() !== "failed") this.schedule();
  }

  /** Try saving again after a failure (a lost connection, say). */
  retry(): void {
    this.saveState.value = "waiting";
    void this.flush();
  }

  stop(): void {
    window.clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.saveState.value === "failed") return;
    window.clearTimeout(this.timer);
    if (this.saveState.value !== "saving") this.saveState.value = "waiting";
    this.timer = window.setTimeout(() => void this.flush(), this.delayMs);
  }
}
