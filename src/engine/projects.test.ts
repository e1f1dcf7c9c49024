import { describe, expect, it } from 'vitest';
import { projectNameFromIdea } from './projects.js';

describe('projectNameFromIdea', () => {
  it('makes a short kebab-case name', () => {
    expect(projectNameFromIdea('A command-line todo app, with due dates!')).toBe("command-line-todo-app-with-due-dates");
    expect(projectNameFromIdea('   ')).toBe('project');
    expect(projectNameFromIdea('Ünïcode ✨ only')).toBe('n-code-only');
  });
});
