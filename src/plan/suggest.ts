// "Did you mean …": the closest known name by edit distance, when it is close enough to be a
// typo rather than a different word.

/** Levenshtein distance with a case-insensitive compare (RUN vs run is a typo, not a new word). */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  if (left === right) return a === b ? 0 : 1;
  let previous = Array.from({ length: right.length + 1 }, (_, i) => i);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[right.length] as number;
}

/**
 * The known name closest to `word`, or undefined when none is plausibly meant: at most a third
 * of the word's length may differ (at least 1, at most 3 edits), ties resolved by list order.
 */
export function suggest(word: string, known: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    if (candidate === word) continue;
    const distance = editDistance(word, candidate);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const match = suggest(word, known);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
