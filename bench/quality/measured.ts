/**
 * A score as the benchmark reports it: a value, or `null` with the reason it could not be
 * computed. An unknown score is shown as "—" and left out of the means; it never counts as a pass.
 */
export type Measured<T> = Known<T> | Unknown;
export type Known<T> = { value: T; note?: string };
export type Unknown = { value: null; why: string };

export function known<T>(value: T, note?: string): Known<T> {
  return note === undefined ? { value } : { value, note };
}

export function unknown(why: string): Unknown {
  return { value: null, why };
}

export function isKnown<T>(score: Measured<T>): score is Known<T> {
  return !('why' in score);
}

/** The mean of the known values and how many there were; `null` when none is known. */
export function meanOfKnown(scores: readonly Measured<number>[]): { mean: number | null; scored: number } {
  const values = scores.filter(isKnown).map((score) => score.value);
  return { mean: values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length, scored: values.length };
}
