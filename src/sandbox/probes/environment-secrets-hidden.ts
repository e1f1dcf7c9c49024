import type { Probe } from './probe.js';
import { command, lastJson, node } from './probe-command.js';

export const environmentSecretsHiddenProbe: Probe = {
  id: 'secrets',
  title: 'secrets in the environment',
  needsIsolation: false,
  async run(driver, ctx) {
    const result = await driver.run(command(ctx, node('process.stdout.write(JSON.stringify(process.env))')));
    const secretValues = Object.entries(process.env).filter(([name, value]) => /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i.test(name) && (value ?? '').length >= 8);
    const leaked = secretValues.filter(([, value]) => value !== undefined && result.stdout.includes(value)).map(([name]) => name);
    if (result.exitCode !== 0) return { held: false, detail: `the probe did not run: ${result.stderr.trim().split('\n')[0] ?? ''}` };
    if (leaked.length > 0) return { held: false, detail: `visible to the program: ${leaked.join(', ')}` };
    const names = Object.keys(lastJson(result)).sort();
    const others = secretValues.length > 1 ? ` and ${secretValues.length - 1} more secret-looking variable(s)` : '';
    return { held: true, detail: `${ctx.canaryVariable}${others} of Atelier not visible; the program sees only ${names.join(', ')}` };
  },
};
