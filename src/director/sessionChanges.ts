/**
 * The git layer as the director uses it: the director's own folder (tmp/sessions/) is never a
 * session's change. The git layer does not know that folder; it is passed in here, once.
 */
import { takeBaseline as gitBaseline, type Baseline } from '../git/baseline';
import { baselineContent, changesSince as gitChanges, GitReads, type ChangeSet } from '../git/changes';
import { SESSIONS_DIR } from './paths';

const OWN_FILES = { exclude: [SESSIONS_DIR] } as const;

/** What the working tree looks like now (HEAD and every dirty file's content). */
export const takeBaseline = (root: string, now?: Date): Promise<Baseline> => gitBaseline(root, { ...OWN_FILES, now });

/** What changed on disk since the baseline, the director's files left out. */
export const changesSince = (root: string, baseline: Baseline, reads?: GitReads): Promise<ChangeSet> =>
  gitChanges(root, baseline, OWN_FILES, reads);

export { GitReads };

export { baselineContent };
