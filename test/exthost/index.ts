/**
 * Mocha runner loaded by the real VS Code extension host (extensionTestsPath). Works the same
 * under code-server (test/e2e/exthost.test.js) and under @vscode/test-electron
 * (test/exthost/runElectron.js) for people who have a desktop VS Code.
 */
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const resultsFile = process.env.E2E_RESULTS ?? join(__dirname, 'exthost-results.json');
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false });
  for (const file of readdirSync(__dirname)) if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    const results: { passed: string[]; failed: Array<{ title: string; error: string }>; failures?: number } = {
      passed: [],
      failed: [],
    };
    const runner = mocha.run((failures) => {
      results.failures = failures;
      writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      console.log(`${results.passed.length} passed, ${results.failed.length} failed`);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
    runner.on('pass', (test) => results.passed.push(test.fullTitle()));
    runner.on('fail', (test, error: unknown) =>
      results.failed.push({ title: test.fullTitle(), error: String((error as Error)?.stack ?? error) }),
    );
  });
}
