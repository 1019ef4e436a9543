// Dates and countdowns in Asia/Shanghai, where the platforms' days and working days are counted.
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { lang } from "./i18n.js";

export const zone = "Asia/Shanghai";

/** A protobuf Timestamp as a Date; undefined when unset. */
export function toDate(timestamp: Timestamp | undefined): Date | undefined {
  return timestamp ? timestampDate(timestamp) : undefined;
}

/** A day, with its weekday (a retry window opens at the start of a day in Shanghai). */
export function formatDay(date: Date): string {
  // Month names, not numbers: 12/02 reads as two different days to different readers.
  return new Intl.DateTimeFormat(lang(), { timeZone: zone, year: "numeric", month: "short", day: "numeric", weekday: "short" }).format(date);
}

/** A moment, to the minute. */
export function formatMoment(date: Date): string {
  // Shanghai keeps no summer time: always UTC+8.
  const day = new Intl.DateTimeFormat(lang(), { timeZone: zone, year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  return `${day} (UTC+8)`;
}

/** A moment, to the second, for "listed at". */
export function formatClock(date: Date): string {
  return new Intl.DateTimeFormat(lang(), { timeZone: zone, timeStyle: "medium" }).format(date);
}

/** The time left until `to`, as "3 d 04:05:06" or "3天 04:05:06"; "0:00:00" once it has passed. */
export function countdown(to: Date, now = Date.now()): string {
  let seconds = Math.max(0, Math.floor((to.getTime() - now) / 1000));
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const clock = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60]
    .map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, "0")))
    .join(":");
  if (days === 0) return clock;
  return lang() === "en" ? `${days} d ${clock}` : `${days}天 ${clock}`;
}
