// The one way claude-sessions talks to tmux: argv arrays (never a shell), many commands
// per process, and list queries that survive any character in names and paths.
import { spawn, spawnSync } from 'node:child_process';
import { batchArgv, splitBatches, type TmuxCommand } from './argv.ts';
import { TmuxBatchError, TmuxError, tmuxErrorFrom, tmuxMissingError } from './errors.ts';
import {
  parseRecordGroups,
  recordFormat,
  type FieldFormats,
  type RecordFormat,
  type RecordOf,
} from './records.ts';
import { parseTmuxVersion, type TmuxVersion } from './version.ts';
import { shellWord } from '../util/shell-words.ts';

// Which tmux server to talk to; neither set means tmux's own choice ($TMUX, else default).
export interface TmuxServer {
  readonly socketName?: string | undefined;
  readonly socketPath?: string | undefined;
  /** The config a server started by this client loads (-f), e.g. /dev/null for a scratch server. */
  readonly configFile?: string | undefined;
}

export interface TmuxClientOptions {
  readonly server?: TmuxServer;
  /** The tmux binary; CLAUDE_SESSIONS_TMUX overrides it for tests. */
  readonly binary?: string;
  /** Called with every argv run, for tests and --verbose. */
  readonly onRun?: (argv: readonly string[]) => void;
}

// A list command and the fields wanted from each item it lists.
export interface ListQuery<F extends FieldFormats> {
  /** e.g. ['list-panes', '-a'] */
  readonly command: TmuxCommand;
  readonly fields: F;
  /** The format is the command's last argument (display-message -p) rather than -F. */
  readonly formatLast?: boolean;
}

// How one tmux invocation may behave.
export interface RunOptions {
  /** false: pass tmux -N, so a command that would start a server (list-commands) fails instead. */
  readonly startServer?: boolean;
}

// How a batch may behave.
export interface BatchOptions extends RunOptions {
  /**
   * Learn which command failed: a marker printed after each command (one display-message
   * each) tells how far tmux got. A failure then throws TmuxBatchError naming the command,
   * with what the commands before it printed.
   */
  readonly locateFailure?: boolean;
}

// How listMany and listManyThen may run.
export interface ListOptions extends RunOptions {
  /** Commands run first in the same process; they must print nothing (e.g. set-option). */
  readonly before?: readonly TmuxCommand[];
  /**
   * Run tmux without blocking the event loop (batchConcurrently): the caller handles input
   * meanwhile. Commands too long for one call run in several at once, in no set order.
   */
  readonly concurrently?: boolean;
  /**
   * Work for this process while tmux answers (it runs once, before the records come back):
   * the listing then runs without blocking, when it fits in one tmux call (else first).
   */
  readonly meanwhile?: () => void;
}

const MAX_OUTPUT = 256 * 1024 * 1024;

export class TmuxClient {
  readonly server: TmuxServer;
  readonly binary: string;
  private readonly onRun: ((argv: readonly string[]) => void) | undefined;

  constructor(options: TmuxClientOptions = {}) {
    this.server = options.server ?? {};
    this.binary = options.binary ?? process.env['CLAUDE_SESSIONS_TMUX'] ?? 'tmux';
    this.onRun = options.onRun;
  }

  // -L/-S flags for this client's server.
  serverFlags(): string[] {
    const config = this.server.configFile === undefined ? [] : ['-f', this.server.configFile];
    if (this.server.socketPath) return ['-S', this.server.socketPath, ...config];
    if (this.server.socketName) return ['-L', this.server.socketName, ...config];
    return config;
  }

  // A human label for the server, for messages.
  serverLabel(): string {
    if (this.server.socketPath) return `socket ${this.server.socketPath}`;
    if (this.server.socketName) return `socket name ${this.server.socketName}`;
    return process.env['TMUX'] ? `the server of $TMUX (${process.env['TMUX'].split(',')[0]})` : 'the default server';
  }

  // Run one tmux command; resolves with its stdout.
  run(command: TmuxCommand): Promise<string> {
    return this.batch([command]);
  }

  // Run several commands in order, in one tmux process (or a few consecutive ones when their
  // arguments exceed what one invocation carries); tmux stops at the first failure.
  async batch(commands: readonly TmuxCommand[], options: BatchOptions = {}): Promise<string> {
    const flags = options.startServer === false ? ['-N'] : [];
    if (options.locateFailure) return this.locatedBatch(commands, flags);
    let output = '';
    for (const batch of splitBatches(commands)) output += await this.exec([...flags, ...batchArgv(batch)], batch[0] ?? []);
    return output;
  }

