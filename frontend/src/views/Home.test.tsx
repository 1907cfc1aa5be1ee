import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { Home } from "./Home";

describe("Home", () => {
  it("offers a player the way in and a facilitator theirs", () => {
    render(<Home />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Bear Cave");
    expect(screen.getByRole("link", { name: "Join a game" }).getAttribute("href")).toBe("/join/");
    expect(screen.getByRole("link", { name: "Facilitator sign-in" }).getAttribute("href")).toBe("/facilitate/");
  });
});
