// "Did you mean …": the closest known name by edit distance, when it is close enough to be a
// typo rather than a different word.

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment),
 * case-insensitive except that a case-only difference still costs 1 (RUN vs run is a typo).
 */
export function editDistance(a: string, b: string): number {
  const left = [...a.toLowerCase()];
  const right = [...b.toLowerCase()];
  const rows: number[][] = [];
  for (let i = 0; i <= left.length; i++) {
    const row = [i];
    for (let j = 1; j <= right.length; j++) {
      if (i === 0) {
        row[j] = j;
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
    rows.push(row);
  }
  const distance = (rows[left.length] as number[])[right.length] as number;
  return distance === 0 && a !== b ? 1 : distance;
}

/** How many edits still count as a typo of a word this long. */
function tolerance(word: string): number {
  if (word.length <= 3) return 1;
  if (word.length <= 6) return 2;
  return 3;
}

/** The known name closest to `word` within typo distance (ties: first in list), or undefined. */
export function suggest(word: string, known: Iterable<string>): string | undefined {
  const limit = tolerance(word);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    if (candidate === word) continue;
    const distance = editDistance(word, candidate);
    if (distance <= limit && distance < bestDistance && distance < Math.max(word.length, candidate.length)) {
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
