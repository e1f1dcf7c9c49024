/** `1 call`, `2 calls`, `0 files`: a count with its noun, for people. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}
