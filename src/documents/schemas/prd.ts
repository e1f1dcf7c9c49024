import * as z from 'zod';
import { field, findDuplicates, openQuestionsField, prioritySchema } from './fields.js';

const competitorSchema = z.object({
  name: field(z.string().min(1), 'Name of the competing product or approach.', 'Goodreads'),
  summary: field(
    z.string().min(1),
    'One sentence on what it does well and where it falls short for our users.',
    'Large social catalogue; slow, web-only, no terminal workflow.',
  ),
  reach: field(z.number().min(0).max(1), 'How many target users it reaches, from 0 (none) to 1 (all): the x axis.', 0.85),
  engagement: field(
    z.number().min(0).max(1),
    'How engaged its users are, from 0 (barely) to 1 (daily use): the y axis.',
    0.55,
  ),
});

const axisSchema = (low: string, high: string) =>
  field(
    z.object({
      low: field(z.string().min(1), 'Label at the low end of the axis.', low),
      high: field(z.string().min(1), 'Label at the high end of the axis.', high),
    }),
    'Labels of the two ends of this axis.',
  );

const quadrantChartSchema = field(
  z.object({
    title: field(z.string().min(1), 'Title of the competitive quadrant chart.', 'Reach and engagement of reading trackers'),
    x_axis: axisSchema('Low reach', 'High reach'),
    y_axis: axisSchema('Low engagement', 'High engagement'),
    quadrants: field(
      z.array(z.string().min(1)).length(4, { error: 'quadrants needs exactly 4 labels: top right, top left, bottom left, bottom right' }),
      'Exactly four quadrant labels in mermaid order: quadrant 1 (top right), 2 (top left), 3 (bottom left), 4 (bottom right).',
      ['Expand', 'Promote', 'Re-evaluate', 'Improve'],
    ),
  }),
  'How the competitive analysis is drawn as a quadrant chart: title, axis labels and quadrant labels.',
);

const requirementSchema = z.object({
  id: field(z.string().regex(/^R[0-9]+$/, { error: 'requirement ids look like "R1", "R2", ...' }), 'Requirement id: R1, R2, ...', 'R1'),
  requirement: field(z.string().min(1), 'One testable requirement.', 'Add a book with title and author from the command line.'),
  priority: field(prioritySchema, 'P0 must have, P1 should have, P2 nice to have.', 'P0'),
});

export const prdSchema = field(
  z
    .object({
      project_name: field(
        z.string().regex(/^[a-z][a-z0-9_]*$/, {
          error: 'project_name must be a snake_case identifier: lowercase letters, digits and "_", starting with a letter',
        }),
        'Short snake_case identifier for the project.',
        'reading_list_cli',
      ),
      original_requirements: field(
        z.string().min(1),
        'The idea exactly as the user gave it, restated without changes.',
        'A CLI that tracks my reading list.',
      ),
      product_goals: field(
        z.array(z.string().min(1)).min(1).max(5, { error: 'product_goals holds at most 5 goals: keep the most important ones' }),
        'Up to five clear, orthogonal product goals.',
        ['Add, list and finish books in under a second from the terminal'],
      ),
      user_stories: field(
        z.array(z.string().min(1)).min(1),
        'User stories, each written as "As a <user>, I want <capability>, so that <benefit>".',
        ['As a reader, I want to add a book with one command, so that capturing it never breaks my flow'],
      ),
      competitive_analysis: field(
        z.array(competitorSchema),
        'Competing products or approaches, each placed by reach and engagement between 0 and 1.',
      ),
      quadrant_chart: quadrantChartSchema,
      requirement_analysis: field(
        z.string().min(1),
        'Analysis of the requirements: scope, constraints, what is deliberately left out.',
        'A single-user, offline tool; data lives in one JSON file; no accounts or sync.',
      ),
      requirement_pool: field(
        z.array(requirementSchema).min(1),
        'The requirements to build, each with its own id (no id twice) and a priority.',
      ),
      ui_design_draft: field(
        z.string().min(1),
        'How the product looks and is used: screens, commands or pages, and their layout.',
        'Commands: `reading add`, `reading list`, `reading done <id>`; list prints an aligned table.',
      ),
      open_questions: openQuestionsField('Should finished books be exportable to CSV?'),
    })
    .superRefine((prd, ctx) => {
      for (const id of findDuplicates(prd.requirement_pool.map((r) => r.id))) {
        ctx.addIssue({ code: 'custom', path: ['requirement_pool'], message: `duplicate requirement id "${id}": each requirement needs its own id` });
      }
    }),
  'Product requirements document: what to build and why, written by the product manager.',
);

export type Prd = z.infer<typeof prdSchema>;
export type QuadrantChart = Prd['quadrant_chart'];
export type Competitor = Prd['competitive_analysis'][number];
