/**
 * Wiring tests inside the real extension host: the manifest and the code agree, the tree shows
 * the director's sessions, review diffs open, the ledger view receives the parsed ledger. Sessions
 * are the real Claude Code, offline against the scripted model (test/e2e/exthost.test.js sets
 * director.agentCommand), which acts on the @directives in the goal.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { configSchema } from '../../src/director/config';
import { commandHandlers } from '../../src/extension/commands';
import { COMMANDS, NODE_TOKENS, VIEWS } from '../../src/extension/constants';
import type { DirectorApi } from '../../src/extension/extension';
import type { DirectorNode } from '../../src/extension/sessionTree';

const EXTENSION_ID = 'cmux-director.cmux-director';

async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 30000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    configuration: {
      properties: Record<string, { default?: unknown; description?: string; markdownDescription?: string }>;
    };
    menus: Record<string, Array<{ command: string; when?: string }>>;
    views: Record<string, Array<{ id: string }>>;
    viewsWelcome: Array<{ view: string; when: string; contents: string }>;
  };
  capabilities: { untrustedWorkspaces: { supported: string } };
}

(process.env.DIRECTOR_E2E_MODE === 'nomux' ? suite.skip : suite)('cmux Director in a real VS Code', () => {
  let api: DirectorApi;
  let manifest: Manifest;
  const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<DirectorApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    api = await extension.activate();
    manifest = extension.packageJSON as Manifest;
    await until('the director to be ready', () => api.state() === 'ready');
  });

  test('activates, picks the tmux backend and says so', () => {
    assert.equal(api.state(), 'ready');
    assert.match(api.backendReason(), /^tmux/);
    assert.match(api.services.treeView.description ?? '', /^tmux -L e2e-exthost-\d+$/);
  });

  test('every command in package.json is registered and handled, and nothing else', async () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of declared) assert.ok(registered.has(id), `${id} is declared but not registered`);
    assert.deepEqual(Object.keys(commandHandlers(api.services)).sort(), declared);
    assert.deepEqual(Object.values(COMMANDS).sort(), declared);
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Director', c.command);
  });

  test('menus only name declared commands and known node tokens; node commands are hidden from the palette', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    const tokens = new Set<string>(Object.values(NODE_TOKENS));
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) {
        assert.ok(declared.has(item.command), `${menu} names unknown ${item.command}`);
        for (const m of (item.when ?? '').matchAll(/viewItem =~ \/\\b(\w+)\\b\//g))
          assert.ok(tokens.has(m[1]!), `${menu}: unknown token ${m[1]}`);
      }
    }
    const hidden = manifest.contributes.menus
      .commandPalette!.filter((i) => i.when === 'false')
      .map((i) => i.command)
      .sort();
    assert.deepEqual(
      hidden,
      [
        COMMANDS.closeAbandon,
        COMMANDS.closeNoShip,
        COMMANDS.closeShip,
        COMMANDS.openFileDiff,
        COMMANDS.spawnDrafted,
      ].sort(),
    );
  });

  test('every setting has a default and a description, and the CLI reads the same keys', () => {
    const properties = manifest.contributes.configuration.properties;
    const keys = Object.keys(properties)
      .map((k) => k.replace(/^director\./, ''))
      .sort();
    assert.deepEqual(keys, Object.keys(configSchema.shape).sort());
    for (const [key, p] of Object.entries(properties)) {
      assert.ok(p.default !== undefined, `${key} has no default`);
      assert.ok(p.description ?? p.markdownDescription, `${key} has no description`);
      assert.deepEqual(vscode.workspace.getConfiguration().inspect(key)?.defaultValue, p.default);
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  test('views and welcome states are declared for every state the extension can be in', () => {
    assert.deepEqual(
      manifest.contributes.views.director!.map((v) => v.id),
      [VIEWS.sessions, VIEWS.ledger],
    );
    const states = [...new Set(manifest.contributes.viewsWelcome.map((w) => /'(\w+)'/.exec(w.when)?.[1]))].sort();
    assert.deepEqual(states, [
      'cmuxRefused',
      'error',
      'noFolder',
      'noMultiplexer',
      'notGit',
      'ready',
      'starting',
      'untrusted',
    ]);
  });

  test('the tree shows a session the director runs, with its state, files and task', async function () {
    this.timeout(150000); // the real Claude Code starts in a pane (the scripted model answers at once)
    const director = api.services.director();
    await director.draft('host-tree', {
      goal: 'Add a file.\n@write src/tree.ts export const tree = 1;',
      scope: ['src/**'],
    });
    const spawned = await director.spawn('host-tree');
    assert.equal(spawned.kind, 'SPAWNED', JSON.stringify(spawned));
    await api.services.store.refresh();
    const session = await until(
      'the session to be done in the tree',
      async () => {
        await api.services.store.refresh();
        const nodes = api.tree.getChildren() as DirectorNode[];
        const node = nodes.find((n) => n.kind === 'session' && n.session.slug === 'impl-host-tree');
        return node?.kind === 'session' && node.session.state === 'done' ? node : undefined;
      },
      90000,
    );
    const item = api.tree.getTreeItem(session);
    assert.equal(item.label, 'impl-host-tree');
    assert.equal(item.description, 'done');
    assert.match(String(item.contextValue), /\bsession\b.*\bhasChanges\b/);
    // The tooltip is built when the pointer rests on the row, from the session as it is then.
    const tooltip = api.tree.resolveTreeItem(item, session).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    const text = tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\/g, ''); // as rendered: no Markdown escapes
    assert.match(text, /impl-host-tree\*\* — done/);
    assert.match(text, /changes: 1 file\(s\) \+1 -0/);
    const children = api.tree.getChildren(session);
    assert.deepEqual(
      children.map((c) => (c.kind === 'file' ? c.change.path : c.kind)),
      ['src/tree.ts', 'task'],
    );
  });

  test('Review Changes opens a diff against the baseline', async () => {
    await vscode.commands.executeCommand(COMMANDS.reviewChanges, 'impl-host-tree');
    const tab = await until('a diff tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff),
    );
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'director-baseline');
    assert.equal(input.modified.fsPath, join(root(), 'src/tree.ts'));
    const left = await vscode.workspace.openTextDocument(input.original);
    assert.equal(left.getText(), '', 'a new file diffs against empty');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Request Review runs a reviewer; its findings show as diagnostics and under the session', async function () {
    this.timeout(150000);
    const result = (await vscode.commands.executeCommand(
      COMMANDS.requestReview,
      'impl-host-tree',
      '@write tmp/sessions/impl-host-tree-review.md MAJOR | src/tree.ts:1 | no test\\nMINOR | src/tree.ts:1 | naming',
    )) as { kind: string; verdict?: string } | undefined;
    assert.deepEqual([result?.kind, result?.verdict], ['REVIEWED', 'PASSED'], JSON.stringify(result));
    const diagnostics = await until('the diagnostics', () => {
      const found = vscode.languages.getDiagnostics(vscode.Uri.file(join(root(), 'src/tree.ts')));
      return found.length === 2 && found;
    });
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.range.start.line, d.message, d.source]),
      [
        [vscode.DiagnosticSeverity.Warning, 0, 'no test', 'impl-host-tree-review'],
        [vscode.DiagnosticSeverity.Information, 0, 'naming', 'impl-host-tree-review'],
      ],
    );
    const session = (api.tree.getChildren() as DirectorNode[]).find(
      (n) => n.kind === 'session' && n.session.slug === 'impl-host-tree',
    )!;
    const findings = api.tree.getChildren(session).filter((c) => c.kind === 'finding');
    assert.deepEqual(
      findings.map((f) => api.tree.getTreeItem(f).label),
      ['MAJOR src/tree.ts:1', 'MINOR src/tree.ts:1'],
    );
    assert.equal(api.services.store.find('impl-host-tree-review'), undefined, 'the reviewer is closed');
  });

  test('the ledger view receives the parsed ledger, malformed lines flagged, newest first', async () => {
    const ledger = join(root(), 'tmp/sessions/_ledger.md');
    mkdirSync(join(root(), 'tmp/sessions'), { recursive: true });
    writeFileSync(
      ledger,
      '2026-05-15T21:28:26+05:30 | SHIP | tools-docstrings | Expanded module docstrings across 10 tool modules\nthis line is not a ledger line\n',
    );
    await vscode.commands.executeCommand(COMMANDS.openLedger);
    const posted = await until(
      'the ledger to be posted',
      () => api.services.ledger.lastPosted?.rows.length === 2 && api.services.ledger.lastPosted,
    );
    assert.equal(posted.rows[0]!.kind, 'malformed');
    assert.deepEqual(posted.rows[1], {
      kind: 'entry',
      lineNumber: 1,
      timestamp: '2026-05-15T21:28:26+05:30',
      outcome: 'SHIP',
      slug: 'tools-docstrings',
      summary: 'Expanded module docstrings across 10 tool modules',
      hasTranscript: false,
    });
    assert.equal(readFileSync(ledger, 'utf8').includes('this line is not a ledger line'), true, 'never rewritten');
  });

  test('Close as ABANDON appends the ledger line and the ledger view receives it', async () => {
    const result = (await vscode.commands.executeCommand(
      COMMANDS.closeAbandon,
      'impl-host-tree',
      'Closed by the host test',
    )) as { outcome: string } | undefined;
    assert.equal(result?.outcome, 'ABANDON');
    assert.match(
      readFileSync(join(root(), 'tmp/sessions/_ledger.md'), 'utf8'),
      /\| ABANDON \| host-tree \| Closed by the host test\n$/,
    );
    const posted = await until('the new row in the view', () => {
      const first = api.services.ledger.lastPosted?.rows[0];
      return first?.kind === 'entry' && first.slug === 'host-tree' && first;
    });
    assert.equal(posted.outcome, 'ABANDON');
    assert.ok(existsSync(join(root(), 'tmp/sessions/host-tree.txt')), 'the transcript was exported');
    await api.services.store.refresh();
    assert.equal(api.services.store.sessions.length, 0);
  });

  test('with nothing open the tree says so, lists drafted tasks and the closed history', async () => {
    const director = api.services.director();
    await api.services.store.refresh();
    let roots = api.tree.getChildren() as DirectorNode[];
    assert.deepEqual(
      roots.map((n) => n.kind),
      ['nothingOpen', 'closedGroup'],
    );
    const closed = api.tree.getChildren(roots[1]);
    const first = closed[0];
    assert.ok(first?.kind === 'closed' && first.entry.slug === 'host-tree', JSON.stringify(first));
    assert.match(String(api.tree.getTreeItem(first).description), /^ABANDON · /);
    await director.draft('host-drafted', { goal: 'Wait to be spawned.', scope: [] });
    await api.services.store.refresh();
    roots = api.tree.getChildren() as DirectorNode[];
    assert.deepEqual(
      roots.map((n) => n.kind),
      ['drafted', 'closedGroup'],
    );
    const drafted = api.tree.getTreeItem(roots[0]!);
    assert.equal(drafted.label, 'impl-host-drafted');
    assert.equal(drafted.description, 'drafted');
    assert.equal(drafted.contextValue, 'drafted', 'the inline Spawn button shows on it');
  });
});
