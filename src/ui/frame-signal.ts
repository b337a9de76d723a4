// Frames ink has written to the terminal (main.tsx counts them in ink's onRender): how the flow
// knows that a screen is really on the terminal, ink's throttle having drawn it at once or a
// moment later, before it starts work the screen did not need (session.firstFrameShown).

export class FrameSignal {
  #count = 0;
  #listeners = new Set<() => void>();

  /** ink wrote a frame. */
  written(): void {
    this.#count += 1;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener();
  }

  count(): number {
    return this.#count;
  }

  /** Call `listener` once, after the next frame is written; returns a cancel. */
  next(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
