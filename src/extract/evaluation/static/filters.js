/* Filters of the evaluation report and the review page (extract.evaluation.html, .review).
   - Each checkbox of #filters hides what its value names: unchecked "l-DATE" puts the class
     hide-l-DATE on <body>, and the page's CSS hides .hl/.tag/tr.l-DATE under it.
   - Each <select name="N"> of #filters keeps only the elements whose data-N attribute (space-
     separated tokens) holds the chosen value; the others get the class picked-out.
   - A link <a data-pick="person=p-1a2b3c4d"> sets that select and scrolls to #documents.
   - The state lives in the URL: #hide=k-TP,l-DATE&person=p-1a2b3c4d (typing such a hash
     applies it). Each details.doc counts its visible badges in its .visible element. */
(function () {
  var body = document.body;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input[type=checkbox]'));
  var picks = Array.prototype.slice.call(document.querySelectorAll('#filters select[name]'));
  function pick(sel) {
    var attr = 'data-' + sel.name;
    document.querySelectorAll('[' + attr + ']').forEach(function (el) {
      var own = el.getAttribute(attr).split(' ');
      el.classList.toggle('picked-out', sel.value !== '' && own.indexOf(sel.value) < 0);
    });
  }
  function apply() {
    var hidden = [], state = [];
    boxes.forEach(function (b) {
      body.classList.toggle('hide-' + b.value, !b.checked);
      if (!b.checked) hidden.push(b.value);
    });
    if (hidden.length) state.push('hide=' + hidden.join(','));
    picks.forEach(function (s) {
      pick(s);
      if (s.value) state.push(s.name + '=' + encodeURIComponent(s.value));
    });
    document.querySelectorAll('details.doc').forEach(function (d) {
      var n = 0;
      d.querySelectorAll('.tag').forEach(function (t) { if (t.offsetParent !== null) n++; });
      var v = d.querySelector('.visible'); if (v) v.textContent = n;
    });
    var shown = document.getElementById('shown-docs');
    if (shown) {
      shown.textContent = document.querySelectorAll('details.doc:not(.picked-out)').length;
    }
    try {
      var url = location.pathname + location.search + (state.length ? '#' + state.join('&') : '');
      history.replaceState(null, '', url);
    } catch (e) { /* file: URLs in some browsers */ }
  }
  function read(hash) {
    var m = /hide=([^&]*)/.exec(hash);
    var hide = m ? decodeURIComponent(m[1]).split(',') : [];
    boxes.forEach(function (b) { b.checked = hide.indexOf(b.value) < 0; });
    picks.forEach(function (s) {
      var p = new RegExp('(?:^#|&)' + s.name + '=([^&]*)').exec(hash);
      s.value = p ? decodeURIComponent(p[1]) : '';
      if (s.selectedIndex < 0) s.value = '';
    });
  }
  read(location.hash);
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  picks.forEach(function (s) { s.addEventListener('change', apply); });
  document.querySelectorAll('a[data-pick]').forEach(function (a) {
    a.addEventListener('click', function (ev) {
      var kv = a.getAttribute('data-pick').split('=');
      picks.forEach(function (s) { if (s.name === kv[0]) s.value = kv[1]; });
      ev.preventDefault();
      apply();
      var docs = document.getElementById('documents'); if (docs) docs.scrollIntoView();
    });
  });
  window.addEventListener('hashchange', function () {
    if (location.hash.indexOf('=') >= 0) { read(location.hash); apply(); }
  });
  apply();
  document.documentElement.setAttribute('data-ready', '1');
})();
