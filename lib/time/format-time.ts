/** Moved to lib/words/date-time.ts (the one date-time format); kept so older imports keep working. */
export { formatDateTime as formatTime, formatUtc } from "@/lib/words/date-time";
