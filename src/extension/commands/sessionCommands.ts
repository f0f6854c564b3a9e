/** Draft Task and Spawn Session: slug, goal, scope and an explicit model, then the director. */
import * as vscode from 'vscode';
import { parseSlug, SESSION_PREFIX } from '../../core/slug';
import type { Services } from '../services';
import type { DirectorNode } from '../sessionTree';
import { ask, Cancelled, pickSession, withProgress } from './ui';

function validSlug(value: string): string | undefined {
  try {
    parseSlug(value.trim());
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

async function askDraftInputs(): Promise<{ slug: string; goal: string; scope: string[] }> {
  const slug = (
    await ask({
      title: 'Session slug',
      prompt: `e.g. tools-docstrings (${SESSION_PREFIX} is added)`,
      validateInput: validSlug,
    })
  ).trim();
  const goal = await ask({
    title: `Goal for ${parseSlug(slug).full}`,
    prompt: 'What must the session achieve? (one paragraph; edit the task file for more)',
    validateInput: (v) => (v.trim() ? undefined : 'The goal is required.'),
  });
  const scope = (
    await ask({
      title: 'Expected diff scope',
      prompt: 'Comma-separated globs, e.g. src/tools/**, docs/*.md (empty: any path)',
    })
  )
    .split(/,(?![^{]*\})/)
    .map((g) => g.trim())
    .filter((g) => g !== '');
  return { slug, goal, scope };
}

async function askModel(services: Services): Promise<string> {
  const config = services.director().config;
  const items: Array<vscode.QuickPickItem & { model?: string }> = [
    { label: config.implementerModel, description: 'director.implementerModel', model: config.implementerModel },
    ...(config.reviewerModel !== config.implementerModel
      ? [{ label: config.reviewerModel, description: 'director.reviewerModel', model: config.reviewerModel }]
      : []),
    { label: 'Other model…' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Model for the implementer (always passed explicitly)',
    ignoreFocusOut: true,
  });
  if (!picked) throw new Cancelled();
  if (picked.model) return picked.model;
  return (
    await ask({
      title: 'Model',
      prompt: 'An alias (sonnet, opus, haiku) or a full model name',
      validateInput: (v) => (/^\S+$/.test(v.trim()) ? undefined : 'One word, no spaces.'),
    })
  ).trim();
}

/** Shared working tree or the session's own git worktree; the setting's choice comes first. */
async function askIsolation(services: Services, bareSlug: string): Promise<'shared' | 'worktree'> {
  const items: Array<vscode.QuickPickItem & { isolation: 'shared' | 'worktree' }> = [
    {
      label: 'Shared working tree',
      description: 'your folder; sessions see each other’s changes',
      isolation: 'shared',
    },
    {
      label: 'Own git worktree',
      description: `branch director/${bareSlug}; SHIP merges it into your branch`,
      isolation: 'worktree',
    },
  ];
  if (services.director().config.isolation === 'worktree') items.reverse();
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Where the session works (director.isolation)',
    ignoreFocusOut: true,
  });
  if (!picked) throw new Cancelled();
  return picked.isolation;
}

export function draftTask(services: Services) {
  return async () => {
    const director = services.director();
    const inputs = await askDraftInputs();
    const result = await director.draft(inputs.slug, { goal: inputs.goal, scope: inputs.scope });
    if (result.gitignoreUpdated) void vscode.window.showInformationMessage('Added tmp/sessions/ to .gitignore.');
    await vscode.window.showTextDocument(vscode.Uri.file(director.paths(result.slug.full).task));
    return result.slug.full;
  };
}

/** Waits in the foreground (with a cancellable progress notification) for a done or question signal. */
export function waitForSession(services: Services) {
  return async (node?: unknown) => {
    const session = await pickSession(services, node, 'Wait for which session?', ['running', 'idle', 'timed-out']);
    const outcome = await withProgress(`Waiting for ${session.slug} to signal done or a question`, (signal) =>
      services.director().wait(session.slug, { signal }),
    );
    await services.store.refresh();
    const text = {
      DONE: `${session.slug} signalled done.`,
      QUESTION: `${session.slug} has a question.`,
      TIMEOUT: `${session.slug} did not signal before the timeout.`,
      CANCELLED: '',
      GONE: `${session.slug} can no longer signal (${outcome.kind === 'GONE' ? outcome.reason : ''}): its agent or pane is gone.`,
    }[outcome.kind];
    if (text) void vscode.window.showInformationMessage(text);
    return outcome;
  };
}

/**
 * What the spawn notification says while it works: the steps, never the agent's command line
 * (long, full of paths and flags); that goes to the Director output channel.
 */
function spawnProgress(services: Services, slug: string, report: (message: string) => void) {
  return (message: string) => {
    services.log.info(`${slug}: ${message}`);
    report(message.startsWith('starting ') ? 'starting the agent' : message);
  };
}

export function spawnSession(services: Services) {
  return async (slugArg?: unknown) => {
    const director = services.director();
    // From a drafted row in the tree (its Spawn button), from scripts a slug, else ask.
    const node = slugArg as DirectorNode | undefined;
    let slug = typeof slugArg === 'string' ? slugArg : node?.kind === 'drafted' ? node.record.slug : undefined;
    const drafted = director.drafted();
    if (!slug && drafted.length > 0) {
      const picked = await vscode.window.showQuickPick(
        [
          ...drafted.map((r) => ({
            label: r.slug,
            description: 'drafted',
            detail: r.goal.split('\n')[0],
            slug: r.slug,
          })),
          { label: 'New session…', slug: undefined },
        ],
        { title: 'Spawn which task?', ignoreFocusOut: true },
      );
      if (!picked) throw new Cancelled();
      slug = picked.slug;
    }
    if (!slug || director.record(slug)?.phase !== 'drafted') {
      const inputs = await askDraftInputs();
      const existing = director.record(inputs.slug);
      if (existing?.phase !== 'drafted') {
        const drafted = await director.draft(inputs.slug, { goal: inputs.goal, scope: inputs.scope });
        if (drafted.gitignoreUpdated) void vscode.window.showInformationMessage('Added tmp/sessions/ to .gitignore.');
      }
      slug = inputs.slug;
    }
    const model = await askModel(services);
    const isolation = await askIsolation(services, parseSlug(slug).bare);
    const full = parseSlug(slug).full;
    const result = await withProgress(`Spawning ${full} (${model})`, (signal, report) =>
      director.reporting(spawnProgress(services, full, report)).spawn(full, { model, isolation, signal }),
    );
    const launched = director.record(full)?.agentCommand;
    if (launched) services.log.info(`${full}: launched in pane ${result.paneRef}: ${launched}`);
    await services.store.refresh();
    if (result.kind === 'SPAWNED') {
      // A quick session may already have signalled done or asked something: its own notice says so.
      const now = services.store.find(full)?.state;
      if (now === undefined || now === 'running')
        void vscode.window.showInformationMessage(`${full} started: ${model} in pane ${result.paneRef}.`);
    } else {
      const choice = await vscode.window.showWarningMessage(
        `${full} was NOT delivered (${result.reason}): look at its pane.`,
        'Focus Pane',
      );
      if (choice === 'Focus Pane') await director.focus(full);
    }
    return result;
  };
}
