/** A script's entry: exit 0 when `main` resolves; print the error and exit 1 when it throws (open handles or not). */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
