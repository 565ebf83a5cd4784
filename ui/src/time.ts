/**
 * Dates and times in one format everywhere in the window: "1 Dec 2026,
 * 08:14" (local time, 24-hour clock, the month spelled so day and month
 * cannot be swapped), a date alone as "1 Dec 2026", and short relative
 * times ("3 h ago") for the registry's "last change" column. Built by hand
 * rather than with `toLocaleString`, whose output changes with the system
 * locale (one screen said "Dec 1, 2026, 08:14 AM", another "12/1/2026,
 * 8:16:19 AM").
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "1 Dec 2026" for a local date. */
function dayText(d: Date): string {
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** A calendar date (`2026-12-01`, no time): read as that day, not as UTC midnight. */
function calendarDate(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** "1 Dec 2026", for dates without a time (next review) and old entries. */
export function dateOnly(iso: string): string {
  const d = calendarDate(iso) ?? new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dayText(d);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const elapsed = now.getTime() - then.getTime();
  if (elapsed < MINUTE) return "just now";
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  const days = Math.floor(elapsed / DAY);
  if (days === 1) return "yesterday";
  if (days < 30) return `${days} days ago`;
  return dayText(then);
}

/** "1 Dec 2026, 08:14" in local time; a calendar date alone as "1 Dec 2026". */
export function fullTime(iso: string): string {
  if (calendarDate(iso)) return dateOnly(iso);
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  return `${dayText(then)}, ${pad(then.getHours())}:${pad(then.getMinutes())}`;
}

/** `2026-11-20T06:00:00Z` → `2026-11-20T07:00` in local time, for datetime-local inputs. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The reverse of {@link isoToLocalInput}; null for empty or unreadable text. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `2026-11-20T06:00:00Z` → `2026-11-20 07:00` in local time, for the one-field date-time input. */
export function isoToLocalText(iso: string | null | undefined): string {
  return isoToLocalInput(iso).replace("T", " ");
}

/**
 * Reads `YYYY-MM-DD HH:MM` (or with a `T`, or seconds) in local time as RFC
 * 3339 UTC; null for anything else, including dates that do not exist.
 */
export function localTextToIso(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  const d = new Date(year, month - 1, day, hour, minute, second);
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day || d.getHours() !== hour || d.getMinutes() !== minute) {
    return null;
  }
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
