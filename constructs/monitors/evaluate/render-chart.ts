/**
 * Drawing a Vega-Lite spec headless: Vega's own SVG renderer (`view.toSVG()`, no browser, no canvas), and resvg for
 * PNG. vega and vega-lite are ES modules with top-level await, so they are imported dynamically; `new Function`
 * keeps the compiler to CommonJS from turning the import into a require.
 */
const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const vl = (await importModule('vega-lite')) as { compile: (s: unknown) => { spec: unknown } };
  const vega = (await importModule('vega')) as { View: new (r: unknown, o: unknown) => { toSVG: () => Promise<string>; finalize: () => void }; parse: (s: unknown) => unknown };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG at twice the SVG's size (crisp on high-density screens), with the system's fonts. */
export async function renderPng(spec: Record<string, unknown>): Promise<Buffer> {
  const svg = await renderSvg(spec);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: 'white' }).render().asPng();
}
