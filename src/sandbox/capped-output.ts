/**
 * Collects one output stream up to a byte limit, keeping the beginning (where the first error
 * usually is) and dropping the rest, while still draining the pipe so the program never blocks.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private overflowed = false;

  constructor(private readonly limitBytes: number) {}

  push(chunk: Buffer): void {
    const room = this.limitBytes - this.kept;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      return;
    }
    this.overflowed = true;
    if (room <= 0) return;
    const cut = utf8Boundary(chunk, room);
    this.chunks.push(chunk.subarray(0, cut));
    this.kept += cut;
    // Nothing more fits once a character was split off at the edge.
    this.kept = this.limitBytes;
  }

  get truncated(): boolean {
    return this.overflowed;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The largest cut at or before `at` that does not split a UTF-8 character. */
function utf8Boundary(chunk: Buffer, at: number): number {
  let cut = at;
  // Continuation bytes look like 10xxxxxx; step back to the start of the character they belong to.
  while (cut > 0 && cut < chunk.length && ((chunk[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut;
}
