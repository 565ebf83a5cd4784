/**
 * A table that puts only the rows in view (plus a few either side) in the
 * DOM, so a dry run's ten thousand result rows scroll as smoothly as ten.
 * Rows have one fixed height; spacer rows above and below keep the
 * scrollbar true to the whole list.
 *
 * ARIA: the table's children are two rowgroups (the header row; the
 * scrolling body), so assistive technology sees table > rowgroup > row. The
 * body is focusable (keyboard users scroll it) and is itself that rowgroup:
 * a focusable element without a role between the table and its rows was
 * axe's aria-required-children violation.
 */
import { createMemo, createSignal, For, type JSX } from "solid-js";

export type Column<T> = {
  header: string;
  /** Column width (CSS), e.g. "5rem"; the last column takes the rest. */
  width?: string;
  cell: (row: T, index: number) => JSX.Element;
};

/** Rows rendered beyond the visible ones, each side, so fast scrolling shows no gap. */
const OVERSCAN = 8;

export function VirtualTable<T>(props: {
  rows: T[];
  columns: Column<T>[];
  /** Height of every row in pixels (matches the CSS). */
  rowHeight: number;
  /** Height of the scrolling area in pixels. */
  height: number;
  /** Attributes for each row, e.g. a test id and data-outcome. */
  rowAttrs?: (row: T, index: number) => Record<string, string>;
  label: string;
  testid?: string;
}) {
  const [scrollTop, setScrollTop] = createSignal(0);
  const range = createMemo(() => {
    const first = Math.max(0, Math.floor(scrollTop() / props.rowHeight) - OVERSCAN);
    const visible = Math.ceil(props.height / props.rowHeight) + 2 * OVERSCAN;
    const last = Math.min(props.rows.length, first + visible);
    return { first, last };
  });
  const shown = createMemo(() => {
    const { first, last } = range();
    return props.rows.slice(first, last).map((row, i) => ({ row, index: first + i }));
  });
  const columns = () => props.columns.map((c) => c.width ?? "1fr").join(" ");

  return (
    <div
      class="vtable"
      role="table"
      aria-label={props.label}
      aria-rowcount={props.rows.length + 1}
      data-testid={props.testid}
      data-rows={props.rows.length}
    >
      <div role="rowgroup">
        <div class="vtable-head" role="row" aria-rowindex={1} style={{ "grid-template-columns": columns() }}>
          <For each={props.columns}>
            {(c) => (
              <span role="columnheader" class="vtable-cell">
                {c.header}
              </span>
            )}
          </For>
        </div>
      </div>
      <div
        class="vtable-body"
        role="rowgroup"
        aria-label={`${props.label}, scrollable`}
        style={{ height: `${props.height}px` }}
        tabindex="0"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div style={{ height: `${range().first * props.rowHeight}px` }} aria-hidden="true" />
        <For each={shown()}>
          {(item) => (
            <div
              role="row"
              class="vtable-row"
              aria-rowindex={item.index + 2}
              style={{ height: `${props.rowHeight}px`, "grid-template-columns": columns() }}
              {...(props.rowAttrs?.(item.row, item.index) ?? {})}
            >
              <For each={props.columns}>
                {(c) => (
                  <span role="cell" class="vtable-cell">
                    {c.cell(item.row, item.index)}
                  </span>
                )}
              </For>
            </div>
          )}
        </For>
        <div style={{ height: `${(props.rows.length - range().last) * props.rowHeight}px` }} aria-hidden="true" />
      </div>
    </div>
  );
}
