// The reference for first_frame_ms: the smallest ink program (one <Text>), rendered the way the
// cockpit renders, and kept alive until its window is killed.
import { render, Text } from 'ink';

render(<Text>hello from ink</Text>, { patchConsole: false, exitOnCtrlC: false });
setInterval(() => {}, 60_000);
