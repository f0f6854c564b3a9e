/** Every command handler, keyed by its id; registered in one loop by activate(). */
import * as vscode from 'vscode';
import { COMMANDS, type CommandId } from '../constants';
import type { Services } from '../services';
import { answerPermission, redirectSession } from './promptCommands';
import { closeWith, openFileDiff, reviewChanges, verify } from './reviewCommands';
import { draftTask, spawnSession, waitForSession } from './sessionCommands';
import { requestReview } from './requestReview';
import { guarded } from './ui';
import {
  focusPane,
  openLedger,
  openSettings,
  refresh,
  retryBackend,
  setUpWorkspace,
  showStatus,
} from './workspaceCommands';

type Handler = (...args: never[]) => Promise<unknown>;

/** Commands that start agents or send keys; refused in an untrusted workspace. */
const NEEDS_TRUST: readonly CommandId[] = [
  COMMANDS.draftTask,
  COMMANDS.spawnSession,
  COMMANDS.spawnDrafted,
  COMMANDS.approvePermission,
  COMMANDS.denyPermission,
  COMMANDS.answerQuestion,
  COMMANDS.redirect,
  COMMANDS.closeSession,
  COMMANDS.closeShip,
  COMMANDS.closeNoShip,
  COMMANDS.closeAbandon,
  COMMANDS.focusPane,
  COMMANDS.setUpWorkspace,
  COMMANDS.verify,
  COMMANDS.requestReview,
];

export function commandHandlers(services: Services): Record<CommandId, Handler> {
  return {
    [COMMANDS.draftTask]: draftTask(services),
    [COMMANDS.spawnSession]: spawnSession(services),
    [COMMANDS.spawnDrafted]: spawnSession(services),
    [COMMANDS.waitForSession]: waitForSession(services),
    [COMMANDS.verify]: verify(services),
    [COMMANDS.reviewChanges]: reviewChanges(services),
    [COMMANDS.approvePermission]: answerPermission(services, 'yes'),
    [COMMANDS.denyPermission]: answerPermission(services, 'no'),
    [COMMANDS.answerQuestion]: redirectSession(services, 'answer'),
    [COMMANDS.redirect]: redirectSession(services, 'redirect'),
    [COMMANDS.closeSession]: closeWith(services),
    [COMMANDS.closeShip]: closeWith(services, 'SHIP'),
    [COMMANDS.closeNoShip]: closeWith(services, 'NO-SHIP'),
    [COMMANDS.closeAbandon]: closeWith(services, 'ABANDON'),
    [COMMANDS.showStatus]: showStatus(services),
    [COMMANDS.openLedger]: openLedger(services),
    [COMMANDS.focusPane]: focusPane(services),
    [COMMANDS.setUpWorkspace]: setUpWorkspace(services),
    [COMMANDS.refresh]: refresh(services),
    [COMMANDS.retryBackend]: retryBackend(services),
    [COMMANDS.openSettings]: openSettings(),
    [COMMANDS.openFileDiff]: openFileDiff(services),
    [COMMANDS.requestReview]: requestReview(services),
  };
}

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(commandHandlers(services)).map(([id, handler]) =>
    vscode.commands.registerCommand(
      id,
      guarded(services, id, async (...args: unknown[]) => {
        if (NEEDS_TRUST.includes(id as CommandId) && !vscode.workspace.isTrusted) {
          throw new Error('This workspace is not trusted: cmux Director does not start agents or run commands here.');
        }
        return (handler as (...a: unknown[]) => Promise<unknown>)(...args);
      }),
    ),
  );
}
