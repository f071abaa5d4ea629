// Waiting for new panes to settle before a save: a pane starts as `bash -c sh`, tmux
// renames its window only after the shell has replaced itself, and a new pane's folder can
// read as empty for a moment (tmux reads it from the pane's process). A save taken before
// then differs from the next one (the next save is then not `unchanged`).
import { join } from 'node:path';
import { startTestServer, type TestServer } from './tmux-server.ts';
import { waitFor } from './wait.ts';

// Wait until no pane runs the starting bash, every pane's folder is known and every
// automatically named window has its name.
export async function settled(server: TestServer): Promise<void> {
  const read = () =>
    server.tmux('list-panes', '-a', '-F', '#{pane_current_command}|#{automatic-rename}|#{==:#{window_name},#{pane_current_command}}|#{pane_active}|#{pane_current_path}');
  const done = (text: string) =>
    text
      .trim()
      .split('\n')
      .every((line) => {
        const [command, automatic, named, active, path] = line.split('|');
        return command !== 'bash' && path !== '' && (automatic !== '1' || active !== '1' || named === '1');
      });
  await waitFor(read, done);
}

// A private server with one session `main` running sh and nothing else (the placeholder
// goes: its login shell's start-up children would make two saves differ), settled, and
// registered for stopping after the test. Saves go to SERVER_DIR/saves.
export async function startSaveServer(stops: (() => void)[]): Promise<{ server: TestServer; dir: string }> {
  const server = startTestServer();
  stops.push(() => server.stop());
  server.newSession('main');
  server.tmux('kill-session', '-t', '=placeholder:');
  await settled(server);
  return { server, dir: join(server.dir, 'saves') };
}
