// A tiny terminal: enough of VT100 to replay what ink writes (text, CR/LF, cursor up/down/
// next-line/column, erase line) and scroll at the bottom. Used to check the screen an
// operator would see, not the bytes.
export class VTerm {
  readonly lines: string[][];
  row = 0;
  col = 0;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    this.lines = Array.from({ length: rows }, () => []);
  }

  private newline(): void {
    if (this.row === this.rows - 1) {
      this.lines.shift();
      this.lines.push([]);
    } else this.row++;
  }

  write(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const char = data[i] as string;
      if (char === '\x1b') {
        const match = /^\x1b\[(\??)([0-9;]*)([A-Za-z])/.exec(data.slice(i));
        if (!match) continue;
        i += match[0].length - 1;
        const n = Number(match[2] || '1');
        const line = this.lines[this.row] as string[];
        switch (match[1] ? '' : match[3]) {
          case 'A':
            this.row = Math.max(0, this.row - n);
            break;
          case 'B':
            this.row = Math.min(this.rows - 1, this.row + n);
            break;
          case 'E':
            this.row = Math.min(this.rows - 1, this.row + n);
            this.col = 0;
            break;
          case 'F':
            this.row = Math.max(0, this.row - n);
            this.col = 0;
            break;
          case 'G':
            this.col = n - 1;
            break;
          case 'K':
            if (match[2] === '2') line.length = 0;
            else line.length = Math.min(line.length, this.col);
            break;
        }
        continue;
      }
      if (char === '\r') this.col = 0;
      else if (char === '\n') {
        this.newline();
        this.col = 0;
      } else {
        const line = this.lines[this.row] as string[];
        while (line.length < this.col) line.push(' ');
        line[this.col] = char;
        this.col++;
      }
    }
  }

  screen(): string {
    return this.lines.map((line) => line.join('').trimEnd()).join('\n');
  }
}
