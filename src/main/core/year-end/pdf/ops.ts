import { INK, Pen, type DrawOp, type FontName } from '../../export/pdf/doc';
import { ASCENDER, FONT_RESOURCE, hex, winAnsi } from '../../export/pdf/fonts';

// The content operators of what a Pen drew, from its trace, without the page set-up and without
// compressing: a recipient copy's own text goes straight into the stream that also draws the
// template, compressed once. The operators are the Pen's own (test/unit/year-end-pdf.test.ts
// compares them with what Pen.take() writes).

const n = (v: number) => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
};
const rgb = (color: string) => [1, 3, 5].map((i) => n(parseInt(color.slice(i, i + 2), 16) / 255)).join(' ');

export interface RawContent {
  body: string;
  fonts: FontName[];
}

export function drawRaw(draw: (pen: Pen) => void): RawContent {
  const ops: DrawOp[] = [];
  draw(new Pen((op) => ops.push(op)));
  const out: string[] = [];
  const fonts = new Set<FontName>();
  let color: string = INK;
  for (const op of ops) {
    if (op.op === 'text') {
      if (op.color !== color) {
        out.push(`${rgb(op.color)} rg`);
        color = op.color;
      }
      fonts.add(op.font);
      out.push(`BT /${FONT_RESOURCE[op.font]} ${n(op.size)} Tf 1 0 0 -1 ${n(op.x)} ${n(op.y + ASCENDER * op.size)} Tm <${hex(winAnsi(op.text))}> Tj ET`);
    } else if (op.op === 'box') {
      out.push(`q ${rgb(op.color)} rg ${n(op.x)} ${n(op.y)} ${n(op.w)} ${n(op.h)} re f Q`);
    } else if (op.op === 'rule') {
      out.push(`q ${n(op.width)} w ${rgb(op.color)} RG ${n(op.x1)} ${n(op.y)} m ${n(op.x2)} ${n(op.y)} l S Q`);
    } else {
      throw new Error('a recipient copy\'s own content is one page');
    }
  }
  return { body: `${out.join('\n')}\n`, fonts: [...fonts].sort() };
}
