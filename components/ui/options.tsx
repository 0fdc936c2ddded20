/** One select option: its value, the words shown, and an optional title (the code behind the words). */
export type Option = readonly [value: string, label: string, title?: string];

/** A select's options from a list: every select here writes the same <option key value title> markup. */
export function Options({ items }: { items: readonly Option[] | undefined }) {
  return (
    <>
      {items?.map(([value, label, title]) => (
        <option key={value} value={value} title={title}>
          {label}
        </option>
      ))}
    </>
  );
}
