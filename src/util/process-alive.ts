// Whether a process still exists, for lock and temporary-file owners recorded by PID.

// True when a process with this PID exists (EPERM: it does, owned by someone else).
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid < 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
