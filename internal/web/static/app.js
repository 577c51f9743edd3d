// Upload by drag and drop, with per-file results; facts that show their
// numbers when clicked. No framework, no build step.
(function () {
  var csrf = document.querySelector('meta[name=csrf]');
  var drop = document.getElementById('drop');
  if (drop) {
    var input = document.getElementById('files');
    var list = document.getElementById('results');
    function send(files) {
      var fd = new FormData();
      for (var i = 0; i < files.length; i++) fd.append('file', files[i]);
      list.innerHTML = '<li>上传中…</li>';
      fetch('/api/v1/reports', {method: 'POST', body: fd, headers: csrf ? {'X-CSRF-Token': csrf.content} : {}})
        .then(function (r) { return r.json(); })
        .then(function (j) {
          list.innerHTML = '';
          if (j.error) { list.innerHTML = '<li class="err">' + j.error.message.replace(/[<>&]/g, "") + '</li>'; return; }
          j.files.forEach(function (f) {
            var li = document.createElement('li');
            if (f.error) { li.className = 'err'; li.textContent = f.file + '：' + f.error; }
            else {
              li.className = 'ok';
              var a = document.createElement('a'); a.href = '/reports/' + f.report_id; a.textContent = f.file + '：' + ({new: '新报告', unchanged: '已存在', copy: '同一报告的另一副本', page: '分页已合并'}[f.outcome] || f.outcome);
              li.appendChild(a);
            }
            list.appendChild(li);
          });
        });
    }
    drop.addEventListener('dragover', function (e) { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
    drop.addEventListener('drop', function (e) { e.preventDefault(); drop.classList.remove('over'); send(e.dataTransfer.files); });
    input.addEventListener('change', function () { send(input.files); });
  }
  var box = document.getElementById('factbox');
  document.querySelectorAll('mark.fact').forEach(function (m) {
    m.addEventListener('click', function () {
      document.querySelectorAll('mark.fact.active').forEach(function (x) { x.classList.remove('active'); });
      m.classList.add('active');
      if (box) box.textContent = m.dataset.detail;
    });
  });
  var jump = location.hash.match(/^#fact-(\d+)$/);
  if (jump) { var m = document.getElementById('fact-' + jump[1]); if (m) { m.click(); m.scrollIntoView(); } }
})();
