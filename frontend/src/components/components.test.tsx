import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { EventOut } from "../realtime/protocol";
import { Chat } from "./Chat";
import { pendingSuggestions, SuggestedTags } from "./Coaching";
import { MoodBadge, moodWord } from "./Mood";

const message = (text: string): EventOut => ({
  seq: 5, round: 1, type: "message.posted", audience: "room", addressee: null, actor: 2, at: "",
  payload: { channel: "room", text, author: "<b>Ben</b>", role: "customer" },
});

describe("Chat", () => {
  it("renders what a player typed as text, never as markup", () => {
    const { container } = render(
      <Chat title="Room" channel="room" events={[message("<img src=x onerror=alert(1)>")]} canWrite={false} />,
    );

    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(screen.getByText("<b>Ben</b>")).toBeTruthy();
  });

  it("shows only its own channel", () => {
    const huddle = { ...message("Psst"), payload: { ...message("Psst").payload, channel: "huddle" } };

    render(<Chat title="Room" channel="room" events={[message("Hello"), huddle]} canWrite={false} />);

    expect(screen.queryByText("Psst")).toBeNull();
    expect(screen.getByText("Hello")).toBeTruthy();
  });

  const type = (text: string) => {
    const input = screen.getByLabelText("Message to the room") as HTMLInputElement;
    fireEvent.input(input, { target: { value: text } });
    fireEvent.submit(input.form as HTMLFormElement);
    return input;
  };

  it("keeps what is typed while the previous message is still on its way", async () => {
    const answers: Array<() => void> = [];
    const sent: string[] = [];
    const onSend = (text: string) => {
      sent.push(text);
      return new Promise<void>((resolve) => answers.push(resolve));
    };
    render(<Chat title="Room" channel="room" events={[]} canWrite onSend={onSend} />);

    const input = type("I hear you.");
    fireEvent.input(input, { target: { value: "Let me check" } });
    answers.shift()?.();

    expect(sent).toEqual(["I hear you."]);
    await new Promise((settled) => setTimeout(settled, 50)); // the answer is handled
    expect(input.value).toBe("Let me check");
  });

  it("keeps a refused message to be sent again", async () => {
    render(<Chat title="Room" channel="room" events={[]} canWrite onSend={() => Promise.reject(new Error("no"))} />);

    const input = type("I hear you.");

    await waitFor(() => expect(input.value).toBe("I hear you."));
  });
});

describe("MoodBadge", () => {
  it("never relies on colour alone: a number and a word", () => {
    render(<MoodBadge mood={9} />);

    expect(screen.getByText("9")).toBeTruthy();
    expect(screen.getByText(moodWord(9))).toBeTruthy();
    expect(screen.getByLabelText("Customer mood 9 of 10, furious")).toBeTruthy();
  });
});

describe("pendingSuggestions", () => {
  const event = (seq: number, type: string, payload: Record<string, unknown>): EventOut => ({
    seq, round: 1, type, audience: "coach", addressee: null, actor: null, at: "", payload,
  });
  const posted = { ...message("I'm so sorry, that's on us."), seq: 5 };
  const suggested = event(6, "tag.suggested", {
    message: 5,
    suggestions: [
      { technique: "apologize", kind: "good_move", span: [0, 12], confidence: 0.9 },
      { technique: "own_it", kind: "good_move", span: [14, 26], confidence: 0.8 },
    ],
  });

  it("offers each suggestion until the coach accepts it as a tag or dismisses it", () => {
    const accepted = event(7, "tag.added", { technique: "apologize", message: 5, suggested: true });
    const dismissed = event(8, "tag.suggestion_dismissed", { technique: "own_it", message: 5 });

    expect(pendingSuggestions([posted, suggested]).map((s) => s.technique)).toEqual(["apologize", "own_it"]);
    expect(pendingSuggestions([posted, suggested, accepted]).map((s) => s.technique)).toEqual(["own_it"]);
    expect(pendingSuggestions([posted, suggested, accepted, dismissed])).toEqual([]);
  });

  it("shows the words the detector matched as text, never as markup", () => {
    const hostile = { ...message("<img src=x onerror=alert(1)> sorry"), seq: 5 };
    const store = { roundEvents: { value: [hostile, suggested] }, send: () => Promise.resolve() };

    const { container } = render(<SuggestedTags store={store as never} />);

    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("mark")?.textContent).toBe("<img src=x o");
  });
});
