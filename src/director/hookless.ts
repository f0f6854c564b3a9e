/**
 * Sessions whose hooks never run (a managed `disableAllHooks` or `allowManagedHooksOnly`
 * policy, a wrapper that drops `--settings`): Claude Code's own session list (`claude agents
 * --json`) proves delivery at spawn and gives their state afterwards; the screen stays the last
 * fallback, for the details the list does not carry (a permission request's command).
 */
import { readActivity } from '../claude/eventLog';
import { findListed, listAgents, type ListedAgent } from '../claude/agentsList';
import { parseSlug, type Slug } from '../core/slug';
import type { DirectorContext } from './context';
import { eventLogOf } from './agentEvents';
import { sessionFolder } from './paths';
import type { SessionRecord } from './record';

/** How long spawn lets the hooks speak before it asks Claude Code's session list instead. */
export const HOOKLESS_AFTER_MS = 3000;
/** Hooks that run but lag (async, a loaded machine) get this long after the list says "busy". */
const LATE_HOOK_GRACE_MS = 1500;

/** Any hook of this spawn's agent logged (SessionStart is the first): the hooks do run. */
const sawSessionStart = (ctx: Pick<DirectorContext, 'root'>, slug: Slug) =>
  readActivity(eventLogOf(ctx.root, slug)) !== undefined;

/**
 * The session as Claude Code lists it, when it is working on its first turn (busy, or waiting on
 * a permission) although no hook ever reported: its task was delivered, without hooks.
 */
export async function deliveredWithoutHooks(
  ctx: Pick<DirectorContext, 'root'>,
  slug: Slug,
  launcher: string,
  folder: string,
): Promise<ListedAgent | undefined> {
  if (sawSessionStart(ctx, slug)) return undefined;
  const listed = findListed(await listAgents(launcher, ctx.root).catch(() => []), slug.full, folder);
  if (!listed || listed.status === 'idle') return undefined;
  await new Promise((r) => setTimeout(r, LATE_HOOK_GRACE_MS));
  return sawSessionStart(ctx, slug) ? undefined : listed;
}

/**
 * Claude Code's list for the open sessions launched without working hooks, one call per agent
 * command. A session missing from a list that answered is `null`; a list that failed leaves its
 * sessions out (the screen decides).
 */
export async function listedHookless(
  ctx: Pick<DirectorContext, 'root'>,
  records: readonly SessionRecord[],
): Promise<Map<string, ListedAgent | null>> {
  const byLauncher = new Map<string, SessionRecord[]>();
  for (const r of records)
    if (r.hooks === false && r.agentLauncher)
      byLauncher.set(r.agentLauncher, [...(byLauncher.get(r.agentLauncher) ?? []), r]);
  const found = new Map<string, ListedAgent | null>();
  await Promise.all(
    [...byLauncher].map(async ([launcher, rs]) => {
      const agents = await listAgents(launcher, ctx.root).catch(() => undefined);
      if (agents)
        for (const r of rs)
          found.set(
            r.slug,
            findListed(agents, parseSlug(r.slug).full, sessionFolder(ctx.root, r), r.listedPid) ?? null,
          );
    }),
  );
  return found;
}
