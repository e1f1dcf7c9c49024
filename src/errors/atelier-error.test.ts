import { describe, expect, it } from 'vitest';
import { AtelierError } from './atelier-error.js';

class ParentError extends AtelierError {
  override readonly name: string = 'ParentError';
}
class ChildError extends ParentError {
  override readonly name = 'ChildError';
}
class OtherError extends AtelierError {
  override readonly name = 'OtherError';
}

describe('AtelierError', () => {
  it('recognises its own class and the classes above it, not siblings', () => {
    const child = new ChildError('boom');
    expect(ChildError.isInstance(child)).toBe(true);
    expect(ParentError.isInstance(child)).toBe(true);
    expect(AtelierError.isInstance(child)).toBe(true);
    expect(OtherError.isInstance(child)).toBe(false);
    expect(ChildError.isInstance(new ParentError('x'))).toBe(false);
  });

  it('is not fooled by a plain error with the same name, and holds across module copies', () => {
    const impostor = Object.assign(new Error('x'), { name: 'ChildError' });
    expect(ChildError.isInstance(impostor)).toBe(false);
    // What another copy of the module would produce: the same global symbols, another class object.
    const copy = Object.create(null) as Record<symbol, unknown>;
    copy[Symbol.for('atelier.error.ChildError')] = true;
    expect(ChildError.isInstance(copy)).toBe(true);
    expect(AtelierError.isAtelierError(new OtherError('y'))).toBe(true);
    expect(AtelierError.isAtelierError(new Error('z'))).toBe(false);
  });

  it('keeps the message, the name and the cause', () => {
    const cause = new Error('root');
    const error = new ChildError('top', { cause });
    expect(error.message).toBe('top');
    expect(error.name).toBe('ChildError');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });
});
