import { describe, expect, it } from 'vitest';
import { builtinRolesDir, builtinWorkflowsDir } from './builtin-dirs.js';
import { compileWorkflow } from './compile-workflow.js';
import { loadRoleRegistry } from './role-registry.js';
import { workflowMermaid, workflowOutline } from './workflow-diagram.js';
import { loadWorkflowRegistry } from './workflow-registry.js';

async function securityFocused() {
  const roles = await loadRoleRegistry({ builtinDir: builtinRolesDir() });
  const entry = (await loadWorkflowRegistry({ builtinDir: builtinWorkflowsDir() })).get('security_focused');
  if (!entry) throw new Error('security_focused is missing');
  return compileWorkflow(entry, { roles });
}

describe('workflow diagrams', () => {
  it('outlines the stages wave by wave with role, inputs, output and kind', async () => {
    const outline = workflowOutline(await securityFocused()).split('\n');
    expect(outline[0]).toBe('wave 1');
    expect(outline[1]).toMatch(/^ {2}requirements_analysis +Product Manager \(product_manager\): user_idea → prd \[prd\]$/);
    expect(outline).toContain('wave 6 (2 stages in parallel)');
    expect(outline.join('\n')).toContain('Security Expert (security_expert): prd, system_design → security_assessment [sectioned]');
  });

  it('draws a mermaid flowchart with one edge per document read and the unread outputs as ends', async () => {
    const chart = workflowMermaid(await securityFocused()).split('\n');
    expect(chart[0]).toBe('flowchart TD');
    expect(chart).toContain('  idea -->|user_idea| s1');
    expect(chart).toContain('  s3["security_analysis<br/><small>Security Expert</small>"]');
    expect(chart).toContain('  s3 -->|security_assessment| s4');
    expect(chart.filter((line) => line.includes('-->|')).length).toBe(17);
    expect(chart).toContain('  d1[/"review"/]');
    expect(chart).toContain('  d2[/"test_report"/]');
  });

  it('escapes characters that would end a mermaid label', () => {
    const chart = workflowMermaid({
      id: 'w',
      name: 'w',
      description: '',
      waves: [['end']],
      stages: [{ id: 'end', roleId: 'r', roleName: 'The "Boss" <1>', inputs: ['user_idea'], output: 'a|b', kind: 'markdown', behaviour: 'document', dependsOn: [], approval: false, retries: 0 }],
    });
    expect(chart).toContain('s1["end<br/><small>The #34;Boss#34; #60;1#62;</small>"]');
    expect(chart).toContain('d1[/"a#124;b"/]');
  });
});
