// How the main screen divides the terminal. Root height is rows − 1: at full height ink 6.8
// clears the screen and the scrollback on every frame.
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

export interface MainLayout {
  width: number;
  height: number;
  headerHeight: number;
  /** Steps list + detail. */
  topHeight: number;
  listWidth: number;
  detailWidth: number;
  /** Output pane or dialog below. */
  bottomHeight: number;
  flashHeight: number;
  footerHeight: number;
}

export function tooSmall(columns: number, rows: number): boolean {
  return columns < MIN_COLUMNS || rows < MIN_ROWS;
}

export function mainLayout(
  columns: number,
  rows: number,
  headerHeight: number,
  flash: boolean,
  dialogHeight: number | null,
): MainLayout {
  const height = rows - 1;
  const flashHeight = flash ? 1 : 0;
  const footerHeight = 1;
  const body = Math.max(4, height - headerHeight - flashHeight - footerHeight);
  let topHeight = Math.max(3, Math.ceil(body * 0.55));
  if (dialogHeight !== null) topHeight = Math.max(3, Math.min(topHeight, body - dialogHeight));
  const bottomHeight = body - topHeight;
  const listWidth = Math.max(24, Math.min(56, Math.floor(columns * 0.36)));
  return {
    width: columns,
    height,
    headerHeight,
    topHeight,
    listWidth,
    detailWidth: columns - listWidth - 1,
    bottomHeight,
    flashHeight,
    footerHeight,
  };
}
