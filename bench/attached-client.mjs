// A real tmux client attached to a private inner server, watched from outside: an outer tmux
// server whose one pane runs `tmux attach` to the inner server, and a control-mode client
// (`tmux -C`) of the outer server that sees every byte the inner client draws as %output.
// A bench presses keys in the outer pane (the inner client reads them from its terminal, as a
// user's typing) and times them to a marker drawn on screen. Used by bench/keys.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The environment every bench tmux runs with: never the user's server, no user fzf options.
export const benchEnv = (() => {
  const env = { ...process.env };
  for (const name of ['TMUX', 'TMUX_PANE', 'FZF_DEFAULT_OPTS', 'FZF_DEFAULT_OPTS_FILE', 'FZF_DEFAULT_COMMAND']) delete env[name];
  return env;
})();

const started = []; // { sockets, pids, control } of every harness, for the cleanup
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
export const shQuote = (text) => `'${String(text).replaceAll("'", `'\\''`)}'`;

// At this process's exit (a signal included): cleanupAttachedClients, then the bench's folder removed.
export function cleanUpAtExit(dir) {
  let cleaned = false;
  process.on('exit', () => {
    if (cleaned) return;
    cleaned = true;
    cleanupAttachedClients();
    rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));
}

// Kill every server and control client the harnesses started, waiting (15 s at most per
// server) for a big server to be gone. Safe to call twice.
export function cleanupAttachedClients() {
  for (const harness of started.splice(0)) {
    try {
      harness.control?.kill();
    } catch {}
    // The inner server first, its detach hook gone: a hook started by the client's going
    // (a plugin's delayed save) would outlive the bench and write into its folder.
    const [outer, inner] = harness.sockets;
    spawnSync('tmux', ['-S', inner, 'set-hook', '-gu', 'client-detached', ';', 'kill-server'], { env: benchEnv, stdio: 'ignore' });
    spawnSync('tmux', ['-S', outer, 'kill-server'], { env: benchEnv, stdio: 'ignore' });
    for (const pid of harness.pids) spawnSync('sh', ['-c', `for i in $(seq 150); do kill -0 ${pid} 2>/dev/null || exit 0; sleep 0.1; done`]);
  }
}

// A function running tmux on SOCKET (no config file), throwing tmux's error on failure.
export const tmuxAt = (socket, env = benchEnv) => (...args) => {
  const result = spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`tmux -S ${socket} ${args.slice(0, 6).join(' ')}${args.length > 6 ? ' …' : ''}: ${result.stderr.trim()}`);
  return result.stdout;
};

// tmux commands joined with ';' into one argv, in chunks small enough for one command line.
export function runBatched(tmux, commands, chunk = 100) {
  for (let at = 0; at < commands.length; at += chunk) {
    tmux(...commands.slice(at, at + chunk).flatMap((command, index) => (index === 0 ? command : [';', ...command])));
  }
}

// Text as drawn: %output's octal escapes decoded, then control sequences taken out.
export function decodeOutput(text) {
  return text.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)));
}
export function plain(text) {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
    .replace(/\u001bP[^\u001b]*\u001b\\/g, '')
    .replace(/\u001b[()*+][0-~]/g, '')
    .replace(/\u001b[^[\]P()*+]/g, '')
    .replace(/[\u0000-\u001f]/g, '');
}

// Start the pair of servers. options: dir (a private folder), name (socket stem), env (the
// inner server's environment: it passes it to run-shell and popups), setup (tmux commands
// making the inner server's sessions; the first must be a new-session), session (the one the
// client attaches to), width/height of the client.
export async function startAttachedClient({ dir, name, env = benchEnv, setup, session, width = 160, height = 48 }) {
  const inner = join(dir, `${name}-inner`);
  const outer = join(dir, `${name}-outer`);
  const harness = { sockets: [outer, inner], pids: [], control: undefined };
  started.push(harness);
  const tmux = tmuxAt(inner, env);
  const tmuxOut = tmuxAt(outer);
  tmux(...setup[0]);
  const innerPid = Number(tmux('display-message', '-p', '#{pid}').trim());
  harness.pids.push(innerPid);
  runBatched(tmux, setup.slice(1));

  writeFileSync(join(dir, `${name}-outer.conf`), 'set -g default-terminal tmux-256color\nset -g status off\n');
  const attach = `exec env -u TMUX -u TMUX_PANE tmux -S ${shQuote(inner)} attach -t ${shQuote(`=${session}`)}`;
  const outerStart = spawnSync('tmux', ['-S', outer, '-f', join(dir, `${name}-outer.conf`), 'new-session', '-d', '-s', 'outer', '-x', String(width), '-y', String(height), attach, ';', 'set-option', '-g', 'window-size', 'manual'], { env: benchEnv, encoding: 'utf8' });
  if (outerStart.status !== 0) throw new Error(`the outer tmux server did not start: ${outerStart.stderr.trim()}`);
  harness.pids.push(Number(tmuxOut('display-message', '-p', '#{pid}').trim()));
  const pane = tmuxOut('display-message', '-p', '-t', '=outer:', '#{pane_id}').trim();
  let clientName = '';
  for (let waited = 0; clientName === '' && waited < 10000; waited += 20) {
    clientName = tmux('list-clients', '-F', '#{client_name}').trim();
    if (clientName === '') await sleep(20);
  }
  if (clientName === '') throw new Error('the inner client did not attach');

  const control = spawn('tmux', ['-S', outer, '-C', 'attach', '-t', '=outer'], { env: benchEnv, stdio: ['pipe', 'pipe', 'ignore'] });
  harness.control = control;
  control.stdout.setEncoding('utf8');
  let partial = '';
  let inReply = false;
  let drawn = ''; // bytes drawn since the last mark, escapes decoded
  let lastOutput = performance.now();
  let waiter;
  const check = () => {
    if (!waiter) return;
    const text = plain(drawn);
    if (typeof waiter.marker === 'string' ? text.includes(waiter.marker) : waiter.marker.test(text)) {
      const { resolve, start } = waiter;
      waiter = undefined;
      resolve(performance.now() - start);
    }
  };
  control.stdout.on('data', (chunk) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (inReply) {
        if (/^%(end|error) /.test(line)) inReply = false;
        continue;
      }
      if (line.startsWith('%begin ')) {
        inReply = true;
        continue;
      }
      if (!line.startsWith(`%output ${pane} `)) continue;
      lastOutput = performance.now();
      drawn += decodeOutput(line.slice(`%output ${pane} `.length));
      check();
    }
  });
  const write = (text) => control.stdin.write(`${text}\n`);

  const client = {
    socket: inner,
    pid: innerPid,
    clientName,
    tmux,
    // Keys as send-keys takes them ("C-b W", "-l text"), pressed in the client's terminal.
    send: (keys) => write(`send-keys -t ${pane} ${keys}`),
    // Forget what was drawn so far: markers are looked for in what is drawn from now on.
    mark: () => {
      drawn = '';
    },
    // Milliseconds from now (the keys written to the control client) to MARKER (text or a
    // RegExp) drawn; undefined after timeout ms.
    press(keys, marker, timeout = 10000) {
      drawn = '';
      const shown = new Promise((resolve) => (waiter = { marker, resolve, start: performance.now() }));
      if (keys !== undefined) client.send(keys);
      return Promise.race([shown, sleep(timeout).then(() => undefined)]).then((ms) => {
        if (ms === undefined) waiter = undefined;
        return ms;
      });
    },
    // Wait until MARKER is drawn (from the last mark on), at most timeout ms: true when it was.
    async waitFor(marker, timeout = 10000) {
      const shown = new Promise((resolve) => (waiter = { marker, resolve, start: performance.now() }));
      check();
      const ms = await Promise.race([shown, sleep(timeout).then(() => undefined)]);
      if (ms === undefined) waiter = undefined;
      return ms !== undefined;
    },
    // Wait for ms without output (at most limit ms).
    async quiet(ms = 150, limit = 3000) {
      const from = performance.now();
      while (performance.now() - lastOutput < ms && performance.now() - from < limit) await sleep(20);
    },
    // The client's screen now, as lines (for error messages).
    screen: () => tmuxOut('capture-pane', '-p', '-t', pane).split('\n').filter((line) => line.trim() !== ''),
    // What was drawn since the last mark, as plain text (the last `length` characters).
    drawnTail: (length = 300) => plain(drawn).slice(-length),
    // Whether the inner client is still attached.
    attached: () => spawnSync('tmux', ['-S', inner, 'list-clients', '-F', '#{client_name}'], { env, encoding: 'utf8' }).stdout.includes(clientName),
    // The inner server's child processes whose command line matches pattern.
    children(pattern) {
      let pids;
      try {
        pids = readFileSync(`/proc/${innerPid}/task/${innerPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      } catch {
        pids = spawnSync('pgrep', ['-P', String(innerPid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
      }
      return pids.filter((pid) => {
        try {
          return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
        } catch {
          return false;
        }
      });
    },
  };
  await client.quiet(300);
  return client;
}
