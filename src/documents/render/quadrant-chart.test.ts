import { describe, expect, it } from 'vitest';
import { prdExample } from '../examples/prd.js';
import { formatCoordinate, renderQuadrantChart } from './quadrant-chart.js';

describe('renderQuadrantChart', () => {
  it('writes coordinates the way mermaid lexes them: 0, 1 or 0.<digits>', () => {
    expect([0, 1, 0.5, 0.1234, 0.9999, 1e-7, -0.2, 1.5].map(formatCoordinate)).toEqual(['0', '1', '0.5', '0.123', '1', '0', '0', '1']);
  });

  it('quotes labels and removes characters that would break the chart', () => {
    const chart = renderQuadrantChart(
      { ...prdExample.quadrant_chart, title: 'Reach %% and\nengagement', quadrants: ['a "b"', 'c', 'd', '`e`'] },
      [{ name: 'Foo: "Bar" [beta]', summary: 's', reach: 0.25, engagement: 1 }],
    );
    const lines = chart.split('\n');
    expect(lines[0]).toBe('```mermaid');
    expect(lines[1]).toBe('quadrantChart');
    expect(lines).toContain('    title Reach % % and engagement');
    expect(lines).toContain('    quadrant-1 "a \'b\'"');
    expect(lines).toContain('    quadrant-4 "\'e\'"');
    expect(lines).toContain('    "Foo: \'Bar\' [beta]": [0.25, 1]');
  });
});
