/** The first error in `error`'s cause chain that `is` accepts: the AI SDK wraps what a model or middleware threw. */
export function findCause<T>(error: unknown, is: (value: unknown) => value is T): T | undefined {
  let current = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (is(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
