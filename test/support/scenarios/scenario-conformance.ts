import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadWorkflowFile } from '../../../src/config/index.js';
import { codeChangeSchema, documentSchema, renderDocumentMarkdown, reviewSchema, testSuiteSchema, type DocumentKind } from '../../../src/documents/index.js';
import { testSuiteProblems } from '../../../src/roles/qa-tests.js';
import { reviewProblems } from '../../../src/roles/review-role.js';
import type { ScriptedScenario } from './scripted-scenario.js';

/** Every file the scenario's engineers write, by path. */
export function scenarioFiles(scenario: ScriptedScenario): Map<string, string> {
  return new Map(Object.values(scenario.tasks).flatMap((change) => change.files.map((file) => [file.path, file.content] as const)));
}

/**
 * The checks every scripted scenario must pass, whatever its stack: its answers are valid
 * documents, coherent with each other, and answer everything the standard workflow asks.
 */
export function describeScenarioConformance(scenario: ScriptedScenario): void {
  const { system_design: design, task_plan: plan, prd } = scenario.documents;
  const files = scenarioFiles(scenario);

  describe(`the ${scenario.name} scenario's answers`, () => {
    it.each(Object.entries(scenario.documents))('%s satisfies its schema and renders to Markdown', (name, document) => {
      const kind = name as DocumentKind;
      const parsed = documentSchema(kind).safeParse(document);
      expect(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error)).toBe(true);
      const markdown = renderDocumentMarkdown({
        kind,
        name,
        content: document,
        meta: { version: 1, authorRole: 'scenario', status: 'approved', lineage: [], createdAt: '2025-01-01T00:00:00.000Z' },
      });
      expect(markdown.length).toBeGreaterThan(200);
    });

    it.each(Object.entries(scenario.tasks))('task %s answers with a valid code change for exactly its files', (taskId, change) => {
      const parsed = codeChangeSchema.safeParse(change);
      expect(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error)).toBe(true);
      const task = plan.tasks.find((candidate) => candidate.id === taskId);
      expect(change.files.map((file) => file.path)).toEqual(task?.files);
      expect(change.notes.length).toBeGreaterThan(40);
      for (const file of change.files) expect(file.content.trim(), file.path).not.toBe('');
    });

    it('restates the idea exactly', () => {
      expect(prd.original_requirements).toBe(scenario.idea);
    });

    it('plans every file of the design exactly once, each task after the ones it depends on', () => {
      const planned = plan.tasks.flatMap((task) => task.files);
      expect([...planned].sort()).toEqual([...design.file_list].sort());
      expect(new Set(planned).size).toBe(planned.length);
      expect(Object.keys(scenario.tasks)).toEqual(plan.tasks.map((task) => task.id));
      plan.tasks.forEach((task, index) => {
        const earlier = plan.tasks.slice(0, index).map((t) => t.id);
        for (const dependency of task.dependencies) expect(earlier, `${task.id} depends on ${dependency}`).toContain(dependency);
      });
    });

    it('the project review points at lines that exist', () => {
      for (const comment of scenario.documents.review.comments) {
        const content = files.get(comment.file ?? '');
        expect(content, comment.file).toBeDefined();
        expect(comment.line).toBeLessThanOrEqual(content?.split('\n').length ?? 0);
      }
    });

    it('reviews each task with an approval whose comments point at lines of that task’s files', () => {
      expect(Object.keys(scenario.taskReviews)).toEqual(plan.tasks.map((task) => task.id));
      for (const task of plan.tasks) {
        const review = reviewSchema.parse(scenario.taskReviews[task.id]);
        expect(review.verdict).toBe('approve');
        const shown = new Map(task.files.map((path) => [path, files.get(path) ?? '']));
        expect(reviewProblems(review, shown), task.id).toEqual([]);
      }
    });

    it('QA’s test plan covers every user story with new test files the runner finds', () => {
      const suite = testSuiteSchema.parse(scenario.testSuite);
      expect(testSuiteProblems(suite, { engineerFiles: new Set(design.file_list), userStories: prd.user_stories })).toEqual([]);
    });

    it('answers every document the standard workflow asks a model for', async () => {
      const workflow = await loadWorkflowFile(join(import.meta.dirname, '../../../workflows/standard.yml'));
      const produced = new Set(['source_code', 'test_report']);
      const asked = workflow.definition.stages.map((stage) => stage.output).filter((output) => !produced.has(output));
      expect(asked.sort()).toEqual(Object.keys(scenario.documents).sort());
    });
  });
}
