/** Lists that are short in most registries and long in a large one draw a page at a time. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { ReviewQueue } from "../screens/ReviewQueue";
import { summary } from "./fixtures";
import { mockApp } from "./mock-app";

describe("the review queue at scale", () => {
  it("draws 100 of 250 contracts in review, then 100 more per click", async () => {
    const inReview = Array.from({ length: 250 }, (_, i) => summary(`c-${i}`, `Contract ${i}`, { status: "in_review" }));
    mockApp({ review_queue: () => inReview.slice(0, 3), list_contracts: () => inReview });
    render(() => <ReviewQueue />);
    await waitFor(() => expect(screen.getAllByTestId("queue-other")).toHaveLength(100));
    expect(screen.getAllByTestId("queue-item")).toHaveLength(3);
    expect(screen.queryByTestId("queue-more")).toBeNull();
    const more = screen.getByTestId("queue-other-more");
    expect(more.textContent).toBe("Show 100 more of 247");
    fireEvent.click(more);
    expect(screen.getAllByTestId("queue-other")).toHaveLength(200);
    fireEvent.click(screen.getByTestId("queue-other-more"));
    expect(screen.getAllByTestId("queue-other")).toHaveLength(247);
    expect(screen.queryByTestId("queue-other-more")).toBeNull();
  });
});
