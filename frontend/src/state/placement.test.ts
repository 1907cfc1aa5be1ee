import { describe, expect, it } from "vitest";
import { speakerOf } from "./placement";

const titles = { am: "Account manager", log: "Logistics", bill: "Billing", sup: "Support" };

describe("speakerOf", () => {
  it("names one or two functions in full", () => {
    expect(speakerOf({ author: "Ann", role: "responder", functions: ["am", "log"] }, titles)).toBe("Account manager + Logistics");
  });

  it("keeps a message's header short when one person holds many functions", () => {
    expect(speakerOf({ author: "Priya", role: "responder", functions: ["am", "log", "bill", "sup"] }, titles))
      .toBe("Account manager + 3 more");
  });

  it("names the customer and the coach by their seat", () => {
    expect(speakerOf({ author: "Donna", role: "customer", functions: [] }, titles)).toBe("Customer");
  });
});
