// The terminal's size, updated on every 'resize' of Ink's stdout (the layout follows).

import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize { columns: number; rows: number }

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const on = (): void => setSize(read());
    stdout.on('resize', on);
    return () => { stdout.off('resize', on); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout]);
  return size;
}
