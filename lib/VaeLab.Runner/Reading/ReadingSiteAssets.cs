namespace VaeLab.Runner;

/// <summary>The reading site's stylesheet and the script every page loads.</summary>
internal static class ReadingSiteAssets
{
    internal const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 980px; margin: 0 auto; padding: 0 1.2em 4em; line-height: 1.55; color: #1d1d1f; }
        nav { position: sticky; top: 0; background: #fff; padding: .6em 0; border-bottom: 1px solid #ddd; font-size: .92em; z-index: 10; }
        nav .mode { float: right; color: #666; }
        pre { background: #f6f8fa; padding: .7em 1em; overflow-x: auto; font-size: .86em; line-height: 1.4; border-radius: 4px; }
        pre.output { background: #fff; border-left: 3px solid #9ab; }
        pre.error { border-left-color: #c33; color: #900; }
        details.code summary { cursor: pointer; color: #567; font-size: .85em; }
        .figure img { max-width: 100%; image-rendering: pixelated; }
        .chart { margin: .6em 0; min-height: 200px; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .25em .6em; text-align: left; }
        .math.display, div.math { overflow-x: auto; }
        """;

    // Typesets every .math element with KaTeX, then records what a reader would see: how many charts were drawn
    // and how many formulas typeset. `vaelab-notebooks verify-reading` reads the record from the page's DOM.
    internal const string Script = """
        (function () {
          document.querySelectorAll('.math').forEach(function (el) {
            var tex = el.textContent.trim();
            var display = el.tagName === 'DIV';
            tex = tex.replace(/^\\\(/, '').replace(/\\\)$/, '').replace(/^\\\[/, '').replace(/\\\]$/, '');
            try { katex.render(tex, el, { displayMode: display, throwOnError: false }); }
            catch (e) { el.classList.add('katex-error'); }
          });
          function record() {
            var charts = document.querySelectorAll('.chart');
            var blank = [];
            charts.forEach(function (c, i) {
              var svg = c.querySelector('svg.main-svg');
              var marks = c.querySelectorAll('g.trace path, g.trace .point, g.hm image, g.heatmaplayer image, g.imagelayer image');
              var drawn = 0;
              marks.forEach(function (m) { var d = m.getAttribute('d'); if (m.tagName !== 'path' || (d && d.length > 4 && d.indexOf('M') >= 0)) drawn++; });
              if (!svg || drawn === 0) blank.push(i + 1);
            });
            var math = document.querySelectorAll('.math').length;
            var typeset = document.querySelectorAll('.math .katex').length;
            var errors = document.querySelectorAll('.katex-error').length;
            // TeX the math extension did not pick up shows as text with its $ delimiters: count those.
            var raw = 0;
            document.querySelectorAll('.prose').forEach(function (p) {
              var copy = p.cloneNode(true);
              copy.querySelectorAll('.math, code, pre').forEach(function (x) { x.remove(); });
              raw += (copy.textContent.match(/\$/g) || []).length;
            });
            document.body.setAttribute('data-reading-check', JSON.stringify({ charts: charts.length, blank: blank, math: math, typeset: typeset, errors: errors, raw: raw }));
          }
          window.addEventListener('load', function () { setTimeout(record, 1500); });
        })();
        """;
}
