"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { BALANCES_KEY } from "@/components/balances/use-balances";
import type { LiveEvent } from "@/lib/events/read-events";
import { isFinal } from "@/lib/order-status/transitions";
import { applyEventToCaches } from "./apply-event";

export type LiveState = "connecting" | "live" | "offline";
type Listener = (e: LiveEvent) => void;

interface LiveBus {
  state: LiveState;
  subscribe(l: Listener): () => void;
}

const LiveContext = createContext<LiveBus>({ state: "offline", subscribe: () => () => {} });

/** The queries an order event may change beyond the rows patched in place (new rows, filters, counts). */
const LIVE_LISTS = [["payouts"], ["payins"], ["orders"], ["dashboard", "summary"], ["notifications"]];

/** Lists refetch at most this often while events stream in (new rows, filters); statuses change at once. */
const REFRESH_MS = 500;

/**
 * The tab's one EventSource (GET /api/events). It reconnects by itself with Last-Event-ID, so nothing is missed
 * across a cut. Each event updates the query caches in place; the lists, the orders look-up and the dashboard
 * counts refetch once per burst. No page polls.
 */
export function LiveEvents({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const listeners = useRef(new Set<Listener>());
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | null = null;
    let stopped = false;
    // The last event id this tab holds: a new EventSource (after the browser gave up on the old one) resumes there.
    let lastId = "";
    let failures = 0;
    // One refetch round at a time, each allowed to finish (a new round every 500 ms cancelled the one under way and
    // starved a slow page: a run's progress bar stood still while a thousand callbacks came in); events that arrive
    // during a round ask for one more.
    let running = false;
    let again = false;
    // An order that settled moved its account's balance: the one balance query is asked again with the lists.
    let balancesDue = false;
    const refetchLists = async () => {
      if (running) return void (again = true);
      running = true;
      try {
        do {
          again = false;
          // A fetch under way (a person's "Load more", a page's first load) is never cancelled: cancelling it lost
          // the next page. Once it has finished, one more round fetches what the events changed.
          const busy = LIVE_LISTS.some((queryKey) => qc.isFetching({ queryKey }) > 0);
          const keys = balancesDue ? [...LIVE_LISTS, [...BALANCES_KEY]] : LIVE_LISTS;
          balancesDue = false;
          await Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey }, { cancelRefetch: false })));
          if (busy) again = true;
        } while (again);
      } finally {
        running = false;
      }
    };
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void refetchLists();
      }, REFRESH_MS);
    };
    let first = true;
    const connect = () => {
      const s = new EventSource(lastId ? `/api/events?lastEventId=${encodeURIComponent(lastId)}` : "/api/events");
      source = s;
      s.addEventListener("order", (m: MessageEvent<string>) => {
        if (m.lastEventId) lastId = m.lastEventId;
        const e = JSON.parse(m.data) as LiveEvent;
        applyEventToCaches(qc, e);
        if (isFinal(e.type, e.to)) balancesDue = true;
        for (const l of listeners.current) l(e);
        refresh();
      });
      s.addEventListener("ready", (m: MessageEvent<string>) => {
        if (m.lastEventId) lastId = m.lastEventId;
        failures = 0;
        setState("live");
        // Whatever moved between this page's first fetch and the stream's start is fetched once (later reconnects
        // replay by Last-Event-ID instead).
        if (first) refresh();
        first = false;
      });
      s.onerror = () => {
        if (s.readyState !== EventSource.CLOSED) return setState("connecting");
        // The browser retries a dropped stream by itself, but gives up for good on an answer that is not a stream
        // (a proxy's 502, a 503 while an instance starts): a new one, after a growing pause, from the same id.
        s.close();
        if (stopped) return;
        failures += 1;
        setState(failures > 5 ? "offline" : "connecting");
        retryTimer = setTimeout(connect, Math.min(30_000, 1_000 * 2 ** Math.min(failures - 1, 5)));
      };
    };
    connect();
    return () => {
      stopped = true;
      source?.close();
      if (timer) clearTimeout(timer);
      if (retryTimer) clearTimeout(retryTimer);
    };
  }, [qc]);
  const subscribe = useCallback((l: Listener) => {
    listeners.current.add(l);
    return () => void listeners.current.delete(l);
  }, []);
  const value = useMemo(() => ({ state, subscribe }), [state, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Call `listener` for every order event this tab receives; returns the stream's state. */
export function useLiveEvents(listener?: Listener): LiveState {
  const bus = useContext(LiveContext);
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => bus.subscribe((e) => ref.current?.(e)), [bus]);
  return bus.state;
}
