// Compiles every Vega-Lite spec of satflow HTML pages with vega-lite and renders it headless with
// vega (no browser): each chart must draw marks, and neither library may log a warning or an error.
// Usage: node render_specs.mjs [--texts] PAGE.html... ; prints one line per chart and "N passed, M failed";
// with --texts, each chart's line is followed by "  texts: " and every text the chart draws (axis labels,
// titles, legends), separated by "|".
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

/// A vega logger that keeps every warning and error instead of printing it.
function recordingLogger(problems, where) {
  let level = vega.Warn;
  return {
    level(l) { if (l === undefined) return level; level = l; return this; },
    error(...args) { problems.push(`${where}: error: ${args.join(' ')}`); return this; },
    warn(...args) { problems.push(`${where}: warning: ${args.join(' ')}`); return this; },
    info() { return this; },
    debug() { return this; },
  };
}

/// Items drawn by the scenegraph's marks (not groups), recursively.
function countMarks(node) {
  if (!node) return 0;
  let n = 0;
  if (node.marktype && node.marktype !== 'group' && node.items) n += node.items.length;
  for (const item of node.items || []) {
    if (item.items) for (const child of item.items) n += countMarks(child);
  }
  return n;
}

let passed = 0, failed = 0;
const texts = process.argv.includes('--texts');
for (const page of process.argv.slice(2).filter((a) => a !== '--texts')) {
  const html = readFileSync(page, 'utf8');
  const m = html.match(/<script type="application\/json" id="satflow-specs">(.*?)<\/script>/s);
  if (!m) { console.log(`FAIL ${page}: no satflow-specs block`); ++failed; continue; }
  const specs = JSON.parse(m[1]);
  const expected = Number((html.match(/data-charts-expected="(\d+)"/) || [])[1]);
  if (expected !== specs.length) { console.log(`FAIL ${page}: ${specs.length} specs, page expects ${expected}`); ++failed; }
  for (const [i, spec] of specs.entries()) {
    const where = `${page} chart ${i} (${spec.title})`;
    const problems = [];
    try {
      const compiled = vegaLite.compile(spec, { logger: recordingLogger(problems, 'vega-lite') }).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: recordingLogger(problems, 'vega') });
      await view.runAsync();
      const svg = await view.toSVG();
      const marks = countMarks(view.scenegraph().root);
      view.finalize();
      if (marks === 0) problems.push('no marks drawn');
      if (!svg.startsWith('<svg')) problems.push('toSVG gave no SVG');
      if (problems.length === 0) {
        console.log(`ok   ${where}: ${marks} marks, ${svg.length} bytes of SVG`);
        if (texts) console.log(`  texts: ${[...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]).join('|')}`);
        ++passed;
        continue;
      }
    } catch (e) {
      problems.push(`threw ${e && e.stack ? e.stack : e}`);
    }
    console.log(`FAIL ${where}\n  ${problems.join('\n  ')}`);
    ++failed;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
