import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { GameStore } from "../state/game";
import type { Naming } from "../state/placement";
import { aMessage, anEvent, aSnapshot } from "../state/testing";
import { Chat, type ChatProps } from "./Chat";
import { SuggestedTags, pendingSuggestions } from "./Coaching";
import { latestVotes } from "./Agreement";
import { MoodBadge, moodWord } from "./Mood";

const naming: Naming = { names: new Map([[2, "Ben"]]), currency: "GBP" };
const room = (props: Partial<ChatProps> = {}) => (
  <Chat title="Room" region="room" events={[]} naming={naming} titles={{}} {...props} />
);

describe("Chat", () => {
  it("renders what a player typed as text, never as markup", () => {
    const hostile = aMessage(5, "<img src=x onerror=alert(1)>", { author: "<b>Ben</b>" });
    const { container } = render(room({ events: [hostile] }));

    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(screen.getByText("<b>Ben</b>")).toBeTruthy();
  });

  it("shows only its own channel", () => {
    const huddle = aMessage(6, "Psst", { channel: "huddle" });

    render(room({ events: [aMessage(5, "Hello"), huddle] }));

    expect(screen.queryByText("Psst")).toBeNull();
    expect(screen.getByText("Hello")).toBeTruthy();
  });

  it("shows the team's inject in the huddle and the customer's in the room", () => {
    const inject = { inject: "truck", title: "Truck fixed early", scheduled: false };
    const forTeam = anEvent("inject.delivered", { ...inject, text: "The truck can leave at 2." }, { seq: 7, audience: "team" });
    const forCustomer = anEvent("inject.delivered", { ...inject, text: "Your boss calls." }, { seq: 8, audience: "customer" });

    const { container } = render(<>
      {room({ events: [forTeam, forCustomer] })}
      <Chat title="Team huddle" region="huddle" events={[forTeam, forCustomer]} naming={naming} titles={{}} />
    </>);

    expect(container.querySelector('[data-region="huddle"] [data-seq="7"]')?.textContent).toContain("The truck can leave at 2.");
    expect(container.querySelector('[data-region="room"] [data-seq="8"]')?.textContent).toContain("Your boss calls.");
    expect(container.querySelector('[data-region="room"] [data-seq="7"]')).toBeNull();
  });

  it("names a responder by their function's display name", () => {
    const said = aMessage(5, "On it.", { author: "Dev", role: "responder", functions: ["logistics"] });

    render(<Chat title="Room" region="room" events={[said]} naming={naming} titles={{ logistics: "Logistics lead" }} />);

    expect(screen.getByText("Logistics lead")).toBeTruthy();
  });

  it("says why nobody can write while the round is frozen", () => {
    render(room({ onSend: () => Promise.resolve(), closedBecause: "Frozen by the coach: listen first." }));

    expect(screen.queryByLabelText("Message to the room")).toBeNull();
    expect(screen.getByRole("status").textContent).toContain("listen first");
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
    render(room({ onSend }));

    const input = type("I hear you.");
    fireEvent.input(input, { target: { value: "Let me check" } });
    answers.shift()?.();

    expect(sent).toEqual(["I hear you."]);
    await waitFor(() => expect(input.value).toBe("Let me check"));
  });

  it("keeps a refused message to be sent again", async () => {
    render(room({ onSend: () => Promise.reject(new Error("no")) }));

    const input = type("I hear you.");

    await waitFor(() => expect(input.value).toBe("I hear you."));
  });

  it("counts new messages for a reader who scrolled up, and jumps down on request", () => {
    const first = [aMessage(1, "one"), aMessage(2, "two")];
    const { container, rerender } = render(room({ events: first }));
    const list = container.querySelector("ol") as HTMLOListElement;
    // jsdom lays nothing out: pretend a tall list scrolled to its top.
    Object.defineProperty(list, "scrollHeight", { configurable: true, value: 1000 });
    Object.defineProperty(list, "clientHeight", { configurable: true, value: 200 });
    list.scrollTop = 0;
    fireEvent.scroll(list);

    rerender(room({ events: [...first, aMessage(3, "three"), aMessage(4, "four")] }));

    const jump = screen.getByRole("button", { name: /2 new messages/ });
    fireEvent.click(jump);
    expect(list.scrollTop).toBe(1000);
    expect(screen.queryByRole("button", { name: /new message/ })).toBeNull();
  });

  it("follows the conversation while the reader is at its end", () => {
    const first = [aMessage(1, "one")];
    const { container, rerender } = render(room({ events: first }));
    const list = container.querySelector("ol") as HTMLOListElement;
    Object.defineProperty(list, "scrollHeight", { configurable: true, value: 1000 });
    Object.defineProperty(list, "clientHeight", { configurable: true, value: 200 });

    rerender(room({ events: [...first, aMessage(2, "two")] }));

    expect(list.scrollTop).toBe(1000);
    expect(screen.queryByRole("button", { name: /new message/ })).toBeNull();
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
  const posted = aMessage(5, "I'm so sorry, that's on us.", { role: "responder", author: "Dev" });
  const suggested = anEvent("tag.suggested", {
    message: 5,
    suggestions: [
      { technique: "apologize", kind: "good_move", span: [0, 12], confidence: 0.9 },
      { technique: "own_it", kind: "good_move", span: [14, 26], confidence: 0.8 },
    ],
  }, { seq: 6, audience: "coach" });

  it("offers each suggestion until the coach accepts it as a tag or dismisses it", () => {
    const accepted = anEvent("tag.added", { technique: "apologize", note: "", message: 5, participant: null, live_seconds: 10, suggested: true }, { seq: 7, audience: "coach" });
    const dismissed = anEvent("tag.suggestion_dismissed", { technique: "own_it", message: 5 }, { seq: 8, audience: "coach" });

    expect(pendingSuggestions([posted, suggested]).map((s) => s.technique)).toEqual(["apologize", "own_it"]);
    expect(pendingSuggestions([posted, suggested, accepted]).map((s) => s.technique)).toEqual(["own_it"]);
    expect(pendingSuggestions([posted, suggested, accepted, dismissed])).toEqual([]);
  });

  it("shows the words the detector matched as text, never as markup", () => {
    const hostile = aMessage(5, "<img src=x onerror=alert(1)> sorry");
    const store = {
      roundEvents: { value: [hostile, suggested] }, game: { value: aSnapshot().game }, send: () => Promise.resolve(0),
    } as unknown as GameStore;
    const desk = { technique: { value: "" }, note: { value: "" } } as never;

    const { container } = render(<SuggestedTags store={store} desk={desk} />);

    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("mark")?.textContent).toBe("<img src=x o");
  });
});

describe("latestVotes", () => {
  const vote = (seq: number, voter: string, accept: boolean) =>
    anEvent("change.voted", { proposal: 3, accept, voter }, { seq });

  it("names each responder once, by where they stand now", () => {
    const votes = [vote(4, "Ann", true), vote(5, "Ben", false), vote(6, "Ann", true), vote(7, "Ben", true)];

    expect(latestVotes(votes)).toBe("Ann: yes · Ben: yes");
  });
});
