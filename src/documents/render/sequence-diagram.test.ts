import { describe, expect, it } from 'vitest';
import { renderSequenceDiagram } from './sequence-diagram.js';

describe('renderSequenceDiagram', () => {
  it('declares participants with safe ids and keeps their names as aliases', () => {
    const diagram = renderSequenceDiagram([
      { from: 'Web UI', to: 'Endpoint', message: 'GET /books' },
      { from: 'Endpoint', to: 'note-store', message: 'find(); then sort', returns: '#1 result' },
    ]);
    const lines = diagram.split('\n');
    expect(lines[1]).toBe('sequenceDiagram');
    expect(lines).toContain('    participant Web_UI as Web UI');
    // "end" and "note" are keywords the lexer matches as prefixes.
    expect(lines).toContain('    participant P_Endpoint as Endpoint');
    expect(lines).toContain('    participant P_note_store as note-store');
    expect(lines).toContain('    Web_UI->>P_Endpoint: GET /books');
    expect(lines).toContain('    P_Endpoint->>P_note_store: find()#59; then sort');
    expect(lines).toContain('    P_note_store-->>P_Endpoint: #35;1 result');
    for (const line of lines.filter((l) => l.includes('>>'))) {
      expect(line).toMatch(/^ {4}\w+--?>>\w+: [^#;\n]*(#\d+;[^#;\n]*)*$/);
    }
  });
});
