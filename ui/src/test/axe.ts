/** axe-core on a rendered screen: the rule ids it reports, with the markup at fault. */
import axe from "axe-core";

/**
 * Violations of axe's rules under `root` (jsdom has no layout, so rules that
 * need one, like colour contrast, are off).
 */
export async function axeViolations(root: Element): Promise<string[]> {
  const result = await axe.run(root, { rules: { "color-contrast": { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(" | ")}`);
}
