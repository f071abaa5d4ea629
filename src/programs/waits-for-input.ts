// Whether a pane's terminal is read by a shell at its prompt, seen from the kernel (Linux):
// for a prompt that leaves the cursor where it started (an empty PS1, one that clears the
// screen), where the cursor cannot tell.
import { procStatFields, readProcFile } from './pane-commands.ts';
import { isShellCommand } from './shells.ts';

// Where a process sleeps while it waits for its terminal: read (n_tty_read, wait_woken), or
// select/poll/epoll as line editors do ("poll_schedule_timeout.constprop.0" too). A shell
// waiting for a child (do_wait) is not among them.
const INPUT_WAITS = /^(wait_woken|n_tty_read|poll_schedule_timeout|do_select|core_sys_select|do_sys_poll|ep_poll)\b/;

// True when pane process panePid, still a shell, holds its terminal's foreground,
// sleeps waiting for input and runs nothing (no child); false when it does not; undefined
// when the kernel cannot say (not Linux, no /proc, the process gone).
export function paneShellWaitsForInput(panePid: number): boolean | undefined {
  if (process.platform !== 'linux' || !Number.isInteger(panePid) || panePid <= 0) return undefined;
  try {
    const [state, , , , , tpgid] = procStatFields(panePid);
    // The pane's own process leads the terminal's foreground group: not a program its rc
    // file runs (a `cat` there reads the terminal too), which would lead a group of its own.
    if (Number(tpgid) !== panePid || state !== 'S') return false;
    // Still the shell: a start script that exec'd a program (`exec cat`) is no prompt.
    if (!isShellCommand(readProcFile(`/proc/${panePid}/comm`).trim())) return false;
    // Nothing running under it (without job control, the rc's programs share its group).
    if (readProcFile(`/proc/${panePid}/task/${panePid}/children`).trim() !== '') return false;
    return INPUT_WAITS.test(readProcFile(`/proc/${panePid}/wchan`).trim());
  } catch {
    return undefined;
  }
}
