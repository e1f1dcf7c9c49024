import { describe, expect, it } from 'vitest';
import type { DataStructure } from '../schemas/system-design.js';
import { renderClassDiagram } from './class-diagram.js';

const structure = (name: string, extra: Partial<DataStructure> = {}): DataStructure => ({
  name,
  kind: 'class',
  attributes: [],
  methods: [],
  relations: [],
  ...extra,
});

describe('renderClassDiagram', () => {
  it('gives odd names safe ids and shows the original name as a quoted label', () => {
    const diagram = renderClassDiagram([
      structure('order', { relations: [{ to: 'Map<string, Book>', kind: 'uses' }] }),
      structure('Book Store "v2"', { kind: 'interface', relations: [{ to: 'order', kind: 'implements' }] }),
      structure('2fa-token'),
    ]);
    const lines = diagram.split('\n');
    expect(lines[1]).toBe('classDiagram');
    // A lowercase "o" would start an aggregation arrow, so the id is capitalised.
    expect(lines).toContain('    class Order["order"]');
    expect(lines).toContain('    class Book_Store_v2["Book Store \'v2\'"]');
    expect(lines).toContain('    <<interface>> Book_Store_v2');
    expect(lines).toContain('    class C_2fa_token["2fa-token"]');
    expect(lines).toContain('    class Map_string_Book["Map#lt;string, Book#gt;"]');
    expect(lines).toContain('    Order ..> Map_string_Book : uses');
    expect(lines).toContain('    Order <|.. Book_Store_v2');
    // Every id used in a relation is a plain word.
    for (const line of lines.filter((l) => /(<\|--|<\|\.\.|\.\.>|\*--)/.test(l))) {
      expect(line).toMatch(/^ {4}\w+ (<\|--|<\|\.\.|\.\.>|\*--) \w+( : \w+)?$/);
    }
  });

  it('writes members with generics as ~T~ and without braces', () => {
    const diagram = renderClassDiagram([
      structure('Store', {
        attributes: [{ name: 'cache', type: 'Map<string, {id: number}>' }],
        methods: [{ name: 'load', params: 'cb: (b: Book) => void', returns: 'Promise<Book[]>' }],
      }),
    ]);
    expect(diagram).toContain('    class Store {\n        +cache: Map~string, id: number~\n');
    expect(diagram).toContain('        +load(cb: (b: Book) → void) Promise~Book[]~\n    }');
  });

  it('expresses each relation kind with its arrow', () => {
    const diagram = renderClassDiagram([
      structure('Child', {
        relations: [
          { to: 'Parent', kind: 'inherits' },
          { to: 'Shape', kind: 'implements' },
          { to: 'Part', kind: 'contains' },
        ],
      }),
    ]);
    expect(diagram).toContain('Parent <|-- Child');
    expect(diagram).toContain('Shape <|.. Child');
    expect(diagram).toContain('Child *-- Part : contains');
  });
});
