import Papa from 'papaparse';

// Streams the rows of a CSV text to a callback with the row number a spreadsheet shows (blank
// lines count, and are skipped). A file without quotes, the usual case for keyed attendance, is
// split by hand line by line: nothing but the current line is kept, so a million rows stay cheap.
// A file with quotes goes through papaparse, which knows every quoting rule. A callback that
// returns a promise (it had to ask the database) is awaited before the next row; one that returns
// nothing costs no await, so a million rows read from what is already known stay cheap.

export type RowCallback = (cells: string[], row: number, parseError?: string) => void | Promise<void>;

const blank = (line: string) => !/[^\s,]/.test(line);

export async function forEachCsvRow(text: string, onRow: RowCallback): Promise<void> {
  const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!content.includes('"')) {
    let row = 0;
    let start = 0;
    while (start < content.length) {
      let end = content.indexOf('\n', start);
      if (end < 0) end = content.length;
      row += 1;
      const line = content.charCodeAt(end - 1) === 13 ? content.slice(start, end - 1) : content.slice(start, end);
      start = end + 1;
      if (blank(line)) continue;
      const waiting = onRow(line.split(','), row);
      if (waiting) await waiting;
    }
    return;
  }
  // papaparse reports where each row ends; count the newlines before the row's first character.
  let counted = 0;
  let lines = 1;
  let previousEnd = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    Papa.parse<string[]>(content, {
      skipEmptyLines: 'greedy',
      step: ({ data, errors, meta }, parser) => {
        if (failed) return;
        let begin = previousEnd;
        while (begin < content.length && blankLineAt(content, begin)) begin = nextLine(content, begin);
        for (; counted < begin; counted++) if (content.charCodeAt(counted) === 10) lines += 1;
        previousEnd = meta.cursor;
        let waiting: void | Promise<void>;
        try {
          waiting = onRow(data, lines, errors[0]?.message);
        } catch (err) {
          failed = true;
          parser.abort();
          reject(err);
          return;
        }
        if (!waiting) return;
        // The row asked the database: the parser waits for the answer.
        parser.pause();
        waiting.then(
          () => parser.resume(),
          (err: unknown) => {
            failed = true;
            parser.abort();
            reject(err);
          },
        );
      },
      complete: () => {
        if (!failed) resolve();
      },
    });
  });
}

function nextLine(content: string, at: number): number {
  const end = content.indexOf('\n', at);
  return end < 0 ? content.length : end + 1;
}

/** A line of only spaces and commas (papaparse's greedy skipping) starting at `at`. */
function blankLineAt(content: string, at: number): boolean {
  const end = nextLine(content, at);
  return end > at && blank(content.slice(at, end));
}
