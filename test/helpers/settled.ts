// Waiting for new panes to settle before a save: a pane starts as `bash -c sh` and tmux
// renames its window only after the shell has replaced itself.
import type { TestServer } from './tmux-server.ts';
import { waitFor } from './wait.ts';

// Wait until no pane runs the starting bash and every automatically named window has its name.
export async function settled(server: TestServer): Promise<void> {
  const read = () =>
    server.tmux('list-panes', '-a', '-F', '#{pane_current_command}|#{automatic-rename}|#{==:#{window_name},#{pane_current_command}}|#{pane_active}');
  const done = (text: string) =>
    text
      .trim()
      .split('\n')
      .every((line) => {
        const [command, automatic, named, active] = line.split('|');
        return command !== 'bash' && (automatic !== '1' || active !== '1' || named === '1');
      });
  await waitFor(read, done);
}
