import type { Prd } from '../schemas/prd.js';
import { blockquote, bulletList, inlineCode, numberedList, section, table } from './markdown.js';
import { renderQuadrantChart } from './quadrant-chart.js';

export function renderPrd(prd: Prd): string[] {
  const competitors = table(
    ['Name', 'Summary', 'Reach', 'Engagement'],
    prd.competitive_analysis.map((c) => [c.name, c.summary, String(c.reach), String(c.engagement)]),
  );
  return [
    section('Project', inlineCode(prd.project_name)),
    section('Original Requirements', blockquote(prd.original_requirements)),
    section('Product Goals', numberedList(prd.product_goals)),
    section('User Stories', bulletList(prd.user_stories)),
    section(
      'Competitive Analysis',
      prd.competitive_analysis.length === 0 ? '' : `${competitors}\n\n${renderQuadrantChart(prd.quadrant_chart, prd.competitive_analysis)}`,
    ),
    section('Requirement Analysis', prd.requirement_analysis),
    section('Requirement Pool', table(['ID', 'Requirement', 'Priority'], prd.requirement_pool.map((r) => [r.id, r.requirement, r.priority]))),
    section('UI Design Draft', prd.ui_design_draft),
    section('Open Questions', bulletList(prd.open_questions)),
  ];
}

/** What the roles after the product manager act on: the competitive analysis and its chart are for people. */
export function renderPrdForPrompt(prd: Prd): string[] {
  return renderPrd(prd).filter((block) => !block.startsWith('## Competitive Analysis'));
}
