// Stand-in for the `server-only` package under vitest (tests run outside React Server Components).
export {};
