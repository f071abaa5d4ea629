// One git command in many folders at once (health's worktrees of every workspace): run by a
// few `sh` processes, each looping over its share of the folders, rather than one process per
// folder started from Node, which costs milliseconds each where a shell's fork costs a fraction.
// The folders reach the shell as arguments, never as script text.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { LISTING_OUTPUT_LIMIT, runProgramAsync } from '../programs/run.ts';
import { shellWord } from '../util/shell-words.ts';
import { gitEnv } from './git.ts';

// `git -C FOLDER ARGS...` in every folder: its stdout there, or undefined where git failed
// (not a repository, gone, git missing), in the order of `folders`.
export async function gitInFolders(folders: readonly string[], args: readonly string[], shells = Math.min(4, availableParallelism())): Promise<(string | undefined)[]> {
  if (folders.length === 0) return [];
  const share = Math.ceil(folders.length / Math.max(1, shells));
  const chunks: string[][] = [];
  for (let start = 0; start < folders.length; start += share) chunks.push(folders.slice(start, start + share));
  const outputs = await Promise.all(chunks.map((chunk) => gitLoop(chunk, args)));
  return outputs.flat();
}

// One shell running git in each folder in turn; each output is followed by NUL, a random tag
// and git's exit status, then NUL: git's own output (NUL-separated at most) cannot forge it.
async function gitLoop(folders: readonly string[], args: readonly string[]): Promise<(string | undefined)[]> {
  const tag = randomBytes(8).toString('hex');
  const script = `tag=$1; shift; for folder do git -C "$folder" ${args.map(shellWord).join(' ')} 2>/dev/null; printf '\\000%s %s\\000' "$tag" "$?"; done`;
  const result = await runProgramAsync('sh', ['-c', script, 'sh', tag, ...folders], { env: gitEnv(), outputLimit: LISTING_OUTPUT_LIMIT, stderr: 'ignore' });
  return splitFramed(result.stdout, tag, folders.length);
}

// The outputs of `count` runs framed as gitLoop frames them; undefined for a run that failed
// or never reported (the shell stopped early).
export function splitFramed(stdout: string, tag: string, count: number): (string | undefined)[] {
  const outputs: (string | undefined)[] = [];
  let from = 0;
  for (let index = 0; index < count; index++) {
    const frame = stdout.indexOf(`\0${tag} `, from);
    const end = frame === -1 ? -1 : stdout.indexOf('\0', frame + tag.length + 2);
    if (end === -1) {
      outputs.push(...new Array<undefined>(count - index).fill(undefined));
      break;
    }
    const status = stdout.slice(frame + tag.length + 2, end);
    outputs.push(status === '0' ? stdout.slice(from, frame) : undefined);
    from = end + 1;
  }
  return outputs;
}
