import zlib from 'node:zlib';

/**
 * Just enough PDF reading for the report test, on Chromium's own PDFs: the number of pages, and the text of
 * each page's content stream decoded through the fonts' ToUnicode maps (Chromium writes glyph ids, not
 * characters). Not a general PDF parser.
 */
export interface PdfDocument {
  pages: number;
  /** All text shown, in content order, one string per text-showing operator joined by newlines. */
  text: string;
  /** Page size in points from the first MediaBox. */
  mediaBox: number[];
}

function streams(pdf: Buffer): { dict: string; data: Buffer }[] {
  const out: { dict: string; data: Buffer }[] = [];
  const latin = pdf.toString('latin1');
  const re = /<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g;
  for (let m = re.exec(latin); m; m = re.exec(latin)) {
    const start = m.index + m[0].length;
    const length = Number(/\/Length (\d+)/.exec(m[1]!)?.[1] ?? -1);
    const end = length >= 0 ? start + length : latin.indexOf('endstream', start);
    const raw = pdf.subarray(start, end);
    let data = raw;
    if (/FlateDecode/.test(m[1]!)) {
      try {
        data = zlib.inflateSync(raw);
      } catch {
        continue;
      }
    }
    out.push({ dict: m[1]!, data });
  }
  return out;
}

function unicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string) => parseInt(h, 16);
  const chars = (h: string) => String.fromCharCode(...(h.match(/.{4}/g) ?? []).map(hex));
  for (const block of cmap.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? []) {
    for (const [, src, dst] of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(hex(src!), chars(dst!));
  }
  for (const block of cmap.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
    for (const [, lo, hi, dst] of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      for (let c = hex(lo!), k = 0; c <= hex(hi!); c++, k++) map.set(c, String.fromCharCode(hex(dst!) + k));
    }
  }
  return map;
}

export function readPdf(pdf: Buffer): PdfDocument {
  const latin = pdf.toString('latin1');
  const all = streams(pdf);
  const maps = all.filter((s) => s.data.includes('begincmap')).map((s) => unicodeMap(s.data.toString('latin1')));
  const lines: string[] = [];
  for (const s of all) {
    const content = s.data.toString('latin1');
    if (!/\bT[Jj]\b/.test(content) || content.includes('begincmap')) continue;
    for (const [, shown] of content.matchAll(/(\[[^\]]*\]|<[0-9a-fA-F]*>)\s*T[Jj]/g)) {
      const codes = [...shown!.matchAll(/<([0-9a-fA-F]+)>/g)].flatMap(([, h]) => (h!.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
      // The font's map is the one that knows every glyph of the string (fonts rarely share all glyph ids).
      const map = maps.find((m) => codes.every((c) => m.has(c))) ?? maps[0];
      lines.push(codes.map((c) => map?.get(c) ?? '?').join(''));
    }
  }
  const pages = (latin.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  const mediaBox = (/\/MediaBox\s*\[([^\]]+)\]/.exec(latin)?.[1] ?? '').trim().split(/\s+/).map(Number);
  return { pages, text: lines.join('\n'), mediaBox };
}