  // Commands that do not depend on each other (captures, reads), in as many tmux processes
  // as their arguments need, all started at once: it returns before they finish, so the
  // caller works meanwhile, and the processes overlap. Their outputs come back in order;
  // one that fails rejects the whole (the others still run: unlike batch, none stops the rest).
  batchConcurrently(commands: readonly TmuxCommand[], options: RunOptions = {}): Promise<string> {
    const flags = options.startServer === false ? ['-N'] : [];
    return Promise.all(splitBatches(commands).map((batch) => this.spawnConcurrently([...this.serverFlags(), ...flags, ...batchArgv(batch)], batch[0] ?? []))).then((outputs) => outputs.join(''));
  }

  // A batch with a marker after each command; the last marker printed names the last command that ran.
  private async locatedBatch(commands: readonly TmuxCommand[], flags: readonly string[]): Promise<string> {
    // Short, as every command gets one: they count against the 16 KiB of each call.
    const tag = `~${randomTag().slice(0, 8)}`;
    const marker = new RegExp(`^${tag} (\\d+)\n`, 'gm');
    const marked = commands.flatMap((command, index) => withMarker(command, `${tag} ${index}`));
    let output = '';
    for (const batch of splitBatches(marked)) {
      const result = this.spawn([...this.serverFlags(), ...flags, ...batchArgv(batch)]);
      output += result.stdout;
      if (result.status === 0) continue;
      const ran = [...output.matchAll(marker)].map((match) => Number(match[1]));
      const failedIndex = ran.length === 0 ? 0 : Math.max(...ran) + 1;
      const failedCommand = commands[failedIndex] ?? batch[0] ?? [];
      const cause = tmuxErrorFrom(result.stderr, failedCommand, this.serverLabel());
      const where = `command ${failedIndex + 1} of ${commands.length}: tmux ${describeCommand(failedCommand)}`;
      throw new TmuxBatchError(new TmuxError(cause.kind, `${cause.message} (${where})`, cause.stderr), failedIndex, failedCommand, output.replace(marker, ''));
    }
    return output.replace(marker, '');
  }

  // Run one list command and return one record per listed item.
  async list<F extends FieldFormats>(query: ListQuery<F>): Promise<RecordOf<F>[]> {
    const [records] = await this.listMany([query]);
    return (records ?? []) as RecordOf<F>[];
  }

  // Run several list commands in one tmux process (after options.before, whose commands
  // must print nothing, e.g. set-option).
  async listMany(queries: readonly ListQuery<FieldFormats>[], options: ListOptions = {}): Promise<RecordOf<FieldFormats>[][]> {
    return (await this.listManyThen(queries, [], options)).records;
  }

  // listMany, then `after` in the same tmux process, whose output (e.g. show-environment,
  // which has no -F) comes back as it was printed.
  async listManyThen(
    queries: readonly ListQuery<FieldFormats>[],
    after: readonly TmuxCommand[],
    options: ListOptions = {},
  ): Promise<{ records: RecordOf<FieldFormats>[][]; after: string }> {
    const specs: RecordFormat<FieldFormats>[] = queries.map((query) => recordFormat(query.fields));
    const commands = queries.map((query, index) => {
      const format = (specs[index] as RecordFormat<FieldFormats>).format;
      return query.formatLast ? [...query.command, format] : [...query.command, '-F', format];
    });
    // A line of its own between the records and what `after` prints.
    const marker = after.length > 0 ? `~${randomTag()}` : '';
    const all = [...(options.before ?? []), ...commands, ...(marker ? [['display-message', '-p', marker]] : []), ...after];
    const output = await this.listing(all, options);
    const at = marker ? output.lastIndexOf(`${marker}\n`) : -1;
    if (at < 0) return { records: parseRecordGroups(output, specs), after: '' };
    return { records: parseRecordGroups(output.slice(0, at), specs), after: output.slice(at + marker.length + 1) };
  }

  // The commands of a listing, run as options ask, options.meanwhile run while tmux works.
  private async listing(commands: readonly TmuxCommand[], options: ListOptions): Promise<string> {
    if (options.meanwhile === undefined) return options.concurrently ? this.batchConcurrently(commands, options) : this.batch(commands, options);
    if (splitBatches(commands).length > 1) {
      const output = await this.listing(commands, { ...options, meanwhile: undefined });
      options.meanwhile();
      return output;
    }
    const output = this.batchConcurrently(commands, options);
    // Settled below; a throw from meanwhile must not leave it unhandled.
    output.catch(() => undefined);
    options.meanwhile();
    return output;
  }

  // The version of the tmux binary (works with no server running).
  async clientVersion(): Promise<TmuxVersion> {
    return parseTmuxVersion(await this.exec(['-V'], ['-V'], false));
  }

  // The version of the running server, which can differ from the binary after an upgrade.
  async serverVersion(): Promise<TmuxVersion> {
    return parseTmuxVersion(await this.run(['display-message', '-p', '#{version}']));
  }

