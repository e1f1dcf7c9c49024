import { describe, expect, it } from 'vitest';
import { prdExample } from '../examples/prd.js';
import { describeIssues } from '../validate-document.js';
import { prdSchema } from './prd.js';

function problems(input: unknown): string[] {
  const result = prdSchema.safeParse(input);
  return result.success ? [] : describeIssues(result.error.issues);
}

describe('prdSchema', () => {
  it('accepts the example', () => {
    expect(prdSchema.parse(prdExample)).toEqual(prdExample);
  });

  it('rejects a priority outside P0..P2 and says which values are allowed', () => {
    const bad = { ...prdExample, requirement_pool: [{ id: 'R1', requirement: 'Add a book.', priority: 'P3' }] };
    expect(problems(bad)).toEqual([
      'requirement_pool[0].priority: priority must be "P0" (must have), "P1" (should have) or "P2" (nice to have)',
    ]);
  });

  it('rejects a project name that is not snake_case', () => {
    expect(problems({ ...prdExample, project_name: 'Reading List' })[0]).toMatch(/^project_name: project_name must be a snake_case identifier/);
  });

  it('rejects more than five product goals', () => {
    const goals = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(problems({ ...prdExample, product_goals: goals })).toEqual([
      'product_goals: product_goals holds at most 5 goals: keep the most important ones',
    ]);
  });

  it('rejects reach outside 0..1 and a quadrant chart without four labels', () => {
    const bad = {
      ...prdExample,
      competitive_analysis: [{ name: 'X', summary: 'y', reach: 1.5, engagement: 0.2 }],
      quadrant_chart: { ...prdExample.quadrant_chart, quadrants: ['only', 'three', 'labels'] },
    };
    const found = problems(bad);
    expect(found).toContainEqual(expect.stringMatching(/^competitive_analysis\[0\]\.reach: /));
    expect(found).toContainEqual(
      'quadrant_chart.quadrants: quadrants needs exactly 4 labels: top right, top left, bottom left, bottom right',
    );
  });

  it('rejects duplicate requirement ids', () => {
    const pool = [
      { id: 'R1', requirement: 'One.', priority: 'P0' },
      { id: 'R1', requirement: 'Two.', priority: 'P1' },
    ];
    expect(problems({ ...prdExample, requirement_pool: pool })).toEqual([
      'requirement_pool: duplicate requirement id "R1": each requirement needs its own id',
    ]);
  });
});
