/**
 * The page's own script (plain ES2017, no template literals so it can live in this string): draws one
 * uPlot chart per asset from the JSON in #price-data. Marks are drawn by a draw hook (triangles up for
 * buys, down for sells, coloured by what the fill did); their series carry the prices so the legend shows
 * them under the cursor. Drag to zoom into a period, double-click for the whole run, Ctrl + wheel to zoom
 * around the cursor. When every chart is drawn, <html data-charts="ready"> and a performance mark say so.
 */
export const CHART_SCRIPT = `(function () {
  'use strict';
  var ROLES = {
    entry: { label: 'Entry', color: '#147a3d', size: 11 },
    add: { label: 'Add', color: '#62b174', size: 8 },
    reduce: { label: 'Reduction', color: '#d9822b', size: 8 },
    exit: { label: 'Exit', color: '#2456c8', size: 11 },
    stop: { label: 'Stop-out', color: '#b3261e', size: 11 },
    takeProfit: { label: 'Take-profit', color: '#0e8a8a', size: 11 },
    liquidation: { label: 'Liquidation', color: '#1d2330', size: 11 }
  };
  var ORDER = ['entry', 'add', 'reduce', 'exit', 'stop', 'takeProfit', 'liquidation'];
  var source = document.getElementById('price-data');
  if (!source || typeof uPlot === 'undefined') return;
  var data = JSON.parse(source.textContent);

  function times(a) {
    var t = new Array(a.dt.length + 1);
    t[0] = a.t0;
    for (var i = 0; i < a.dt.length; i++) t[i + 1] = t[i] + a.dt[i];
    return t;
  }
  function nulls(n) {
    var v = new Array(n);
    for (var i = 0; i < n; i++) v[i] = null;
    return v;
  }
  function markValues(n, marks) {
    var v = nulls(n);
    for (var i = 0; i < marks.length; i++) v[marks[i][0]] = marks[i][1];
    return v;
  }
  function levelValues(n, levels) {
    var v = nulls(n);
    for (var i = 0; i < levels.length; i++) for (var k = levels[i][0]; k <= levels[i][1]; k++) v[k] = levels[i][2];
    return v;
  }
  function drawMarks(asset, firstMarkSeries) {
    return function (u) {
      var ctx = u.ctx, box = u.bbox, ratio = window.devicePixelRatio || 1;
      ctx.save();
      ctx.beginPath();
      ctx.rect(box.left, box.top, box.width, box.height);
      ctx.clip();
      ORDER.forEach(function (role, k) {
        if (!u.series[firstMarkSeries + k].show) return;
        var style = ROLES[role], r = style.size * ratio / 2, marks = asset.marks[role];
        ctx.fillStyle = style.color;
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = ratio;
        for (var i = 0; i < marks.length; i++) {
          var x = u.valToPos(u.data[0][marks[i][0]], 'x', true);
          if (x < box.left - r || x > box.left + box.width + r) continue;
          var y = u.valToPos(marks[i][1], 'y', true), up = marks[i][2] > 0;
          ctx.beginPath();
          ctx.moveTo(x, up ? y - r : y + r);
          ctx.lineTo(x - r, up ? y + r : y - r);
          ctx.lineTo(x + r, up ? y + r : y - r);
          ctx.closePath();
          ctx.fill();
          ctx.stroke();
        }
      });
      ctx.restore();
    };
  }
  function ctrlWheelZoom(u) {
    u.over.addEventListener('wheel', function (e) {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      var xs = u.data[0], lo = xs[0], hi = xs[xs.length - 1];
      var min = u.scales.x.min, max = u.scales.x.max, at = u.posToVal(e.offsetX, 'x');
      var range = (max - min) * (e.deltaY < 0 ? 0.75 : 1 / 0.75);
      var from = Math.max(lo, at - (at - min) * range / (max - min));
      u.setScale('x', { min: from, max: Math.min(hi, from + range) });
    }, { passive: false });
  }
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); };
  var charts = [];
  data.assets.forEach(function (asset, index) {
    var el = document.getElementById('price-' + index);
    if (!el) return;
    var t = times(asset), n = t.length;
    var series = [{}, { label: asset.symbol + ' close', stroke: '#5d6678', width: 1 }];
    var values = [t, asset.close];
    series.push({ label: 'Stop', stroke: '#b3261e', dash: [6, 4], width: 1, spanGaps: false });
    values.push(levelValues(n, asset.stops));
    series.push({ label: 'Take-profit level', stroke: '#0e8a8a', dash: [6, 4], width: 1, spanGaps: false });
    values.push(levelValues(n, asset.takeProfits));
    var firstMarkSeries = series.length;
    ORDER.forEach(function (role) {
      var style = ROLES[role];
      series.push({ label: style.label, stroke: style.color, fill: style.color, paths: function () { return null; }, points: { show: false } });
      values.push(markValues(n, asset.marks[role]));
    });
    var opts = {
      width: el.clientWidth || 960,
      height: 380,
      tzDate: utc,
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false } },
      series: series,
      axes: [{}, { size: 70 }],
      hooks: { draw: [drawMarks(asset, firstMarkSeries)], ready: [ctrlWheelZoom] }
    };
    charts.push({ el: el, chart: new uPlot(opts, values, el) });
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.chart.setSize({ width: c.el.clientWidth || 960, height: 380 }); });
  });
  if (window.performance && performance.mark) performance.mark('report-charts-ready');
  document.documentElement.setAttribute('data-charts', 'ready');
})();
`;
