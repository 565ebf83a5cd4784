/**
 * A list that draws its first page of items and a "Show more" button for
 * the rest: for lists that are short for most registries and can be long
 * in a large one (the review queue at ten thousand contracts), where a
 * virtual table would be more machinery than the screen needs.
 */
import { createSignal, For, type JSX, Show } from "solid-js";

const number = new Intl.NumberFormat("en-US");

export function PagedList<T>(props: {
  items: T[];
  /** Items drawn at first, and added by each "Show more". */
  page: number;
  class?: string;
  testid?: string;
  children: (item: T) => JSX.Element;
}) {
  const [shown, setShown] = createSignal(props.page);
  const rest = () => props.items.length - shown();
  return (
    <>
      <ul class={props.class}>
        <For each={props.items.slice(0, shown())}>{(item) => props.children(item)}</For>
      </ul>
      <Show when={rest() > 0}>
        <button type="button" class="button" data-testid={props.testid} onClick={() => setShown((n) => n + props.page)}>
          Show {number.format(Math.min(props.page, rest()))} more of {number.format(props.items.length)}
        </button>
      </Show>
    </>
  );
}
