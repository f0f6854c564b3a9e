/**
 * Runs when the host is started with no multiplexer reachable (DIRECTOR_E2E_MODE=nomux):
 * activation must not throw, the commands still exist, and the welcome state names the fix.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/constants';
import type { DirectorApi } from '../../src/extension/extension';

if (process.env.DIRECTOR_E2E_MODE === 'nomux') {
  suite('cmux Director with no multiplexer installed', () => {
    test('activates without throwing and reports what is missing', async () => {
      const extension = vscode.extensions.getExtension<DirectorApi>('cmux-director.cmux-director');
      assert.ok(extension);
      const api = await extension.activate();
      assert.equal(extension.isActive, true);
      for (let i = 0; i < 100 && api.state() === 'starting'; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(api.state(), 'noMultiplexer');
      assert.match(api.backendReason(), /tmux is not installed/);
      assert.match(api.backendReason(), /apt install tmux/);
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const id of Object.values(COMMANDS)) assert.ok(registered.has(id), id);
      // Operations explain themselves instead of failing obscurely.
      assert.throws(() => api.services.director(), /not ready \(noMultiplexer\)/);
    });
  });
}
