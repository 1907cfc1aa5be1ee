import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { EventOut } from "../realtime/protocol";
import { Chat } from "./Chat";
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
});

describe("MoodBadge", () => {
  it("never relies on colour alone: a number and a word", () => {
    render(<MoodBadge mood={9} />);

    expect(screen.getByText("9")).toBeTruthy();
    expect(screen.getByText(moodWord(9))).toBeTruthy();
    expect(screen.getByLabelText("Customer mood 9 of 10, furious")).toBeTruthy();
  });
});
