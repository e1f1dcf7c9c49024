import type { Competitor, QuadrantChart } from '../schemas/prd.js';
import { mermaidBlock, mermaidLabel } from './mermaid.js';

/** Mermaid only lexes coordinates written as `1`, `0` or `0.<digits>`: `1.0` or `5e-7` break the chart. */
export function formatCoordinate(value: number): string {
  if (!(value > 0)) return '0';
  if (value >= 1) return '1';
  return value.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
}

const quoted = (text: string) => `"${mermaidLabel(text)}"`;

export function renderQuadrantChart(chart: QuadrantChart, competitors: readonly Competitor[]): string {
  const lines = [
    'quadrantChart',
    // The title runs to the end of the line and is never quoted.
    `    title ${mermaidLabel(chart.title)}`,
    `    x-axis ${quoted(chart.x_axis.low)} --> ${quoted(chart.x_axis.high)}`,
    `    y-axis ${quoted(chart.y_axis.low)} --> ${quoted(chart.y_axis.high)}`,
    ...chart.quadrants.map((label, index) => `    quadrant-${index + 1} ${quoted(label)}`),
    ...competitors.map(
      (c) => `    ${quoted(c.name)}: [${formatCoordinate(c.reach)}, ${formatCoordinate(c.engagement)}]`,
    ),
  ];
  return mermaidBlock(lines);
}
