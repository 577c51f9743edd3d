// The charts' tooltips and legends, as ECharts dashboards have them: a
// tooltip follows the pointer over a mark, a legend item hides and shows
// its series (click, Enter or Space). The charts are complete SVG without
// this script; it only adds the interaction.
(function () {
  var tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.setAttribute('role', 'tooltip');
  document.body.appendChild(tip);
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    svg.querySelectorAll('g.tip').forEach(function (g) {
      var t = g.querySelector('title');
      g.addEventListener('mousemove', function (e) {
        tip.textContent = g.getAttribute('data-tip');
        tip.style.display = 'block';
        tip.style.left = (e.pageX + 12) + 'px';
        tip.style.top = (e.pageY + 12) + 'px';
        if (t) { g.dataset.title = t.textContent; t.textContent = ''; }
      });
      g.addEventListener('mouseleave', function () {
        tip.style.display = 'none';
        if (t && g.dataset.title) t.textContent = g.dataset.title;
      });
    });
    svg.querySelectorAll('g.legend').forEach(function (item) {
      function toggle() {
        var n = item.getAttribute('data-series');
        var off = item.classList.toggle('off');
        svg.querySelectorAll('g.series[data-series="' + n + '"]').forEach(function (s) {
          s.style.display = off ? 'none' : '';
        });
      }
      item.addEventListener('click', toggle);
      item.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); }
      });
    });
  });
})();
