namespace VaeLab.Runner;

/// <summary>The reading site's stylesheet and the script every page loads.</summary>
internal static class ReadingSiteAssets
{
    internal const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 980px; margin: 0 auto; padding: 0 1.2em 4em; line-height: 1.55; color: #1d1d1f; }
        nav { position: sticky; top: 0; background: #fff; padding: .6em 0; border-bottom: 1px solid #ddd; font-size: .92em; z-index: 10; }
        nav .mode { float: right; color: #666; }
        pre { background: #f6f8fa; padding: .7em 1em; overflow-x: auto; font-size: .86em; line-height: 1.4; border-radius: 4px; }
        pre.output { background: #fff; border-left: 3px solid #9ab; white-space: pre-wrap; overflow-wrap: anywhere; }
        details.code pre { white-space: pre-wrap; overflow-wrap: anywhere; }
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
            // Printed output and code wrap as in Jupyter: a block wider than its box would be cut in a screenshot.
            var cut = 0;
            document.querySelectorAll('pre').forEach(function (p) { if (p.scrollWidth > p.clientWidth + 1) cut++; });
            // Chinese text without a CJK font is drawn as boxes (or nothing): every CJK character then looks like a
            // private-use character no font has. Compare their pixels on a canvas, in the page's own font. Count the
            // characters with textContent, not innerText: with no font at all nothing is laid out and innerText is empty.
            var cjk = (document.body.textContent.match(/[\u4e00-\u9fff]/g) || []).length;
            var tofu = false;
            if (cjk > 0) {
              var font = '32px ' + getComputedStyle(document.body).fontFamily;
              function pixels(ch) {
                var c = document.createElement('canvas'); c.width = 48; c.height = 48;
                var g = c.getContext('2d'); g.font = font; g.fillStyle = '#000'; g.fillText(ch, 4, 38);
                return Array.prototype.join.call(g.getImageData(0, 0, 48, 48).data);
              }
              var missing = pixels('\ue000');
              tofu = ['中', '文', '变', '分'].every(function (ch) { return pixels(ch) === missing; });
            }
            document.body.setAttribute('data-reading-check', JSON.stringify({ charts: charts.length, blank: blank, math: math, typeset: typeset, errors: errors, raw: raw, cut: cut, cjk: cjk, tofu: tofu }));
          }
          window.addEventListener('load', function () { setTimeout(record, 1500); });
        })();
        """;
}
