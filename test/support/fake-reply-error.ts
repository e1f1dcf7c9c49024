/** A reply the test scripted cannot be expressed on the wire it was asked for; sent back as a 500 naming the fix. */
export class FakeReplyError extends Error {
  override readonly name = 'FakeReplyError';

  static isInstance(error: unknown): error is FakeReplyError {
    return error instanceof Error && error.name === 'FakeReplyError';
  }
}
