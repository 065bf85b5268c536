// "Did you mean": the names within a small edit distance of a mistyped one, for
// unknown flags (args.ts) and unknown config keys (config.ts) alike.

/** Most edits (insert, delete, substitute) between a typo and a name still suggested. */
const MAX_EDITS = 2;

/** The known names close to `name`, compared case-insensitively. */
function closeNames(name: string, known: Iterable<string>): string[] {
  const lower = name.toLowerCase();
  return [...known].filter((k) => editDistance(k.toLowerCase(), lower) <= MAX_EDITS);
}

/** `did you mean --data-path?`, or undefined when nothing is close; `show` spells a name as the user would. */
export function didYouMean(name: string, known: Iterable<string>, show: (name: string) => string): string | undefined {
  const close = closeNames(name, known);
  return close.length > 0 ? `did you mean ${close.map(show).join(" or ")}?` : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
