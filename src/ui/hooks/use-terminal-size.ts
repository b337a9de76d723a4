// ink 6.8 has no useWindowSize: read stdout's size and follow its 'resize' events.
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface Size {
  columns: number;
  rows: number;
}

export function useTerminalSize(override?: Size): Size {
  const { stdout } = useStdout();
  const [size, setSize] = useState<Size>(() => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 }));
  useEffect(() => {
    if (override) return;
    // The same size keeps the same state: no render (ink would hold the next frame back).
    const onResize = () => {
      const columns = stdout.columns || 80;
      const rows = stdout.rows || 24;
      setSize((old) => (old.columns === columns && old.rows === rows ? old : { columns, rows }));
    };
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, override]);
  return override ?? size;
}