  // Attach this terminal to a session (interactive: tmux gets our stdin and stdout, and
  // TMUX is cleared so it also works from inside another tmux). Resolves when detached.
  attach(target: string): Promise<void> {
    const env = { ...process.env };
    delete env['TMUX'];
    const argv = [...this.serverFlags(), 'attach-session', '-t', target];
    this.onRun?.(argv);
    const result = spawnSync(this.binary, argv, { stdio: 'inherit', env });
    if (result.error) return Promise.reject(tmuxMissingError(this.binary));
    if (result.status !== 0) return Promise.reject(new TmuxError('failed', `tmux attach-session -t ${target} failed`));
    return Promise.resolve();
  }

  // True when a server answers on this client's socket.
  async isRunning(): Promise<boolean> {
    try {
      await this.run(['display-message', '-p', '']);
      return true;
    } catch (error) {
      if (error instanceof TmuxError && error.kind === 'no-server') return false;
      throw error;
    }
  }

  // Synchronous on purpose: a tmux command answers in milliseconds, and spawnSync costs
  // ~3 ms less per call than execFile's pipes and callbacks (measured in bench/).
  private async exec(args: readonly string[], command: TmuxCommand, withServer = true): Promise<string> {
    const result = this.spawn(withServer ? [...this.serverFlags(), ...args] : [...args]);
    if (result.status === 0) return result.stdout;
    throw tmuxErrorFrom(result.stderr, command, this.serverLabel());
  }

  // Run tmux with this argv; status 0 or the reason it failed (never a missing reason).
  // -u: to a client whose locale is not UTF-8 (env -i, cron, ssh) tmux prints every byte it
  // finds unprintable as `_`, our \x1f separators and non-ASCII names included.
  private spawn(args: readonly string[]): { status: number; stdout: string; stderr: string } {
    const argv = ['-u', ...args];
    this.onRun?.(argv);
    const result = spawnSync(this.binary, argv, { encoding: 'utf8', maxBuffer: MAX_OUTPUT, stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.error) {
      if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') throw tmuxMissingError(this.binary);
      throw new TmuxError('failed', `cannot run ${this.binary}: ${result.error.message}`);
    }
    if (result.status === 0) return { status: 0, stdout: result.stdout, stderr: result.stderr };
    const reason = result.stderr || (result.signal ? `killed by ${result.signal}` : `exit status ${result.status}`);
    return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: reason };
  }

  // spawn()'s asynchronous twin: the process starts now and the promise settles when it exits.
  private spawnConcurrently(args: readonly string[], command: TmuxCommand): Promise<string> {
    const argv = ['-u', ...args];
    this.onRun?.(argv);
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let bytes = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_OUTPUT) child.kill();
        else stdout.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'ENOENT' ? tmuxMissingError(this.binary) : new TmuxError('failed', `cannot run ${this.binary}: ${error.message}`));
      });
      child.on('close', (status, signal) => {
        if (status === 0 && bytes <= MAX_OUTPUT) return resolve(Buffer.concat(stdout).toString('utf8'));
        const text = Buffer.concat(stderr).toString('utf8');
        const reason = bytes > MAX_OUTPUT ? `output over ${MAX_OUTPUT} bytes` : text || (signal ? `killed by ${signal}` : `exit status ${status}`);
        reject(tmuxErrorFrom(reason, command, this.serverLabel()));
      });
    });
  }
}

// The server PID in $TMUX ("SOCKET,PID,SESSION"; the socket's path may hold commas): the
// server this process runs under, which need not be the one a client talks to (-S, -L), so
// anything taken from it is checked against that server's #{pid}.
export function serverPidOfEnv(tmux: string | undefined = process.env['TMUX']): number | undefined {
  const pid = Number(tmux?.split(',').at(-2));
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

// A command as a user could type it, each argument cut short at 60 characters.
function describeCommand(command: TmuxCommand): string {
  return command.map((word) => shellWord(word.length > 60 ? `${word.slice(0, 60)}…` : word)).join(' ');
}

// A random tag for markers that no command's output holds by accident.
function randomTag(): string {
  return Math.floor(Math.random() * 0xffffffffffff).toString(16).padStart(12, '0');
}

// Commands that make a pane print its marker themselves once it is made (-P -F), saving a
// command per pane in a located batch; others are followed by a display-message.
const PRINTS_ITS_OWN_MARKER = new Set(['split-window', 'splitw', 'new-window', 'neww']);

// A command of a located batch with what prints `marker` once it has run.
function withMarker(command: TmuxCommand, marker: string): TmuxCommand[] {
  const [name = '', ...args] = command;
  if (PRINTS_ITS_OWN_MARKER.has(name) && !args.includes('-P') && !args.includes('-F')) return [[name, '-P', '-F', marker, ...args]];
  return [command, ['display', '-p', marker]];
}
