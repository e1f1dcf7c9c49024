import { Option, type Command } from 'commander';
import pc from 'picocolors';
import type { ProtectionResult, SandboxCheckReport } from '../../sandbox/sandbox-check.js';
import type { SandboxDriver, SandboxPreference } from '../../sandbox/sandbox.js';

const SYMBOLS: Record<ProtectionResult['status'], string> = { held: pc.green('✔'), failed: pc.red('✖'), 'not-provided': pc.yellow('⚠') };

export function registerSandboxCommand(program: Command): void {
  const sandbox = program.command('sandbox').description('the sandbox that runs generated code: which driver, and what it protects against');
  sandbox
    .command('check')
    .description('say which sandbox driver is in use and prove each protection by running small hostile programs in it')
    .addOption(new Option('--driver <driver>', 'driver to check').choices(['auto', 'bubblewrap', 'docker', 'plain']).default('auto'))
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExit code 0 when every protection the driver claims holds, 1 otherwise.')
    .action(async (flags: { driver: SandboxPreference; json?: boolean }) => {
      const [{ SandboxCheckFailedError }, { checkSandbox }, { detectSandbox }] = await Promise.all([
        import('../../sandbox/check-failed-error.js'),
        import('../../sandbox/sandbox-check.js'),
        import('../../sandbox/sandbox.js'),
      ]);
      const driver = await detectSandbox({ prefer: flags.driver });
      if (!flags.json) printHeader(driver);
      const report = await checkSandbox(driver, { onResult: flags.json ? undefined : printProtection });
      if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printSummary(report);
      const failed = report.protections.filter((p) => p.status === 'failed').map((p) => p.title);
      if (failed.length > 0) throw new SandboxCheckFailedError({ driver: driver.name, failed });
    });
}

function printHeader(driver: SandboxDriver): void {
  const where = driver.detail === undefined ? '' : ` (${driver.detail})`;
  process.stdout.write(`Sandbox driver: ${pc.bold(driver.name)}${where}, ${driver.isolated ? 'isolated' : pc.yellow('NOT isolated')}\n`);
  if (driver.warning) process.stdout.write(`${pc.yellow('warning:')} ${driver.warning}\n`);
  process.stdout.write('\n');
}

function printProtection(result: ProtectionResult): void {
  const note = result.status === 'not-provided' ? pc.yellow('not contained: this driver cannot provide it; ') : '';
  process.stdout.write(`  ${SYMBOLS[result.status]} ${result.title.padEnd(48)} ${note}${pc.dim(result.detail)}\n`);
}

function printSummary(report: SandboxCheckReport): void {
  const held = report.protections.filter((p) => p.status === 'held').length;
  const missing = report.protections.filter((p) => p.status === 'not-provided').map((p) => p.title);
  const failed = report.protections.filter((p) => p.status === 'failed').length;
  const seconds = (report.durationMs / 1000).toFixed(1);
  process.stdout.write('\n');
  if (failed > 0) process.stdout.write(`${pc.red(`${failed} protection(s) FAILED`)}; ${held} of ${report.protections.length} held (${seconds} s).\n`);
  else if (missing.length > 0) {
    process.stdout.write(`${held} of ${report.protections.length} protections hold (${seconds} s).\n`);
    process.stdout.write(`${pc.yellow(`The ${report.driver} driver cannot provide:`)} ${missing.join('; ')}.\n`);
    process.stdout.write('Install bubblewrap (Debian/Ubuntu: apt install bubblewrap) or start Docker to get them.\n');
  } else process.stdout.write(`${pc.green(`All ${held} protections hold`)} (${seconds} s).\n`);
}
