// The terminal's size, followed as it is resized (or a fixed size, for tests).
import { useStdout } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import type { ScreenSize } from './layout.js';

export function useTerminalSize(fixed?: ScreenSize): ScreenSize {
  const { stdout } = useStdout();
  const read = useCallback((): ScreenSize => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 }, [fixed, stdout]);
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [fixed, read, stdout]);
  return size;
}
