// `pos orders list | grep -q X`: grep leaves after the first match and the
// next write to stdout fails with EPIPE. The reader going away is not an
// error: from then on what the command writes to stdout is dropped, and the
// command finishes its work as usual (a write already begun commits, the
// database closes) and exits with its own code, with no message.

let gone = false;

/** Installs the guard on process.stdout, once. */
export function quietWhenStdoutCloses(stream: NodeJS.WriteStream = process.stdout): void {
  if ((stream as { posEpipeGuard?: boolean }).posEpipeGuard) return;
  (stream as { posEpipeGuard?: boolean }).posEpipeGuard = true;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    gone = true;
  });
  stream.write = ((...args: unknown[]) => {
    if (gone) {
      // Still call a write callback, so code awaiting a flush goes on.
      const callback = args.find((a) => typeof a === 'function') as ((e?: Error | null) => void) | undefined;
      if (callback) queueMicrotask(() => callback(null));
      return true;
    }
    return write(...args);
  }) as typeof stream.write;
}
