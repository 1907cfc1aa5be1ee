import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { Home } from "./Home";

describe("Home", () => {
  it("tells a newcomer what Bear Cave is and where a facilitator signs in", () => {
    render(<Home />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Bear Cave");
    const signIn = screen.getByRole("link", { name: "Facilitator sign-in" });
    expect(signIn.getAttribute("href")).toBe("/admin/");
  });
});
