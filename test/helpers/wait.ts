// Polling for what tmux shows after something runs in the background (a shell typing,
// a hook firing): bounded, never a timing assertion.

// Read until done() accepts the value or the tries run out; returns the last value read.
export async function waitFor<T>(read: () => T, done: (value: T) => boolean, tries = 100, intervalMs = 100): Promise<T> {
  let value = read();
  for (let i = 0; i < tries && !done(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = read();
  }
  return value;
}
