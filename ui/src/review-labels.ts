/**
 * The words of the review screen and its queue: owner roles and what each
 * does, review decisions, the roles a review was recorded in, and the small
 * formatters for shares and durations. Kept apart from the screens so both
 * read the same table and the screens hold only layout.
 */
import type { OwnerRole } from "./bindings/OwnerRole";
import type { Person } from "./bindings/Person";
import type { ReviewDecision } from "./bindings/ReviewDecision";

export const OWNER_ROLES: Array<{ key: OwnerRole; label: string; does: string }> = [
  { key: "business", label: "Business owner", does: "owns the action and signs it off" },
  { key: "data", label: "Data owner", does: "owns the inputs and signs them off" },
  { key: "destination", label: "Destination owner", does: "owns where the output lands" },
  { key: "exception", label: "Exception owner", does: "looks into bad examples and pauses it" },
];

export const DECISION_LABELS: Record<ReviewDecision, string> = { approve: "Approved", request_changes: "Asked for changes" };

/** A role as it reads inside a sentence ("Dana Okafor, data owner"). */
export const ROLE_LABELS: Record<string, string> = {
  business: "business owner",
  data: "data owner",
  destination: "destination owner",
  exception: "exception owner",
  reviewer: "reviewer",
};

/** The roles a reviewer held, in words; "reviewer" when they held none. */
export const rolesInWords = (roles: OwnerRole[]) => (roles.length ? roles.map((role) => ROLE_LABELS[role]).join(" and ") : "reviewer");

export const percent = (share: number | null | undefined) => (share == null ? null : `${Math.round(share * 1000) / 10}%`);

export const hours = (n: number | null | undefined) => {
  if (n == null) return null;
  if (n >= 48 && n % 24 === 0) return `${n / 24} days`;
  return n === 1 ? "1 hour" : `${n} hours`;
};

/** "Name" and "title, team" for an e-mail, from a list of people; the address itself when unknown. */
export function who(people: Person[], email: string | null | undefined): { name: string; detail: string } | null {
  if (!email) return null;
  const person = people.find((p) => p.email.toLowerCase() === email.toLowerCase());
  if (!person) return { name: email, detail: "" };
  return { name: person.name || email, detail: [person.title, person.team].filter((s) => s && s.trim()).join(", ") };
}
