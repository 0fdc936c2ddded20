/**
 * CPU time (user + system, ms) a process and its descendants have used so far, from /proc (Linux; bench only). On a
 * machine other work shares, a server's CPU per request moves far less with that work than its latency does.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

function stat(pid: string): { ppid: number; ms: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) in parentheses: state ppid … utime(14) stime(15).
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * TICK_MS };
  } catch {
    return null;
  }
}

/** The ids of this machine's processes. */
const pids = () => readdirSync("/proc").filter((d) => /^\d+$/.test(d));

export function treeCpuMs(root: number | undefined): number {
  if (!root) return NaN;
  const all = new Map<number, { ppid: number; ms: number }>();
  for (const d of pids()) {
    const s = stat(d);
    if (s) all.set(Number(d), s);
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 20; p = all.get(p)?.ppid, hops++) if (p === root) return true;
    return false;
  };
  let ms = 0;
  for (const [pid, s] of all) if (inTree(pid)) ms += s.ms;
  return ms;
}

/**
 * CPU time (ms) the PostgreSQL backends serving `database` have used so far, when the server runs on this machine
 * (0 otherwise): the database's share of a request, beside the server's. A backend that exits takes its time with it,
 * so read this over a round whose connections stay open (the app's pools do).
 */
export function databaseCpuMs(database: string): number {
  let ms = 0;
  for (const d of pids()) {
    let cmd = "";
    try {
      cmd = readFileSync(`/proc/${d}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (!cmd.startsWith("postgres: ") || !cmd.includes(` ${database} `)) continue;
    ms += stat(d)?.ms ?? 0;
  }
  return ms;
}
