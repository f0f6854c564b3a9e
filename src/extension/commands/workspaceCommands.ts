/** Status, Focus Pane, Open Ledger, Set Up Workspace, Refresh, Retry, Settings. */
import * as vscode from 'vscode';
import { isGitWorkspace, setUpWorkspace as prepareWorkspace } from '../../director';
import { VIEWS } from '../constants';
import type { Services } from '../services';
import { pickSession } from './ui';

export function showStatus(services: Services) {
  return async () => {
    await services.store.refresh();
    const sessions = services.store.sessions;
    for (const s of sessions) services.log.info(`status: ${s.slug} ${s.state}`);
    if (sessions.length === 0) {
      void vscode.window.showInformationMessage('No open implementer sessions.');
      return [];
    }
    const picked = await vscode.window.showQuickPick(
      sessions.map((s) => ({
        label: s.slug,
        description: s.state,
        detail: s.screen?.kind === 'permission' ? `${s.screen.title}: ${s.screen.command}` : undefined,
      })),
      { title: 'Implementer sessions' },
    );
    if (picked) await vscode.commands.executeCommand(`${VIEWS.sessions}.focus`);
    return sessions.map((s) => `${s.slug} ${s.state}`);
  };
}

export function focusPane(services: Services) {
  return async (node?: unknown) => {
    const session = await pickSession(services, node, 'Focus which pane?');
    const attach = await services.director().focus(session.slug);
    if (attach)
      void vscode.window.showInformationMessage(
        `Selected ${session.record.paneRef ?? session.slug}; to see it in a terminal: ${attach}`,
      );
    return true;
  };
}

export function setUpWorkspace(services: Services) {
  return async () => {
    const root = services.root();
    if (!root) throw new Error('Open a folder first.');
    let gitInit = false;
    if (!(await isGitWorkspace(root))) {
      const choice = await vscode.window.showWarningMessage(
        `${root} is not a git repository. Run "git init" there? The director compares the disk with a git baseline.`,
        { modal: true },
        'git init',
      );
      if (choice !== 'git init') return false;
      gitInit = true;
    }
    const { gitignoreUpdated: added } = await prepareWorkspace(root, { gitInit });
    await services.reconnect();
    const applied = await offerInit(services);
    void vscode.window.showInformationMessage(
      `Workspace ready${added ? ' (added tmp/sessions/ to .gitignore)' : ''}${applied > 0 ? `; ${applied} orchestrator set-up change(s) applied` : ''}.`,
    );
    return true;
  };
}

/**
 * What `cmux-director init` would change for an orchestrating Claude Code session (permission
 * rules, the SessionStart topology hook, the CLAUDE.md rules, the MCP server), shown before
 * anything is written; applied only on Apply. Returns how many changes were applied.
 */
async function offerInit(services: Services): Promise<number> {
  let director;
  try {
    director = services.director();
  } catch {
    return 0; // no multiplexer yet: the set-up can be offered again once there is one
  }
  const changes = director.planInit();
  if (changes.length === 0) return 0;
  const choice = await vscode.window.showInformationMessage(
    'Also set up this workspace for an orchestrating Claude Code session?',
    { modal: true, detail: changes.map((c) => `• ${c.file}: ${c.what}`).join('\n') },
    'Apply',
  );
  if (choice !== 'Apply') return 0;
  await director.applyInit(changes);
  return changes.length;
}

/** Opens the Ledger panel; `line` (from the sidebar list) shows that ledger line. */
export const openLedger = (services: Services) => async (line?: unknown) => {
  services.ledger.panel.show(typeof line === 'number' ? line : undefined);
  return true;
};
export const refresh = (services: Services) => async () => {
  await services.store.refresh();
  return services.store.sessions.length;
};
export const retryBackend = (services: Services) => async () => {
  await services.reconnect();
  return true;
};
export const openSettings = () => async () =>
  vscode.commands.executeCommand('workbench.action.openSettings', 'director.');
