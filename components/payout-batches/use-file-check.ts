"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ParsedRow } from "@/lib/payout-batches/parse-file";
import type { CheckReply, CheckRequest } from "./check-protocol";

type WithoutSeq<T> = T extends unknown ? Omit<T, "seq"> : never;

export type CheckState = { phase: "idle" } | { phase: "checking" } | { phase: "refused"; message: string } | ({ phase: "checked" } & Extract<CheckReply, { ok: true }>);

/** The page's checking worker: one per page, the latest request wins (an older answer is dropped). */
export function useFileCheck() {
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const [state, setState] = useState<CheckState>({ phase: "idle" });
  useEffect(() => {
    const w = new Worker(new URL("./check.worker.ts", import.meta.url));
    w.onmessage = (m: MessageEvent<CheckReply>) => {
      if (m.data.seq !== seq.current) return;
      setState(m.data.ok ? { phase: "checked", ...m.data } : { phase: "refused", message: m.data.message });
    };
    worker.current = w;
    return () => w.terminate();
  }, []);
  const post = useCallback((req: WithoutSeq<CheckRequest>, transfer: Transferable[] = []) => {
    seq.current += 1;
    setState({ phase: "checking" });
    worker.current?.postMessage({ ...req, seq: seq.current } as CheckRequest, transfer);
  }, []);
  const checkFile = useCallback((bytes: ArrayBuffer, credentialId: number, recent: readonly string[]) => post({ kind: "file", bytes, credentialId, recent }, [bytes]), [post]);
  const checkCells = useCallback((rows: ParsedRow[], credentialId: number, recent: readonly string[]) => post({ kind: "rows", rows, credentialId, recent }), [post]);
  return { state, checkFile, checkCells };
}
